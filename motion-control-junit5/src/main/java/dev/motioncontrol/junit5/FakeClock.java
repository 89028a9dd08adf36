package dev.motioncontrol.junit5;

import dev.motioncontrol.application.port.out.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock the fake and the service read: it starts at the moment it is made (to the millisecond, as the stores keep
 * instants) and stands still until it is advanced. A {@link Clock} too, in UTC, for code that takes one (a
 * {@link dev.motioncontrol.domain.webhook.WebhookVerifier}). Safe to read from any thread while a test advances it.
 */
final class FakeClock extends Clock implements TimeSource {

    private final AtomicReference<Instant> now;

    FakeClock() {
        this(new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    private FakeClock(AtomicReference<Instant> now) {
        this.now = now;
    }

    @Override
    public Instant now() {
        return now.get();
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock itself: it tells instants, whose zone does not matter. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Moves the clock forward by {@code duration}, which is not negative: a clock that steps back moves tasks back. */
    void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the fake's clock only moves forward, not by " + duration);
        }
        now.updateAndGet(instant -> instant.plus(duration));
    }
}
