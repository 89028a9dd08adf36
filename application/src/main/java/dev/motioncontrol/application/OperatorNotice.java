package dev.motioncontrol.application;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One kind of line an operator must act on (a webhook given up, the store out of reach, the provider refusing the
 * service's key), logged at most once per window however often it happens, so that a flood of failures does not
 * become a flood of lines; the next line says how many were left out meanwhile ({@link #leftOut(int)}). It decides
 * when; the caller logs, through whichever logger it uses. Thread-safe.
 */
public final class OperatorNotice {

    /** How often a kind of line is logged at most, by default. */
    public static final Duration WINDOW = Duration.ofSeconds(10);

    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAt;
    private final AtomicInteger leftOut = new AtomicInteger();

    /** At most a line per {@link #WINDOW}. */
    public OperatorNotice() {
        this(WINDOW, System::nanoTime);
    }

    OperatorNotice(Duration window, LongSupplier nanoTime) {
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.nextAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Whether a line of this kind is due now: how many were left out since the last one when it is, empty when this
     * one is to be left out too (it is counted).
     */
    public OptionalInt due() {
        long now = nanoTime.getAsLong();
        long due = nextAt.get();
        if (now - due < 0 || !nextAt.compareAndSet(due, now + windowNanos)) {
            leftOut.incrementAndGet();
            return OptionalInt.empty();
        }
        return OptionalInt.of(leftOut.getAndSet(0));
    }

    /** What a line says of the {@code skipped} lines left out before it: nothing when there were none. */
    public static String leftOut(int skipped) {
        return skipped == 0 ? "" : " (and " + skipped + " more like it since the last such line)";
    }

    /** Logs {@code line} to {@code log} at {@code level} if it is due (see {@link #due()}). */
    public void log(Logger log, Level level, Supplier<String> line) {
        due().ifPresent(skipped -> log.log(level, () -> line.get() + leftOut(skipped)));
    }
}
