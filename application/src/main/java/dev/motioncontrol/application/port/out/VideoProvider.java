package dev.motioncontrol.application.port.out;

import java.util.Optional;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The provider that generates the videos (Freepik, or a fake of it). Every call names the client on
 * whose behalf it is made. A provider may keep clients apart itself (the fake does, by owner), or not (the
 * Freepik client calls with the service's one account): the use cases keep them apart in any case,
 * through {@link TaskRecords}.
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure}s.
 */
public interface VideoProvider {

    /** Creates one paid generation task. Never retried by the core: a second call is a second task. */
    CompletionStage<Task> submit(Owner owner, MotionTransfer transfer);

    /**
     * {@link #submit(Owner, MotionTransfer)} for a caller that may go: a provider that queues its calls does not send
     * one whose caller has gone (failing it with a failure that says nothing was created); one already sent is seen
     * through. By default, the caller is not asked.
     */
    default CompletionStage<Task> submit(Owner owner, MotionTransfer transfer, Cancellation cancellation) {
        return submit(owner, transfer);
    }

    /**
     * The task as the provider reports it now, asked where it runs ({@code at}: the model and tier it was
     * submitted to); {@code UnknownTask} if {@code owner} has no such task there.
     */
    CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at);

    /** {@link #status(Owner, TaskId, ModelTier)} for a caller that may go: the call may stop when it does. */
    default CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at, Cancellation cancellation) {
        return status(owner, taskId, at);
    }

    /** The tasks of {@code owner} of {@code model} (and of {@code tier} only, when given), newest first. */
    CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier);

    /** {@link #list(Owner, Model, Optional)} for a caller that may go: the call may stop when it does. */
    default CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier, Cancellation cancellation) {
        return list(owner, model, tier);
    }

    /**
     * How soon {@code owner}'s task with {@code taskId} may next move, when the provider knows it (a fake knows its
     * own schedule): whoever follows the task asks then rather than on its own plan. Empty when it cannot tell (by
     * default) or when the task will not move again.
     */
    default Optional<Duration> nextMoveWithin(Owner owner, TaskId taskId, ModelTier at) {
        return Optional.empty();
    }

    /**
     * {@code reported}, a task this provider reported by another way than this port (a webhook), made fit to
     * relay to clients as the tasks its calls return are: a provider that holds a secret takes it out (throwing
     * {@link IllegalArgumentException} for a task that cannot be relayed at all). The task as it is by default.
     */
    default Task relayable(Task reported) {
        return reported;
    }

    /**
     * Why the provider would refuse the service's calls now, as its last answers say (the service's key refused): never
     * asked of the provider, so that knowing it costs no request. Empty (the default) when nothing is known against it.
     */
    default Optional<String> unreadyBecause() {
        return Optional.empty();
    }
}
