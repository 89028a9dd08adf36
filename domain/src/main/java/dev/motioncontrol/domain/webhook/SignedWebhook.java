package dev.motioncontrol.domain.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The three Standard Webhooks headers that go with one delivery of a body, as {@link WebhookSigner} makes them.
 *
 * @param id        the {@code webhook-id}: the same on every retry of one event, so receivers can de-duplicate
 * @param timestamp the {@code webhook-timestamp}, Unix seconds of this attempt
 * @param signature the {@code webhook-signature}, one or more space-separated {@code v1,<base64>} entries
 */
public record SignedWebhook(String id, long timestamp, String signature) {

    /** The name of the header carrying {@link #id()}. */
    public static final String ID_HEADER = "webhook-id";
    /** The name of the header carrying {@link #timestamp()}. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** The name of the header carrying {@link #signature()}. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    public SignedWebhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(signature, "signature");
    }

    /** The three headers by name, in the order id, timestamp, signature; unmodifiable. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, id);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(SIGNATURE_HEADER, signature);
        return Collections.unmodifiableMap(headers);
    }
}
