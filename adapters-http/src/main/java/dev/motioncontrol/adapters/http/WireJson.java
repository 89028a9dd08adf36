package dev.motioncontrol.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the wire records as JSON with Jackson's streaming generator: no reflection and no intermediate
 * tree, because the status answer is on the hot path. Property names are the provider's snake_case.
 */
final class WireJson {

    private static final JsonFactory JSON = new JsonFactory();

    private WireJson() {
    }

    static Buffer encode(TaskEnvelope envelope) {
        return write(json -> {
            json.writeStartObject();
            json.writeFieldName("data");
            write(json, envelope.data());
            json.writeEndObject();
        });
    }

    static Buffer encode(TaskListEnvelope envelope) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("data");
            for (TaskBody task : envelope.data()) {
                write(json, task);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static Buffer encode(WebhookDeliveryEnvelope envelope) {
        WebhookDeliveryBody delivery = envelope.data();
        return write(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("data");
            json.writeStringField("task_id", delivery.taskId());
            json.writeStringField("webhook_url", delivery.webhookUrl());
            json.writeStringField("state", delivery.state());
            json.writeNumberField("attempts", delivery.attempts());
            json.writeStringField("last_attempt_at", delivery.lastAttemptAt());
            if (delivery.lastStatus() == null) {
                json.writeNullField("last_status");
            } else {
                json.writeNumberField("last_status", delivery.lastStatus());
            }
            json.writeStringField("last_error", delivery.lastError());
            json.writeStringField("next_attempt_at", delivery.nextAttemptAt());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** {@code {"message":"…"}}: the answer to a provider's webhook, whatever became of it. */
    static Buffer message(String message) {
        return encode(new ErrorBody(message));
    }

    static Buffer encode(ErrorBody error) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("message", error.message());
            if (!error.invalidParams().isEmpty()) {
                json.writeArrayFieldStart("invalid_params");
                for (InvalidParam param : error.invalidParams()) {
                    json.writeStartObject();
                    json.writeStringField("name", param.name());
                    json.writeStringField("reason", param.reason());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    private static void write(JsonGenerator json, TaskBody task) throws IOException {
        json.writeStartObject();
        json.writeStringField("task_id", task.taskId());
        json.writeStringField("status", task.status());
        json.writeArrayFieldStart("generated");
        for (String url : task.generated()) {
            json.writeString(url);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    @FunctionalInterface
    private interface Writing {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static Buffer write(Writing writing) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
            try (JsonGenerator json = JSON.createGenerator(bytes)) {
                writing.writeTo(json);
            }
            return Buffer.buffer(bytes.toByteArray());
        } catch (IOException e) {
            // Writing to memory does no I/O; this would be a bug in the writer.
            throw new UncheckedIOException(e);
        }
    }
}
