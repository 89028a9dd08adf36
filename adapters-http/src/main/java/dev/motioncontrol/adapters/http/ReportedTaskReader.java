package dev.motioncontrol.adapters.http;

import dev.motioncontrol.domain.Task;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the task a provider webhook reports: {@code {"task_id","status","generated"}} at the top level, or
 * wrapped as {@code {"data":{…}}} like the API's own answers. Leniently, unlike a submit: unknown fields are
 * ignored, and a body that is not a task is no error here but an empty result, because whether it is
 * signed matters more than whether it reads, and that is the use case's to judge.
 */
final class ReportedTaskReader {

    private ReportedTaskReader() {
    }

    static Optional<Task> read(byte[] body) {
        Object json;
        try {
            json = Json.decodeValue(Buffer.buffer(body));
        } catch (DecodeException e) {
            return Optional.empty();
        }
        if (!(json instanceof JsonObject object)) {
            return Optional.empty();
        }
        if (!object.containsKey("task_id") && object.getValue("data") instanceof JsonObject data) {
            object = data;
        }
        return taskIn(object);
    }

    private static Optional<Task> taskIn(JsonObject object) {
        if (!(object.getValue("task_id") instanceof String taskId)
                || !(object.getValue("status") instanceof String status)) {
            return Optional.empty();
        }
        Object generated = object.getValue("generated");
        List<String> urls = new ArrayList<>();
        if (generated instanceof JsonArray array) {
            for (Object url : array) {
                if (!(url instanceof String text)) {
                    return Optional.empty();
                }
                urls.add(text);
            }
        } else if (generated != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(WireMapper.INSTANCE.toTask(new TaskBody(taskId, status, urls)));
        } catch (IllegalArgumentException e) {
            // A malformed id, a blank status or a URL that is no URI: not a task this service can apply.
            return Optional.empty();
        }
    }
}
