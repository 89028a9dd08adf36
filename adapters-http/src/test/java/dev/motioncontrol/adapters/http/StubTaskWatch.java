package dev.motioncontrol.adapters.http;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tasks of one owner whose states the test moves on, watched and queried like the service would: the
 * watcher gets the current state at once and then every change, on a thread of its own, as a service's
 * callbacks may come. Records whether each watch was cancelled.
 */
final class StubTaskWatch implements WatchTaskUseCase, GetTaskStatusUseCase {

    /** One watch, with a future that completes when it is cancelled. */
    static final class StubWatch implements Watch {
        final TaskId taskId;
        final TaskObserver observer;
        final CompletableFuture<Void> cancelled = new CompletableFuture<>();

        StubWatch(TaskId taskId, TaskObserver observer) {
            this.taskId = taskId;
            this.observer = observer;
        }

        @Override
        public void cancel() {
            cancelled.complete(null);
        }
    }

    private final ClientKey owner;
    private final Map<TaskId, Task> tasks = new ConcurrentHashMap<>();
    final List<StubWatch> watches = new CopyOnWriteArrayList<>();
    /** One thread, so that the updates reach the observers in the order the test made them. */
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    private volatile RuntimeException failure;

    StubTaskWatch(ClientKey owner) {
        this.owner = owner;
    }

    /** A new task of the owner, in {@code status}. */
    TaskId taskIn(TaskStatus status) {
        TaskId id = TaskId.random();
        tasks.put(id, Task.created(id).updatedTo(status, generatedFor(status)));
        return id;
    }

    /** Moves the task to {@code status} and tells its watchers. */
    void advance(TaskId id, TaskStatus status) {
        Task task = tasks.computeIfPresent(id, (key, old) -> old.updatedTo(status, generatedFor(status)));
        callbacks.execute(() -> {
            for (StubWatch watch : watches) {
                if (watch.taskId.equals(id) && !watch.cancelled.isDone()) {
                    watch.observer.onUpdate(task);
                }
            }
        });
    }

    /** Tells the task's watchers it can no longer be followed. */
    void end(TaskId id, MotionTransferFailure why) {
        callbacks.execute(() -> {
            for (StubWatch watch : watches) {
                if (watch.taskId.equals(id) && !watch.cancelled.isDone()) {
                    watch.observer.onEnd(why);
                }
            }
        });
    }

    /** Every call from now on fails with {@code failure}. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    void shutdown() {
        callbacks.shutdownNow();
    }

    static List<URI> generatedFor(TaskStatus status) {
        return status.equals(TaskStatus.COMPLETED) ? List.of(URI.create("https://cdn.example.com/out.mp4")) : List.of();
    }

    @Override
    public CompletionStage<Watch> watch(GetTaskStatusQuery query, TaskObserver observer) {
        return CompletableFuture.supplyAsync(() -> {
            Task task = find(query);
            StubWatch watch = new StubWatch(query.taskId(), observer);
            watches.add(watch);
            // Before the watch is returned, as a service may: the API must hold it until it can stream.
            observer.onUpdate(task);
            return watch;
        }, callbacks);
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        return CompletableFuture.supplyAsync(() -> find(query), callbacks);
    }

    private Task find(GetTaskStatusQuery query) {
        RuntimeException told = failure;
        if (told != null) {
            throw told;
        }
        Task task = tasks.get(query.taskId());
        if (task == null || !query.caller().equals(owner)) {
            throw new MotionTransferFailure.UnknownTask(query.taskId());
        }
        return task;
    }
}
