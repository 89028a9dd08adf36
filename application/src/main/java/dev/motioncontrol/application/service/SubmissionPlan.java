package dev.motioncontrol.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the submissions journal keeps what it keeps.
 *
 * @param keysKeptFor how long an idempotency key names its request: a retry within it pays nothing more (Stripe
 *                    keeps keys 24 hours)
 * @param pendingFor  how long a submission may wait for the provider's answer; one still pending after that was
 *                    interrupted (its instance stopped) and is settled as "may have been created"
 */
public record SubmissionPlan(Duration keysKeptFor, Duration pendingFor) {

    /** Keys kept 24 hours; a submission interrupted after 5 minutes without an answer. */
    public static final SubmissionPlan DEFAULT = new SubmissionPlan(Duration.ofHours(24), Duration.ofMinutes(5));

    public SubmissionPlan {
        Objects.requireNonNull(keysKeptFor, "keysKeptFor");
        Objects.requireNonNull(pendingFor, "pendingFor");
        if (pendingFor.isNegative() || pendingFor.isZero() || keysKeptFor.compareTo(pendingFor) < 0) {
            throw new IllegalArgumentException("0 < pendingFor <= keysKeptFor, was " + pendingFor + " and "
                    + keysKeptFor);
        }
    }
}
