package dev.motioncontrol.application.service;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.TaskObserver;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.Watch;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Keeps the service's records of tasks current and tells whoever waits: every report of a task (a
 * status query, a list, a provider webhook, a background poll) goes through {@link #apply(Task)}, which
 * records it, never backwards, and tells the watchers and listeners when the task moved. A task that
 * someone waits on (a watcher, or a webhook to deliver) is polled in the background by the
 * {@link PollingPlan} until it finishes, the provider no longer knows it, {@value #MAX_FAILED_POLLS} polls
 * in a row fail, or no one waits any more.
 *
 * <p>A watcher hears each state at most once, in lifecycle order, the terminal one last: reports that
 * race each other never reach it backwards.
 */
public final class TaskTracker implements AutoCloseable {

    /** Consecutive failed polls after which a task is no longer polled (about an hour at the default plan). */
    public static final int MAX_FAILED_POLLS = 120;

    private final VideoProvider provider;
    private final TaskRecords records;
    private final Scheduler scheduler;
    private final PollingPlan plan;
    private final List<Consumer<TaskRecords.Change>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<TaskId, Followed> followed = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public TaskTracker(VideoProvider provider, TaskRecords records, Scheduler scheduler, PollingPlan plan) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.records = Objects.requireNonNull(records, "records");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** Is told of every change of every task (the webhook deliveries listen here). */
    public void addListener(Consumer<TaskRecords.Change> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Records a report of a task and tells everyone concerned if it moved; the task as now recorded. */
    public CompletionStage<Optional<Task>> apply(Task reported) {
        return records.update(reported).thenApply(change -> {
            change.filter(TaskRecords.Change::changed).ifPresent(this::publish);
            return change.map(c -> c.after().task());
        });
    }

    /**
     * Watches one of {@code owner}'s tasks: {@code observer} hears its state as recorded at once, then
     * every move, the terminal one last, while the task is polled. Fails with {@code UnknownTask} when the
     * owner has no such task.
     */
    public CompletionStage<Watch> watch(ClientKey owner, TaskId id, TaskObserver observer) {
        Watcher watcher = new Watcher(Objects.requireNonNull(observer, "observer"));
        // Registered before the record is read, so that no move recorded in between goes unheard.
        Followed entry = register(owner, id, watcher);
        return records.find(owner, id).thenApply(found -> {
            if (found.isEmpty()) {
                unregister(entry, watcher);
                throw new MotionTransferFailure.UnknownTask(id);
            }
            watcher.offer(found.get());
            if (watcher.isDone()) {
                unregister(entry, watcher);
                return () -> { };
            }
            entry.start();
            return () -> unregister(entry, watcher);
        });
    }

    /** Polls the task in the background until it finishes (for a webhook that must be delivered then). */
    public void follow(ClientKey owner, TaskId id) {
        followed.compute(id, (key, existing) -> {
            Followed entry = existing == null || existing.stopped ? new Followed(owner, key) : existing;
            entry.forWebhook = true;
            return entry;
        }).start();
    }

    /** How many tasks are polled in the background now. */
    public int followedTasks() {
        return followed.size();
    }

    /** Stops every poll; nothing is polled any more. */
    @Override
    public void close() {
        closed = true;
        followed.values().forEach(entry ->
                entry.end(new MotionTransferFailure.ProviderUnavailable("The service is shutting down")));
    }

    private Followed register(ClientKey owner, TaskId id, Watcher watcher) {
        return followed.compute(id, (key, existing) -> {
            Followed entry = existing == null || existing.stopped ? new Followed(owner, key) : existing;
            entry.watchers.add(watcher);
            return entry;
        });
    }

    private void unregister(Followed entry, Watcher watcher) {
        followed.computeIfPresent(entry.id, (key, current) -> {
            current.watchers.remove(watcher);
            if (current == entry && current.watchers.isEmpty() && !current.forWebhook) {
                current.cancelTimer();
                return null;
            }
            return current;
        });
    }

    private void publish(TaskRecords.Change change) {
        Task task = change.after().task();
        // Listeners first: a watcher that fails must not cost a webhook its delivery.
        for (Consumer<TaskRecords.Change> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                // A listener's failure is its own; the others and the watchers are still told.
            }
        }
        Followed entry = followed.get(task.id());
        if (entry != null) {
            entry.tell(task);
        }
    }

    /** One watcher: hears each state once, only forward, and nothing after the terminal one. */
    private static final class Watcher {
        private final TaskObserver observer;
        private Task last;
        private boolean done;

        Watcher(TaskObserver observer) {
            this.observer = observer;
        }

        synchronized void offer(Task task) {
            if (done || (last != null && !last.status().canMoveTo(task.status()))) {
                return;
            }
            last = task;
            done = task.isTerminal();
            try {
                observer.onUpdate(task);
            } catch (RuntimeException e) {
                // The observer's failure is its own; the task goes on being followed for the others.
            }
        }

        synchronized boolean isDone() {
            return done;
        }

        synchronized void end(MotionTransferFailure why) {
            if (done) {
                return;
            }
            done = true;
            try {
                observer.onEnd(why);
            } catch (RuntimeException e) {
                // The observer's failure is its own.
            }
        }
    }

    /** One task someone waits on, and its polling. */
    private final class Followed {
        private final ClientKey owner;
        private final TaskId id;
        private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
        private volatile boolean forWebhook;
        private volatile boolean stopped;
        private int polls;
        private int failedPolls;
        private boolean started;
        private Scheduler.Cancellable next;

        Followed(ClientKey owner, TaskId id) {
            this.owner = owner;
            this.id = id;
        }

        void tell(Task task) {
            watchers.forEach(watcher -> watcher.offer(task));
            watchers.removeIf(Watcher::isDone);
            if (task.isTerminal()) {
                stop();
            }
        }

        synchronized void start() {
            if (!started && !stopped) {
                started = true;
                scheduleNext();
            }
        }

        private synchronized void scheduleNext() {
            if (!stopped && !closed) {
                next = scheduler.schedule(plan.delayBefore(polls++), this::poll);
            }
        }

        private void poll() {
            CompletionStage<Optional<Task>> polled;
            try {
                polled = provider.status(owner, id).thenCompose(TaskTracker.this::apply);
            } catch (RuntimeException e) {
                polled = CompletableFuture.failedFuture(e);
            }
            polled.whenComplete((task, failure) -> {
                if (failure != null) {
                    Throwable cause = unwrap(failure);
                    if (cause instanceof MotionTransferFailure.UnknownTask unknown) {
                        end(unknown);
                    } else if (++failedPolls >= MAX_FAILED_POLLS) {
                        end(new MotionTransferFailure.ProviderUnavailable("The provider could not be asked about task "
                                + id + " " + MAX_FAILED_POLLS + " times in a row; it is no longer followed"));
                    } else {
                        scheduleNext();
                    }
                    return;
                }
                failedPolls = 0;
                if (task.isEmpty()) {
                    end(new MotionTransferFailure.UnknownTask(id));
                    return;
                }
                // Told even when nothing moved: someone else may have recorded the move before this poll.
                tell(task.get());
                if (!task.get().isTerminal()) {
                    scheduleNext();
                }
            });
        }

        synchronized void cancelTimer() {
            stopped = true;
            if (next != null) {
                next.cancel();
            }
        }

        void stop() {
            cancelTimer();
            followed.remove(id, this);
        }

        /** Stops following a task that has not finished, and says why to whoever waited. */
        void end(MotionTransferFailure why) {
            stop();
            watchers.forEach(watcher -> watcher.end(why));
            watchers.clear();
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
