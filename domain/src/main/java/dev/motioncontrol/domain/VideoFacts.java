package dev.motioncontrol.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a probe measured of a reference video.
 *
 * @param format            the container its bytes are in
 * @param duration          how long it plays; empty when the file does not say and it could not be estimated (a
 *                          WebM recorded by a browser often carries no duration)
 * @param durationEstimated whether {@code duration} was estimated (from the last cluster's time in a WebM without a
 *                          duration) rather than read
 * @param sizeBytes         its size in bytes, when the server said
 */
public record VideoFacts(MediaFormat format, Optional<Duration> duration, boolean durationEstimated,
        OptionalLong sizeBytes) {

    public VideoFacts {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(sizeBytes, "sizeBytes");
        if (format.kind() != MediaFormat.Kind.VIDEO) {
            throw new IllegalArgumentException(format + " is not a video format");
        }
        if (duration.filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException("a duration is never negative");
        }
        if (sizeBytes.isPresent() && sizeBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("a size is never negative");
        }
    }

    /** A video whose duration was read from the file, of unknown size. */
    public static VideoFacts of(MediaFormat format, Duration duration) {
        return new VideoFacts(format, Optional.of(duration), false, OptionalLong.empty());
    }
}
