package dev.motioncontrol.application.service;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Asks in the background about the tasks someone waits on (a watcher, a webhook to deliver), soon at first and
 * then less and less often, as the {@link PollingPlan} says, or when the provider says the task will next move if
 * that is sooner (a fake knows its schedule, so a change is heard as it happens). Each question goes through the
 * {@link StatusChecks}, which ask the provider only when the task's record is no longer fresh, so that following
 * a task adds nothing to what it costs the account. Each answer is told to the task's {@link TaskWatchers}, even when nothing moved (someone else may
 * have recorded the move before this poll). One task is polled at most once at a time, however many wait.
 *
 * <p>A task is polled until it finishes (whoever reports that: subscribed to {@link TaskChanges}, this hears
 * it), until no one waits any more, or until it can no longer be followed: the provider no longer knows it,
 * {@value #MAX_FAILED_POLLS} polls in a row fail, or the service closes; then its watchers are told why.
 */
public final class TaskPolling implements Consumer<TaskRecords.Change>, AutoCloseable {

    /** Consecutive failed polls after which a task is no longer polled (about an hour at the default plan). */
    public static final int MAX_FAILED_POLLS = 120;

    /** Added to the provider's word on when a task moves, so that the question comes after the move, not at it. */
    private static final Duration PAST_THE_MOVE = Duration.ofMillis(5);

    private final StatusChecks checks;
    private final TaskWatchers watchers;
    private final Scheduler scheduler;
    private final PollingPlan plan;
    private final ConcurrentHashMap<TaskId, Polled> polled = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public TaskPolling(StatusChecks checks, TaskWatchers watchers, Scheduler scheduler, PollingPlan plan) {
        this.checks = Objects.requireNonNull(checks, "checks");
        this.watchers = Objects.requireNonNull(watchers, "watchers");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /**
     * Polls {@code owner}'s task with {@code id} for as long as the returned interest is held (and the task
     * can be followed); starts polling it if no one did yet. A webhook to deliver holds its interest until the
     * task finishes: it never releases it.
     */
    public Interest follow(Owner owner, TaskId id, ModelTier at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(at, "at");
        Polled entry = polled.compute(Objects.requireNonNull(id, "id"), (key, existing) -> {
            Polled current = existing == null || existing.stopped ? new Polled(owner, key, at) : existing;
            current.interested++;
            return current;
        });
        entry.start();
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(entry);
            }
        };
    }

    /** How many tasks are polled in the background now. */
    public int polledTasks() {
        return polled.size();
    }

    /** A task moved: when it finished, it is no longer polled. */
    @Override
    public void accept(TaskRecords.Change change) {
        Task task = change.after().task();
        if (task.isTerminal()) {
            Polled entry = polled.get(task.id());
            if (entry != null) {
                entry.stop();
            }
        }
    }

    /** Stops every poll, and tells the watchers of every polled task that the service is shutting down. */
    @Override
    public void close() {
        closed = true;
        polled.values().forEach(Polled::endForShutdown);
    }

    /** Someone's interest in a polled task; releasing the last one stops the polling. */
    @FunctionalInterface
    public interface Interest {
        /** No longer interested; safe to call more than once. */
        void release();
    }

    private void release(Polled entry) {
        polled.computeIfPresent(entry.id, (key, current) -> {
            if (current == entry && --current.interested == 0) {
                current.cancelTimer();
                return null;
            }
            return current;
        });
    }

    /** One task someone waits on, and its polling. */
    private final class Polled {
        private final Owner owner;
        private final TaskId id;
        private final ModelTier at;
        /** Guarded by the map's per-key lock: only changed in {@code compute}. */
        private int interested;
        private volatile boolean stopped;
        private int polls;
        private int failedPolls;
        private boolean started;
        private Scheduler.Cancellable next;

        Polled(Owner owner, TaskId id, ModelTier at) {
            this.owner = owner;
            this.id = id;
            this.at = at;
        }

        void start() {
            if (closed) {
                // Closed meanwhile: whoever just came to wait hears the end rather than nothing, ever.
                endForShutdown();
                return;
            }
            synchronized (this) {
                if (started || stopped) {
                    return;
                }
                started = true;
            }
            scheduleNext();
        }

        private synchronized void scheduleNext() {
            if (!stopped && !closed) {
                Duration planned = plan.delayBefore(polls++);
                Duration delay = checks.nextMoveWithin(owner, id, at).map(PAST_THE_MOVE::plus)
                        .filter(move -> move.compareTo(planned) < 0).orElse(planned);
                next = scheduler.schedule(delay, this::poll);
            }
        }

        private void poll() {
            CompletionStage<Optional<TaskRecords.TaskRecord>> answer;
            try {
                answer = checks.current(id, Cancellation.never());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((task, failure) -> {
                if (failure != null) {
                    failed(unwrap(failure));
                    return;
                }
                failedPolls = 0;
                if (task.isEmpty()) {
                    end(new MotionTransferFailure.UnknownTask(id));
                    return;
                }
                watchers.tell(watchers.shown(task.get()));
                if (task.get().task().isTerminal()) {
                    stop();
                } else {
                    scheduleNext();
                }
            });
        }

        private void failed(Throwable cause) {
            if (cause instanceof MotionTransferFailure.UnknownTask unknown) {
                end(unknown);
            } else if (++failedPolls >= MAX_FAILED_POLLS) {
                end(new MotionTransferFailure.ProviderUnavailable("The provider could not be asked about task "
                        + id + " " + MAX_FAILED_POLLS + " times in a row; it is no longer followed"));
            } else {
                scheduleNext();
            }
        }

        synchronized void cancelTimer() {
            stopped = true;
            if (next != null) {
                next.cancel();
            }
        }

        void stop() {
            cancelTimer();
            polled.remove(id, this);
        }

        /** Stops polling a task that has not finished, and says why to whoever watched it. */
        void end(MotionTransferFailure why) {
            stop();
            watchers.end(id, why);
        }

        void endForShutdown() {
            end(new MotionTransferFailure.ProviderUnavailable("The service is shutting down"));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
