package dev.motioncontrol.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When the service tries a webhook again after a failed attempt: the waits between attempts, after
 * which it gives up. The default follows the Standard Webhooks recommendation: at once, then after 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (about 28 hours in all).
 */
public record RetryPlan(List<Duration> waits) {

    public static final RetryPlan DEFAULT = new RetryPlan(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10)));

    public RetryPlan {
        waits = List.copyOf(waits);
    }

    /** The wait before attempt number {@code attempt + 1}, after {@code attempt} failed ones; empty: give up. */
    public Optional<Duration> waitAfter(int failedAttempts) {
        return failedAttempts - 1 < waits.size() ? Optional.of(waits.get(failedAttempts - 1)) : Optional.empty();
    }
}
