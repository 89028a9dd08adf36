package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.AwaitCompletionUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.domain.Task;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits until one of the caller's tasks has finished, by watching it: completes with the terminal state, or
 * fails with {@code StillRunning} and the last state heard when the timeout passes first, or with why the task
 * can no longer be followed. However it ends (finished, timed out, or cancelled by the caller), the watch and
 * the timer are let go, so nothing is polled for a waiter that has gone.
 */
public final class AwaitCompletionService implements AwaitCompletionUseCase {

    private final WatchTaskUseCase watching;
    private final Scheduler scheduler;

    /** @param watching the watch use case, for a caller already let in (not behind {@link ClientAuthentication}) */
    public AwaitCompletionService(WatchTaskUseCase watching, Scheduler scheduler) {
        this.watching = Objects.requireNonNull(watching, "watching");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public CompletionStage<Task> awaitCompletion(AwaitCompletionQuery query) {
        CompletableFuture<Task> done = new CompletableFuture<>();
        AtomicReference<Task> lastKnown = new AtomicReference<>();
        watching.watch(new GetTaskStatusQuery(query.caller(), query.taskId()), new WatchTaskUseCase.TaskObserver() {
            @Override
            public void onUpdate(Task task) {
                lastKnown.set(task);
                if (task.isTerminal()) {
                    done.complete(task);
                }
            }

            @Override
            public void onEnd(MotionTransferFailure why) {
                done.completeExceptionally(why);
            }
        }).whenComplete((watch, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure instanceof CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            Scheduler.Cancellable timeout = scheduler.schedule(query.timeout(),
                    () -> done.completeExceptionally(new MotionTransferFailure.StillRunning(lastKnown.get())));
            // Finished, timed out or cancelled by the caller: stop polling for this waiter either way.
            done.whenComplete((task, outcome) -> {
                timeout.cancel();
                watch.cancel();
            });
        });
        return done;
    }
}
