package dev.motioncontrol.adapters.freepik.http;

import java.util.List;

/**
 * One task as the provider sends it: {@code {"task_id","status","generated":[...]}}. A list entry may come
 * without {@code generated}; it is then empty.
 */
record TaskBody(String taskId, String status, List<String> generated) {

    TaskBody {
        generated = generated == null ? List.of() : List.copyOf(generated);
    }
}
