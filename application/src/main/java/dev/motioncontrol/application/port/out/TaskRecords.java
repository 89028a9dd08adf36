package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.WebhookUrl;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The service's own record of its tasks: which client created which task, the last state the provider
 * reported for it, and how the delivery of its webhook stands. It is what keeps one client from seeing
 * another's tasks when the service talks to the provider with a single account, and what lets a finished
 * task be answered without asking the provider again.
 */
public interface TaskRecords {

    /**
     * Remembers that {@code owner} created {@code task} at {@code at} (its model and tier), as the provider
     * first reported it.
     */
    CompletionStage<Void> remember(ClientKey owner, Task task, ModelTier at, Optional<WebhookUrl> webhook);

    /** The record of the task with {@code id}, if {@code owner} created it; empty otherwise. */
    CompletionStage<Optional<TaskRecord>> find(ClientKey owner, TaskId id);

    /** The whole record of the task with {@code id}, whoever created it (for the provider's webhooks). */
    CompletionStage<Optional<TaskRecord>> findById(TaskId id);

    /**
     * Applies a newer report of a task, never moving it backwards (see {@link Task#updatedFrom(Task)}), and
     * returns the record as it was before and as it is now; empty when there is no such task.
     */
    CompletionStage<Optional<Change>> update(Task reported);

    /** The records of {@code owner}'s tasks, newest first. */
    CompletionStage<List<TaskRecord>> list(ClientKey owner);

    /** Records how the delivery of the task's webhook now stands. */
    CompletionStage<Void> recordDelivery(TaskId id, WebhookDelivery delivery);

    /** One task's record: who created it, where it runs, its last known state, its webhook's delivery. */
    record TaskRecord(ClientKey owner, Task task, ModelTier modelTier, Optional<WebhookDelivery> webhook) {
        public TaskRecord {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(modelTier, "modelTier");
            Objects.requireNonNull(webhook, "webhook");
        }
    }

    /** A task's record before and after an update; {@link #changed()} when the task moved. */
    record Change(TaskRecord before, TaskRecord after) {
        public boolean changed() {
            return !before.task().equals(after.task());
        }
    }
}
