package dev.motioncontrol.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when a test moves it, for anything that depends on {@link TimeSource}. Safe to
 * read from several threads while a test advances it.
 */
public final class ManualTimeSource implements TimeSource {

    private final AtomicReference<Instant> now;

    public ManualTimeSource(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** A clock standing at an arbitrary, fixed moment. */
    public static ManualTimeSource standingStill() {
        return new ManualTimeSource(Instant.parse("2026-01-01T10:00:00Z"));
    }

    @Override
    public Instant now() {
        return now.get();
    }

    /** Moves the clock forward (or back, with a negative duration) by {@code duration}. */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Puts the clock at {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }
}
