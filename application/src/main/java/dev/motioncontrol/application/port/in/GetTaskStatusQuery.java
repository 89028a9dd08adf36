package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import java.util.Objects;
import java.util.Optional;

/**
 * Which task, asked by whom, and under which model's paths: the provider knows a task only at the endpoints
 * of its own model, so a task asked for under another model is unknown. Empty: under any model (the library's
 * callers hold the task itself). A caller that has gone ({@code cancellation}) needs no provider call made for it.
 */
public record GetTaskStatusQuery(ClientKey caller, TaskId taskId, Optional<Model> model, Cancellation cancellation) {

    public GetTaskStatusQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** The caller's task with {@code taskId} under {@code model}'s paths, for a caller that waits for it. */
    public GetTaskStatusQuery(ClientKey caller, TaskId taskId, Optional<Model> model) {
        this(caller, taskId, model, Cancellation.never());
    }

    /** The caller's task with {@code taskId}, whatever its model. */
    public GetTaskStatusQuery(ClientKey caller, TaskId taskId) {
        this(caller, taskId, Optional.empty());
    }

    /** Whether a task running at {@code at} is one this query may find. */
    public boolean covers(ModelTier at) {
        return model.map(asked -> asked == at.model()).orElse(true);
    }
}
