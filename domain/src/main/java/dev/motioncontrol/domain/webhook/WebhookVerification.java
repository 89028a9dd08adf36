package dev.motioncontrol.domain.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of checking one received webhook: {@link Verified} or {@link Rejected}, never an exception.
 *
 * <p>A verified webhook is authentic and recent, not necessarily new: senders retry with the same
 * {@code webhook-id}, so the receiver still has to ignore ids it has already processed.
 */
public sealed interface WebhookVerification {

    /** Whether the webhook may be processed (after de-duplication on its id). */
    default boolean isVerified() {
        return this instanceof Verified;
    }

    /**
     * An authentic webhook, signed with one of the receiver's secrets within the accepted time window.
     *
     * @param webhookId the {@code webhook-id}, exactly as received: the key to de-duplicate on
     * @param timestamp when the sender signed it
     */
    record Verified(String webhookId, Instant timestamp) implements WebhookVerification {
        public Verified {
            Objects.requireNonNull(webhookId, "webhookId");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /**
     * A webhook that must not be processed.
     *
     * @param reason why, for the receiver's own decisions and metrics
     * @param detail a sentence for logs; it names headers and times but never quotes received header text, nor
     *               any secret
     */
    record Rejected(Reason reason, String detail) implements WebhookVerification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** Why a webhook was rejected. */
        public enum Reason {
            /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent or blank. */
            MISSING_HEADERS,
            /** {@code webhook-timestamp} is not a non-negative whole number of seconds. */
            MALFORMED_TIMESTAMP,
            /** Signed longer ago than the tolerance allows: possibly a replay. */
            TIMESTAMP_TOO_OLD,
            /** Signed further in the future than the tolerance allows. */
            TIMESTAMP_TOO_NEW,
            /** No {@code v1,} entry of {@code webhook-signature} matches the content under any of the secrets. */
            NO_VALID_SIGNATURE
        }
    }
}
