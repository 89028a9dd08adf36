package dev.motioncontrol.freepik.api;

import java.util.List;

/** The answer to a list request: {@code {"data":[{…task…}, …]}}. */
public record TaskListEnvelope(List<TaskBody> data) {

    public TaskListEnvelope {
        data = data == null ? List.of() : List.copyOf(data);
    }
}
