package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.TaskObserver;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who watches which task. Every state told about a task reaches each of its watchers at most once, only
 * forward in the lifecycle and nothing after the terminal one, so reports that race each other never reach
 * a watcher backwards. A watcher that has heard the end is forgotten. Subscribed to {@link TaskChanges}, it
 * hears every move recorded; an observer that fails costs the other watchers nothing.
 */
public final class TaskWatchers implements Consumer<TaskRecords.Change> {

    private final Map<TaskId, List<Watcher>> byTask = new ConcurrentHashMap<>();
    private final ShownTasks shown;

    public TaskWatchers() {
        this(ShownTasks.AS_RECORDED);
    }

    /** Watchers that hear tasks as {@code shown}. */
    public TaskWatchers(ShownTasks shown) {
        this.shown = Objects.requireNonNull(shown, "shown");
    }

    /** The task of {@code record} as its watchers are told it. */
    public Task shown(TaskRecords.TaskRecord record) {
        return shown.of(record);
    }

    /**
     * Adds a watcher of the task with {@code id}; from now on it hears what is told of that task. It hears
     * nothing of the past: offer it the current state ({@link Watcher#offer(Task)}) once added.
     */
    public Watcher add(TaskId id, TaskObserver observer) {
        Watcher watcher = new Watcher(Objects.requireNonNull(id, "id"), Objects.requireNonNull(observer, "observer"));
        byTask.compute(id, (key, watchers) -> {
            List<Watcher> list = watchers != null ? watchers : new CopyOnWriteArrayList<>();
            list.add(watcher);
            return list;
        });
        return watcher;
    }

    /** Forgets {@code watcher}: it hears nothing more. Safe to call more than once. */
    public void remove(Watcher watcher) {
        byTask.computeIfPresent(watcher.taskId, (key, watchers) -> {
            watchers.remove(watcher);
            return watchers.isEmpty() ? null : watchers;
        });
    }

    /** Tells the task's watchers its state (each hears it if it is a move forward for that watcher). */
    public void tell(Task task) {
        List<Watcher> watchers = byTask.get(task.id());
        if (watchers == null) {
            return;
        }
        watchers.forEach(watcher -> watcher.offer(task));
        watchers.stream().filter(Watcher::isDone).forEach(this::remove);
    }

    /** Tells every watcher of the task that it can no longer be followed, and why; then forgets them. */
    public void end(TaskId id, MotionTransferFailure why) {
        Objects.requireNonNull(why, "why");
        List<Watcher> watchers = byTask.remove(id);
        if (watchers != null) {
            watchers.forEach(watcher -> watcher.end(why));
        }
    }

    /** How many tasks have a watcher now. */
    public int watchedTasks() {
        return byTask.size();
    }

    /** A task moved: its watchers hear of it. */
    @Override
    public void accept(TaskRecords.Change change) {
        tell(shown.of(change.after()));
    }

    /** One watcher of one task: hears each state once, only forward, and nothing after the terminal one. */
    public static final class Watcher {
        private final TaskId taskId;
        private final TaskObserver observer;
        private Task last;
        private boolean done;

        private Watcher(TaskId taskId, TaskObserver observer) {
            this.taskId = taskId;
            this.observer = observer;
        }

        /** Passes {@code task} on to the observer if it is a move forward from what it heard last. */
        public synchronized void offer(Task task) {
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

        /** Whether it has heard the last of its task: the terminal state, or the end of the following. */
        public synchronized boolean isDone() {
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
}
