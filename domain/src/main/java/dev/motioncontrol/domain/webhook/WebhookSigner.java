package dev.motioncontrol.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Signs webhooks with the Standard Webhooks scheme: {@code v1,} followed by the standard base64 (with padding) of
 * the HMAC-SHA256, under the secret, of the UTF-8 {@code webhook-id}, a dot, the decimal {@code webhook-timestamp},
 * a dot, and the body bytes exactly as they will be sent.
 *
 * <p>Sign each delivery attempt afresh with the time of that attempt, and keep the id of the event across retries:
 * receivers reject stale timestamps and de-duplicate on the id.
 *
 * <pre>{@code
 * byte[] body = json.getBytes(StandardCharsets.UTF_8);
 * SignedWebhook signed = WebhookSigner.signedWebhook(secret, "msg_2Xv9", Instant.now().getEpochSecond(), body);
 * signed.headers().forEach(request::putHeader);   // webhook-id, webhook-timestamp, webhook-signature
 * }</pre>
 */
public final class WebhookSigner {

    /** The only signature version this scheme defines for a symmetric key. */
    static final String VERSION = "v1";

    private WebhookSigner() {
    }

    /**
     * The {@code webhook-signature} value for one delivery of {@code body}: {@code v1,<base64>}.
     *
     * @param webhookId        the event's id: visible ASCII, no spaces (it travels in a header)
     * @param timestampSeconds Unix seconds of this attempt, not negative
     * @param body             the exact bytes that will be sent
     * @throws IllegalArgumentException when the id is empty or not visible ASCII, or the timestamp is negative
     */
    public static String sign(WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(body, "body");
        if (webhookId.isEmpty() || !webhookId.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("a webhook id is one or more visible ASCII characters, without spaces");
        }
        if (timestampSeconds < 0) {
            throw new IllegalArgumentException("a webhook timestamp is Unix seconds, not negative");
        }
        return VERSION + "," + Base64.getEncoder().encodeToString(digest(secret, webhookId, timestampSeconds, body));
    }

    /**
     * All three headers for one delivery of {@code body}, for the same arguments and with the same rules as
     * {@link #sign(WebhookSecret, String, long, byte[])}.
     */
    public static SignedWebhook signedWebhook(WebhookSecret secret, String webhookId, long timestampSeconds,
                                              byte[] body) {
        return new SignedWebhook(webhookId, timestampSeconds, sign(secret, webhookId, timestampSeconds, body));
    }

    /** The raw HMAC-SHA256 of {@code id.timestamp.body}; shared with the verifier so both compute it one way. */
    static byte[] digest(WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body) {
        Mac mac = secret.hmacSha256();
        mac.update(webhookId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '.');
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return mac.doFinal(body);
    }
}
