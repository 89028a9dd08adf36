package dev.motioncontrol.adapters.http;

import java.util.List;

/**
 * One task on the wire: {@code {"task_id":"…","status":"…","generated":["…"]}}. The status is passed on as
 * the provider named it, unknown values included; {@code generated} is empty until the task completes.
 */
record TaskBody(String taskId, String status, List<String> generated) {

    TaskBody {
        generated = generated == null ? List.of() : List.copyOf(generated);
    }
}
