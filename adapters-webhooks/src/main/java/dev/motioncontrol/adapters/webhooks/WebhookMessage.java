package dev.motioncontrol.adapters.webhooks;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.webhook.SignedWebhook;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookSigner;
import dev.motioncontrol.freepik.api.FreepikJson;
import dev.motioncontrol.freepik.api.WireMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One webhook as the service posts it about a task: the provider's payload,
 * {@code {"task_id":"…","status":"…","generated":["…"]}}, and the headers that go with it, {@code content-type} and the
 * three Standard Webhooks headers signed with {@link WebhookSigner}:
 * <ul>
 *   <li>{@code webhook-id}: {@code msg_<task id>_<status>}. It is derived from the event, not drawn at random, so
 *       every retry of one status change carries the same id and a receiver can de-duplicate on it, and two
 *       different status changes of one task never share one;</li>
 *   <li>{@code webhook-timestamp}: the Unix seconds of the attempt;</li>
 *   <li>{@code webhook-signature}: {@code v1,<base64>} over {@code id.timestamp.body}.</li>
 * </ul>
 * What {@link SignedWebhookSender} posts, made in this one place, so that a sender of another kind (a test's, that
 * records webhooks rather than posting them) sends the very same.
 */
public final class WebhookMessage {

    /** The body's content type. */
    public static final String CONTENT_TYPE = "application/json";

    private final Map<String, String> headers;
    private final byte[] body;

    private WebhookMessage(Map<String, String> headers, byte[] body) {
        this.headers = headers;
        this.body = body;
    }

    /** The webhook about {@code task} as it stands, signed with {@code secret} for an attempt made {@code at}. */
    public static WebhookMessage of(WebhookSecret secret, Task task, Instant at) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(at, "at");
        byte[] body = FreepikJson.write(WireMapper.INSTANCE.toTaskBody(Objects.requireNonNull(task, "task")));
        SignedWebhook signed = WebhookSigner.signedWebhook(secret, webhookId(task), at.getEpochSecond(), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", CONTENT_TYPE);
        headers.putAll(signed.headers());
        return new WebhookMessage(Collections.unmodifiableMap(headers), body);
    }

    /** The headers by their lower-case names: {@code content-type}, then the three signed ones; unmodifiable. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body, a copy the caller may keep. */
    public byte[] body() {
        return body.clone();
    }

    /** The {@code webhook-id} of the event "{@code task} reached its status": the same on every retry of it. */
    static String webhookId(Task task) {
        StringBuilder id = new StringBuilder("msg_").append(task.id().value()).append('_');
        // A status is whatever the provider sent; anything outside [A-Za-z0-9_-] is percent-encoded so the id stays
        // visible ASCII without spaces, as a header value must, and distinct statuses keep distinct ids.
        for (byte b : task.status().name().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                id.append(c);
            } else {
                id.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return id.toString();
    }
}
