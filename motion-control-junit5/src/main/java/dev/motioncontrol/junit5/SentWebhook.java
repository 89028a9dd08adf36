package dev.motioncontrol.junit5;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One webhook the fake service sent: where to, about which task, the headers and body exactly as the service signs and
 * posts them, and the HTTP status it was answered with (by the handle, which stands in for the receiver: see
 * {@link FakeMotionControl#answerWebhooksWith}).
 *
 * @param url            the task's {@code webhook_url}
 * @param taskId         the task the webhook is about
 * @param taskStatus     the status it reports, {@code COMPLETED} or {@code FAILED}
 * @param headers        {@code content-type}, {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 * @param body           the JSON body, {@code {"task_id":…,"status":…,"generated":[…]}}
 * @param responseStatus the status the attempt was answered with
 * @param sentAt         when it was sent, by the fake's clock
 */
public record SentWebhook(URI url, String taskId, String taskStatus, Map<String, String> headers, String body,
        int responseStatus, Instant sentAt) {

    public SentWebhook {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskStatus, "taskStatus");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** The body's bytes as they were signed: what a {@link dev.motioncontrol.domain.webhook.WebhookVerifier} checks. */
    public byte[] rawBody() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
