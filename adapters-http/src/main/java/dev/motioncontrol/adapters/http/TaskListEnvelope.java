package dev.motioncontrol.adapters.http;

import java.util.List;

/** The answer to a list request: {@code {"data":[{…task…}, …]}}, newest first. */
record TaskListEnvelope(List<TaskBody> data) {

    TaskListEnvelope {
        data = List.copyOf(data);
    }
}
