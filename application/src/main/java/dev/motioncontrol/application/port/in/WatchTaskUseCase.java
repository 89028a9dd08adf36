package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.domain.Task;
import java.util.concurrent.CompletionStage;

/** Follow one of the caller's tasks as it changes, without polling (for a live status stream). */
public interface WatchTaskUseCase {

    /**
     * Starts watching: {@code observer} gets the task as it stands now at once, then every change, the
     * terminal one last (after which nothing more comes). Fails like a status query when the caller has no
     * such task. Callbacks may come on any thread; cancel the returned watch when no longer interested.
     */
    CompletionStage<Watch> watch(GetTaskStatusQuery query, TaskObserver observer);

    /** Receives the states of a watched task. */
    @FunctionalInterface
    interface TaskObserver {
        void onUpdate(Task task);

        /**
         * The task can no longer be followed although it has not finished: the provider no longer knows
         * it ({@code UnknownTask}), it could not be reached for too long, or the service is shutting down
         * ({@code ProviderUnavailable}). Nothing more comes after this.
         */
        default void onEnd(MotionTransferFailure why) {
        }
    }

    /** A watch in progress. */
    @FunctionalInterface
    interface Watch {
        /** Stops the updates (and the service's polling for this watcher); safe to call more than once. */
        void cancel();
    }
}
