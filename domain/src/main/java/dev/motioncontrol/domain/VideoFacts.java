package dev.motioncontrol.domain;

import java.time.Duration;
import java.util.Objects;

/** What a probe measured of a reference video. */
public record VideoFacts(Duration duration) {

    public VideoFacts {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration is never negative");
        }
    }
}
