package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.TaskId;
import java.util.Objects;

/** Which task, asked by whom. */
public record GetTaskStatusQuery(ClientKey caller, TaskId taskId) {

    public GetTaskStatusQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(taskId, "taskId");
    }
}
