package dev.motioncontrol.adapters.webhooks;

import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SignedWebhookSender} delivers.
 *
 * @param secret           the key every webhook is signed with; its {@code toString()} never shows it
 * @param accessPolicy     which receivers may be reached, judged on the URL and on every address its host resolves to
 * @param timeout          the longest one attempt may take to resolve the host, and again to connect and receive the
 *                         status line; positive
 * @param maxResponseBytes how much of a receiver's response body is read before the connection is dropped; only the
 *                         status matters, the body is read so the connection can be reused; not negative
 * @param userAgent        the {@code user-agent} header; visible ASCII and spaces
 */
public record WebhookSenderSettings(WebhookSecret secret, UrlAccessPolicy accessPolicy, Duration timeout,
                                    int maxResponseBytes, String userAgent) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    public static final String DEFAULT_USER_AGENT = "motion-control-webhooks/0.1";

    public WebhookSenderSettings {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(accessPolicy, "accessPolicy");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() == 0) {
            throw new IllegalArgumentException("the webhook timeout must be at least one millisecond, was " + timeout);
        }
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("the response byte limit cannot be negative, was " + maxResponseBytes);
        }
        if (userAgent.isBlank() || !userAgent.chars().allMatch(c -> c >= ' ' && c < 127)) {
            throw new IllegalArgumentException("the user agent must be non-blank visible ASCII");
        }
    }

    /** The defaults: {@link #DEFAULT_TIMEOUT}, {@link #DEFAULT_MAX_RESPONSE_BYTES} and {@link #DEFAULT_USER_AGENT}. */
    public static WebhookSenderSettings of(WebhookSecret secret, UrlAccessPolicy accessPolicy) {
        return new WebhookSenderSettings(secret, accessPolicy, DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
            DEFAULT_USER_AGENT);
    }

    public WebhookSenderSettings withTimeout(Duration timeout) {
        return new WebhookSenderSettings(secret, accessPolicy, timeout, maxResponseBytes, userAgent);
    }

    public WebhookSenderSettings withMaxResponseBytes(int maxResponseBytes) {
        return new WebhookSenderSettings(secret, accessPolicy, timeout, maxResponseBytes, userAgent);
    }

    public WebhookSenderSettings withUserAgent(String userAgent) {
        return new WebhookSenderSettings(secret, accessPolicy, timeout, maxResponseBytes, userAgent);
    }
}
