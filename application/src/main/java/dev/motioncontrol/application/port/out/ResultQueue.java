package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The work on result copies that is due, kept with the task records: a task's copy is due from the moment it
 * completes, and again at each retry's time; a copy kept for a limited time is due for deletion at its end. Claiming
 * pushes a record's {@code results.dueAt} to the end of a lease, atomically, so that of several instances exactly one
 * acts on it; if that one dies, the work is due again when the lease ends.
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}.
 */
public interface ResultQueue {

    /**
     * Claims at most {@code limit} records whose results are {@code COPYING} or {@code COPIED} and due at
     * {@code now}, the longest due first: each one's {@code results.dueAt} becomes {@code leaseUntil}. Returns the
     * claimed records as they now are.
     */
    CompletionStage<List<TaskRecord>> claimDue(Instant now, Instant leaseUntil, int limit);
}
