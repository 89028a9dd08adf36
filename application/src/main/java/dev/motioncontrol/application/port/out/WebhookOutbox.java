package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The webhook deliveries that are due, kept with the task records: a delivery is due from the moment its task
 * finishes, and again at each retry's time, until it is delivered, stopped or given up. Claiming a delivery
 * pushes its {@code nextAttemptAt} to the end of a lease, atomically, so that of several instances exactly
 * one attempts it; if that one dies, the delivery is due again when the lease ends.
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}.
 */
public interface WebhookOutbox {

    /**
     * Claims at most {@code limit} deliveries that are not final and due at {@code now}, the longest due first:
     * each one's {@code nextAttemptAt} becomes {@code leaseUntil}. Returns the claimed records as they now are.
     */
    CompletionStage<List<TaskRecord>> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * The records of unfinished tasks whose webhook waits for them, or whose results are to be kept ({@code WANTED}),
     * at most {@code limit}, the oldest first: after a restart, these are followed again so that their webhooks are
     * delivered and their videos copied.
     */
    CompletionStage<List<TaskRecord>> awaitingTasks(int limit);
}
