package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The service's own record of its tasks: which client created which task, and the last state the
 * provider reported for it. It is what keeps one client from seeing another's tasks when the service
 * talks to the provider with a single account, and what lets a finished task be answered without asking
 * the provider again.
 */
public interface TaskRecords {

    /** Remembers that {@code owner} created {@code task}, as the provider first reported it. */
    CompletionStage<Void> remember(ClientKey owner, Task task);

    /** The last known state of the task with {@code id}, if {@code owner} created it; empty otherwise. */
    CompletionStage<Optional<Task>> find(ClientKey owner, TaskId id);

    /**
     * Applies a newer report of one of {@code owner}'s tasks, never moving it backwards (see
     * {@link Task#updatedFrom(Task)}), and returns the task as now recorded; empty when {@code owner} has
     * no such task.
     */
    CompletionStage<Optional<Task>> update(ClientKey owner, Task reported);

    /** The last known states of {@code owner}'s tasks, newest first. */
    CompletionStage<List<Task>> list(ClientKey owner);
}
