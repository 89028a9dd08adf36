package dev.motioncontrol.adapters.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.ResultCopies.StoredVideo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the columns of a task's result copies read what this version did not write itself. */
class ResultsColumnTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final String SHA256 = "ab".repeat(32);

    @Test
    void copiesNotKeptTakeNoColumnAndReadBackAsNone() {
        assertThat(ResultsColumn.state(ResultCopies.NONE)).isNull();
        assertThat(ResultsColumn.rest(ResultCopies.NONE)).isNull();
        assertThat(ResultsColumn.dueAt(ResultCopies.NONE)).isNull();
        assertThat(ResultsColumn.read(null, null, null)).isEqualTo(ResultCopies.NONE);
        assertThat(ResultsColumn.rest(ResultCopies.WANTED)).as("the state says it all").isNull();
    }

    @Test
    void copiesWrittenAreReadBackAsTheyWere() {
        ResultCopies copied = ResultCopies.WANTED.due(T0)
                .attemptFailed(T0.plusMillis(1), "HTTP 502", Optional.of(T0.plusMillis(2)))
                .copied(List.of(new StoredVideo("task/0.mp4", 10, SHA256, "video/mp4")), T0.plusMillis(3),
                        Optional.of(T0.plusMillis(4)));

        assertThat(ResultsColumn.read(ResultsColumn.state(copied), ResultsColumn.rest(copied),
                ResultsColumn.dueAt(copied))).isEqualTo(copied);
    }

    @Test
    void fieldsItDoesNotKnowAreIgnoredAndThoseMissingAreEmpty() {
        ResultCopies read = ResultsColumn.read("COPYING", "{\"attempts\":2,\"from_a_later_version\":{\"x\":1}}",
                T0.toEpochMilli());

        assertThat(read).isEqualTo(new ResultCopies(ResultCopies.State.COPYING, List.of(), 2, Optional.empty(),
                Optional.empty(), Optional.of(T0), Optional.empty(), Optional.empty()));
    }

    @Test
    void aStateItDoesNotKnowIsReadAsACopyGivenUp() {
        assertUnreadable(ResultsColumn.read("MOVED_ELSEWHERE", null, T0.toEpochMilli()));
    }

    @Test
    void jsonItCannotReadIsReadAsACopyGivenUpRatherThanCopiesItCannotName() {
        assertUnreadable(ResultsColumn.read("COPIED", "{not json", T0.toEpochMilli()));
        assertUnreadable(ResultsColumn.read("COPIED", "{\"videos\":[{\"key\":\"../../etc/passwd\",\"bytes\":1,"
                + "\"sha256\":\"" + SHA256 + "\",\"content_type\":\"video/mp4\"}]}", null));
        assertUnreadable(ResultsColumn.read("COPIED", "{\"videos\":[{\"key\":\"task/0.mp4\"}]}", null));
        assertUnreadable(ResultsColumn.read("COPIED", "{\"videos\":\"task/0.mp4\"}", null));
        assertUnreadable(ResultsColumn.read("COPYING", "{\"attempts\":-1}", null));
    }

    private static void assertUnreadable(ResultCopies read) {
        assertThat(read.state()).isEqualTo(ResultCopies.State.FAILED);
        assertThat(read.lastError()).contains(ResultsColumn.UNREADABLE);
        assertThat(read.dueAt()).isEmpty();
        assertThat(read.replacesGenerated()).isFalse();
        assertThat(read.isPending()).isFalse();
    }
}
