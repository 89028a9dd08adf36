package dev.motioncontrol.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.out.Submissions.Begun;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.MediaFacts;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a durable {@link StateStore} promises besides {@link StateStoreContract}: what it acknowledged is there
 * after it is closed and opened again on the same data, as if the process had restarted.
 */
public abstract class DurableStateStoreContract extends StateStoreContract {

    /** Closes {@code store} and opens the same data again. */
    protected abstract StateStore reopen(StateStore store);

    @Test
    void everythingAcknowledgedIsThereAfterARestart() {
        byte[] secret = await(store.ownerSecret());
        TaskRecord plain = aRecord(OWNER, T0);
        await(store.tasks().remember(plain));
        TaskRecord due = finishedAndDue(OWNER, T0.plusSeconds(1));
        TaskRecord awaited = withWebhook(OWNER, T0);
        await(store.tasks().remember(awaited));
        Submission pendingOne = pending(OWNER, Optional.of("key-restart"), "fp", T0);
        await(store.submissions().begin(pendingOne));
        await(store.seenProviderWebhooks().remember("msg_restart", T0));

        store = reopen(store);

        assertThat(await(store.ownerSecret())).isEqualTo(secret);
        assertThat(await(store.tasks().find(OWNER, plain.task().id()))).contains(plain);
        assertThat(await(store.tasks().findById(due.task().id()))).contains(due);
        assertThat(await(store.outbox().awaitingTasks(10))).containsExactly(awaited);
        assertThat(await(store.outbox().claimDue(T0.plusSeconds(2), T0.plusSeconds(62), 10)))
                .extracting(r -> r.task().id()).containsExactly(due.task().id());
        assertThat(await(store.seenProviderWebhooks().seen("msg_restart"))).isTrue();
        assertThat(await(store.submissions().begin(pending(OWNER, Optional.of("key-restart"), "fp", T0))))
                .isEqualTo(new Begun.Existing(pendingOne));
        assertThat(await(store.submissions().settleStale(T0.plusSeconds(121))))
                .extracting(Submission::id).containsExactly(pendingOne.id());
    }

    @Test
    void theCopiesOfResultsAreThereAfterARestart() {
        TaskRecord wanted = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0, MediaFacts.NONE,
                ResultCopies.WANTED);
        await(store.tasks().remember(wanted));
        TaskRecord copying = copyDue(T0.plusSeconds(1));
        TaskRecord copied = completedWithCopies(ResultCopies.State.COPIED, Optional.of(T0.plusSeconds(2)), T0);
        TaskRecord deleted = completedWithCopies(ResultCopies.State.DELETED, Optional.empty(), T0);

        store = reopen(store);

        for (TaskRecord record : List.of(wanted, copying, copied, deleted)) {
            assertThat(await(store.tasks().findById(record.task().id()))).contains(record);
        }
        assertThat(await(store.outbox().awaitingTasks(10))).containsExactly(wanted);
        assertThat(await(store.results().claimDue(T0.plusSeconds(5), T0.plusSeconds(65), 10)))
                .extracting(r -> r.task().id()).containsExactly(copying.task().id(), copied.task().id());
    }
}
