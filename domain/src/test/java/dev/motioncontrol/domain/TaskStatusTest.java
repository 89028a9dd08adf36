package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskStatusTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "CREATED,     IN_PROGRESS",
        "CREATED,     COMPLETED",
        "CREATED,     FAILED",
        "IN_PROGRESS, COMPLETED",
        "IN_PROGRESS, FAILED",
        "CREATED,     CANCELLED",
        "CREATED,     QUEUED",
        "IN_PROGRESS, CANCELLED",
        "QUEUED,      IN_PROGRESS",
        "QUEUED,      CANCELLED",
        "QUEUED,      COMPLETED",
        "CANCELLED,   FAILED"
    })
    void movesForward(String from, String to) {
        assertThat(TaskStatus.of(from).canMoveTo(TaskStatus.of(to))).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "COMPLETED,   FAILED",
        "COMPLETED,   IN_PROGRESS",
        "COMPLETED,   CREATED",
        "COMPLETED,   CANCELLED",
        "FAILED,      COMPLETED",
        "FAILED,      IN_PROGRESS",
        "FAILED,      QUEUED"
    })
    void neverLeavesATerminalStatus(String from, String to) {
        assertThat(TaskStatus.of(from).canMoveTo(TaskStatus.of(to))).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "IN_PROGRESS, CREATED",
        "QUEUED,      CREATED",
        "CANCELLED,   CREATED"
    })
    void neverMovesBackToCreated(String from, String to) {
        assertThat(TaskStatus.of(from).canMoveTo(TaskStatus.of(to))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATED", "IN_PROGRESS", "COMPLETED", "FAILED", "QUEUED"})
    void stayingInTheSameStatusIsNotAMove(String name) {
        assertThat(TaskStatus.of(name).canMoveTo(TaskStatus.of(name))).isFalse();
    }

    @Test
    void ofReturnsTheConstantForADocumentedStatus() {
        assertThat(TaskStatus.of("COMPLETED")).isSameAs(TaskStatus.COMPLETED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATED", "IN_PROGRESS", "COMPLETED", "FAILED"})
    void theFourDocumentedStatusesAreKnown(String name) {
        assertThat(TaskStatus.of(name).isKnown()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CANCELLED", "QUEUED", "completed", "In_Progress"})
    void keepsAnUnknownStatusVisibleAsItCame(String name) {
        TaskStatus status = TaskStatus.of(name);

        assertThat(status.isKnown()).isFalse();
        assertThat(status).hasToString(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "on hold: ü|on_hold_",
        "<script>alert(1)</script>|_script_alert_1_script_",
        "QUEUED (position 3)|QUEUED_position_3_",
        "état|_tat"})
    void keepsAnUnknownStatusVisibleAsABoundedWord(String name, String kept) {
        assertThat(TaskStatus.of(name)).hasToString(kept);
    }

    @Test
    void aLineBreakInAStatusCannotForgeAHeaderOrALogLine() {
        assertThat(TaskStatus.of("CANCELLED" + (char) 13 + (char) 10 + "X-Injected: 1"))
                .hasToString("CANCELLED_X-Injected_1");
    }

    @Test
    void cutsALongUnknownStatusToItsFirstSixtyFourCharacters() {
        assertThat(TaskStatus.of("Q".repeat(1_000_000)).name()).isEqualTo("Q".repeat(TaskStatus.MAX_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"on hold", "", "QUEUED;"})
    void refusesToBeBuiltFromAnythingButABoundedWord(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> new TaskStatus(name));
        assertThatIllegalArgumentException().isThrownBy(() -> new TaskStatus("Q".repeat(TaskStatus.MAX_LENGTH + 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPLETED", "FAILED"})
    void completedAndFailedAreTerminal(String name) {
        assertThat(TaskStatus.of(name).isTerminal()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATED", "IN_PROGRESS", "CANCELLED"})
    void otherStatusesAreNotTerminal(String name) {
        assertThat(TaskStatus.of(name).isTerminal()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void rejectsABlankName(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> TaskStatus.of(name));
    }
}
