package dev.motioncontrol.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the service asks the provider about a task someone is waiting on: soon at first, then less
 * and less often, up to {@code max} between two questions.
 */
public record PollingPlan(Duration first, Duration max) {

    /** 1 s, doubling up to 30 s: a generation takes minutes, a client waits for seconds. */
    public static final PollingPlan DEFAULT = new PollingPlan(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public PollingPlan {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("polling waits 0 < first <= max, was " + first + " and " + max);
        }
    }

    /** The wait before poll number {@code poll} (0 for the first). */
    public Duration delayBefore(int poll) {
        Duration delay = first;
        for (int i = 0; i < poll && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
