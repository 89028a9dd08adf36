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
 * {@link PollingPlan} until it finishes or no one waits any more.
 */
public final class TaskTracker {

    private final VideoProvider provider;
    private final TaskRecords records;
    private final Scheduler scheduler;
    private final PollingPlan plan;
    private final List<Consumer<TaskRecords.Change>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<TaskId, Followed> followed = new ConcurrentHashMap<>();

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
     * Tells {@code observer} the task as it stands ({@code current}) at once, then every change until it
     * finishes, polling the provider meanwhile.
     */
    public Watch watch(ClientKey owner, Task current, TaskObserver observer) {
        Objects.requireNonNull(observer, "observer");
        observer.onUpdate(current);
        if (current.isTerminal()) {
            return () -> { };
        }
        Followed entry = followed.computeIfAbsent(current.id(), id -> new Followed(owner, id));
        entry.observers.add(observer);
        entry.start();
        return () -> {
            entry.observers.remove(observer);
            entry.stopIfUnwanted();
        };
    }

    /** Polls the task in the background until it finishes (for a webhook that must be delivered then). */
    public void follow(ClientKey owner, TaskId id) {
        Followed entry = followed.computeIfAbsent(id, key -> new Followed(owner, key));
        entry.forWebhook = true;
        entry.start();
    }

    /** How many tasks are polled in the background now. */
    public int followedTasks() {
        return followed.size();
    }

    private void publish(TaskRecords.Change change) {
        Task task = change.after().task();
        Followed entry = followed.get(task.id());
        if (entry != null) {
            entry.observers.forEach(observer -> observer.onUpdate(task));
            if (task.isTerminal()) {
                entry.stop();
            }
        }
        listeners.forEach(listener -> listener.accept(change));
    }

    /** One task someone waits on, and its polling. */
    private final class Followed {
        private final ClientKey owner;
        private final TaskId id;
        private final List<TaskObserver> observers = new CopyOnWriteArrayList<>();
        private volatile boolean forWebhook;
        private int polls;
        private boolean started;
        private boolean stopped;
        private Scheduler.Cancellable next;

        Followed(ClientKey owner, TaskId id) {
            this.owner = owner;
            this.id = id;
        }

        synchronized void start() {
            if (!started && !stopped) {
                started = true;
                scheduleNext();
            }
        }

        private synchronized void scheduleNext() {
            if (!stopped) {
                next = scheduler.schedule(plan.delayBefore(polls++), this::poll);
            }
        }

        private void poll() {
            provider.status(owner, id)
                    .thenCompose(TaskTracker.this::apply)
                    .whenComplete((task, failure) -> {
                        if (failure != null && unwrap(failure) instanceof MotionTransferFailure.UnknownTask) {
                            stop();
                        } else if (task != null && task.map(Task::isTerminal).orElse(true)) {
                            stop();
                        } else {
                            scheduleNext();
                        }
                    });
        }

        void stopIfUnwanted() {
            if (observers.isEmpty() && !forWebhook) {
                stop();
            }
        }

        synchronized void stop() {
            stopped = true;
            if (next != null) {
                next.cancel();
            }
            followed.remove(id, this);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
