package dev.motioncontrol.application;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One kind of line an operator must act on (a webhook given up, the store out of reach), logged at most once per
 * window however often it happens, so that a flood of failures does not become a flood of lines; the next line says
 * how many were left out meanwhile. Thread-safe.
 */
public final class OperatorNotice {

    /** How often a kind of line is logged at most, by default. */
    public static final Duration WINDOW = Duration.ofSeconds(10);

    private final Logger log;
    private final Level level;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAt;
    private final AtomicInteger leftOut = new AtomicInteger();

    public OperatorNotice(Logger log, Level level) {
        this(log, level, WINDOW);
    }

    public OperatorNotice(Logger log, Level level, Duration window) {
        this(log, level, window, System::nanoTime);
    }

    OperatorNotice(Logger log, Level level, Duration window, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        this.level = Objects.requireNonNull(level, "level");
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.nextAt = new AtomicLong(nanoTime.getAsLong());
    }

    /** Logs {@code line} if this kind's window allows it; counts it as left out otherwise. */
    public void log(Supplier<String> line) {
        long now = nanoTime.getAsLong();
        long due = nextAt.get();
        if (now - due < 0 || !nextAt.compareAndSet(due, now + windowNanos)) {
            leftOut.incrementAndGet();
            return;
        }
        int skipped = leftOut.getAndSet(0);
        log.log(level, () -> line.get() + (skipped == 0 ? ""
                : " (and " + skipped + " more like it since the last such line)"));
    }
}
