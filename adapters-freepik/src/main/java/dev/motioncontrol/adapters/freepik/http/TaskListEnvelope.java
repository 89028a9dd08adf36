package dev.motioncontrol.adapters.freepik.http;

import java.util.List;

/** The provider's answer to a list request: {@code {"data":[...tasks...]}}. */
record TaskListEnvelope(List<TaskBody> data) {

    TaskListEnvelope {
        data = List.copyOf(data);
    }
}
