package dev.motioncontrol.freepik.api;

import java.util.List;

/**
 * One task: {@code {"task_id","status","generated":[…]}}, in a status or submit answer, a list entry, and
 * (without an envelope) a webhook. The status is kept as named, unknown values included; {@code generated}
 * is empty until the task completes, and a list entry may come without it.
 */
public record TaskBody(String taskId, String status, List<String> generated) {

    public TaskBody {
        generated = generated == null ? List.of() : List.copyOf(generated);
    }
}
