package dev.motioncontrol.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.StateStoreContract;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.MediaFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore openStore() {
        return InMemoryStateStore.withDefaults();
    }

    /** What only the memory store does: it keeps a bounded number of tasks, for a bounded time. */
    @Nested
    class Bounds {

        private final ManualTimeSource time = new ManualTimeSource(T0);
        private final InMemoryStateStore bounded = new InMemoryStateStore(5, Duration.ofHours(1), time);

        @Test
        void theOldestAreForgottenBeyondCapacity() {
            List<TaskRecord> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                TaskRecord record = aRecord(OWNER, T0.plusSeconds(i));
                records.add(record);
                await(bounded.remember(record));
            }

            assertThat(await(bounded.find(OWNER, records.get(0).task().id()))).isEmpty();
            assertThat(await(bounded.find(OWNER, records.get(1).task().id()))).isPresent();
            assertThat(bounded.size()).isEqualTo(5);
            assertThat(await(bounded.list(OWNER))).hasSize(5).doesNotContain(records.get(0));
        }

        @Test
        void aTaskIsForgottenOnceItReachesTheMaximumAge() {
            TaskRecord record = aRecord(OWNER, T0);
            await(bounded.remember(record));

            time.advance(Duration.ofHours(1).minusMillis(1));
            assertThat(await(bounded.find(OWNER, record.task().id()))).isPresent();
            time.advance(Duration.ofMillis(1));
            assertThat(await(bounded.find(OWNER, record.task().id()))).isEmpty();
            assertThat(await(bounded.list(OWNER))).isEmpty();
        }

        @Test
        void expiredTasksAreReclaimedWhenTheNextIsRecorded() {
            await(bounded.remember(aRecord(OWNER, T0)));
            time.advance(Duration.ofHours(2));

            await(bounded.remember(aRecord(SOMEONE_ELSE, T0)));

            assertThat(bounded.size()).isEqualTo(1);
        }

        @Test
        void aForgottenTasksDeliveryIsNoLongerDue() {
            TaskRecord record = withWebhook(OWNER, T0);
            await(bounded.remember(record));
            await(bounded.update(record.task().id(), r -> r.reported(completed(r.task().id()), T0)));
            time.advance(Duration.ofHours(2));
            await(bounded.remember(aRecord(OWNER, T0)));

            assertThat(await(bounded.claimDue(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)), 10)))
                    .isEmpty();
        }

        @Test
        void aForgottenTasksCopyIsNoLongerDue() {
            TaskRecord record = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0, MediaFacts.NONE,
                    ResultCopies.WANTED);
            await(bounded.remember(record));
            await(bounded.update(record.task().id(), r -> r.reported(completed(r.task().id()), T0)));
            assertThat(await(bounded.awaitingTasks(10))).isEmpty();
            time.advance(Duration.ofHours(2));
            await(bounded.remember(aRecord(OWNER, T0)));

            assertThat(await(bounded.results().claimDue(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)),
                    10))).isEmpty();
        }

        @Test
        void aTaskWhoseCopyIsDueIsClaimedUntilItIsForgotten() {
            TaskRecord record = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0, MediaFacts.NONE,
                    ResultCopies.WANTED);
            await(bounded.remember(record));
            await(bounded.update(record.task().id(), r -> r.reported(completed(r.task().id()), T0)));

            time.advance(Duration.ofHours(1).minusMillis(1));
            assertThat(await(bounded.results().claimDue(T0, T0.plusSeconds(1), 10))).hasSize(1);
            time.advance(Duration.ofMillis(1));
            assertThat(await(bounded.results().claimDue(T0.plusSeconds(1), T0.plusSeconds(2), 10))).isEmpty();
        }
    }
}
