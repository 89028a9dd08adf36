package dev.motioncontrol.application.port.out;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scheduler that runs nothing until the test lets time pass: {@link #advance(Duration)} runs, in order,
 * every action that falls due, including those scheduled meanwhile. Given a {@link ManualTimeSource}, it moves
 * that clock in step, so that each action reads the time it was due at.
 */
public final class ManualScheduler implements Scheduler {

    private record Due(long atNanos, long order, Runnable action, boolean[] cancelled) {
    }

    private final List<Due> pending = new ArrayList<>();
    private final Optional<ManualTimeSource> clock;
    private long nowNanos;
    private long scheduled;

    /** A scheduler with a time of its own. */
    public ManualScheduler() {
        this.clock = Optional.empty();
    }

    /** A scheduler whose passing time moves {@code clock} too. */
    public ManualScheduler(ManualTimeSource clock) {
        this.clock = Optional.of(Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable action) {
        boolean[] cancelled = {false};
        pending.add(new Due(nowNanos + Math.max(0, delay.toNanos()), scheduled++, action, cancelled));
        return () -> {
            synchronized (this) {
                cancelled[0] = true;
            }
        };
    }

    /** Lets {@code duration} pass, running what falls due on this thread. */
    public void advance(Duration duration) {
        long until;
        synchronized (this) {
            until = nowNanos + duration.toNanos();
        }
        while (true) {
            Due next;
            synchronized (this) {
                next = pending.stream().filter(due -> due.atNanos() <= until)
                        .min(Comparator.comparingLong(Due::atNanos).thenComparingLong(Due::order)).orElse(null);
                if (next == null) {
                    moveTo(until);
                    return;
                }
                pending.remove(next);
                moveTo(Math.max(nowNanos, next.atNanos()));
                if (next.cancelled()[0]) {
                    continue;
                }
            }
            next.action().run();
        }
    }

    private void moveTo(long nanos) {
        long passed = nanos - nowNanos;
        clock.ifPresent(time -> time.advance(Duration.ofNanos(passed)));
        nowNanos = nanos;
    }

    /** How many scheduled actions are still waiting (cancelled ones excluded). */
    public synchronized long waiting() {
        return pending.stream().filter(due -> !due.cancelled()[0]).count();
    }
}
