package dev.motioncontrol.adapters.http;

import java.util.Optional;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider kept in a map. It answers on another thread, as a real client would, so the API must come
 * back to its Vert.x context; and it can be told to fail every call the way a provider fails.
 */
final class StubVideoProvider implements VideoProvider {

    private record Owned(Owner owner, Task task, ModelTier at) {
    }

    private final Map<TaskId, Owned> tasks = new ConcurrentHashMap<>();
    private final List<TaskId> order = new CopyOnWriteArrayList<>();
    final List<MotionTransfer> submitted = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    /** Every call from now on fails with {@code failure}. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** Marks a task completed with {@code generated}. */
    void complete(TaskId id, URI... generated) {
        tasks.computeIfPresent(id, (key, owned) ->
                new Owned(owned.owner(), owned.task().updatedTo(TaskStatus.COMPLETED, List.of(generated)), owned.at()));
    }

    @Override
    public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
        return CompletableFuture.supplyAsync(() -> {
            failIfTold();
            submitted.add(transfer);
            Task task = Task.created(TaskId.random());
            tasks.put(task.id(), new Owned(owner, task, transfer.modelTier()));
            order.add(0, task.id());
            return task;
        });
    }

    @Override
    public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
        return CompletableFuture.supplyAsync(() -> {
            failIfTold();
            Owned owned = tasks.get(taskId);
            if (owned == null || !owned.owner().equals(owner) || owned.at().model() != at.model()) {
                throw new MotionTransferFailure.UnknownTask(taskId);
            }
            return owned.task();
        });
    }

    @Override
    public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
        return CompletableFuture.supplyAsync(() -> {
            failIfTold();
            List<Task> mine = new ArrayList<>();
            for (TaskId id : order) {
                Owned owned = tasks.get(id);
                if (owned.owner().equals(owner) && owned.at().model() == model
                        && tier.map(only -> only == owned.at().tier()).orElse(true)) {
                    mine.add(owned.task());
                }
            }
            return mine;
        });
    }

    private void failIfTold() {
        RuntimeException told = failure;
        if (told != null) {
            throw told;
        }
    }
}
