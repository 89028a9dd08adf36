package dev.motioncontrol.application.port.out;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scheduler that runs nothing until the test lets time pass: {@link #advance(Duration)} runs, in order,
 * every action that falls due, including those scheduled meanwhile.
 */
public final class ManualScheduler implements Scheduler {

    private record Due(long atNanos, long order, Runnable action, boolean[] cancelled) {
    }

    private final List<Due> pending = new ArrayList<>();
    private long nowNanos;
    private long scheduled;

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
                    nowNanos = until;
                    return;
                }
                pending.remove(next);
                nowNanos = Math.max(nowNanos, next.atNanos());
                if (next.cancelled()[0]) {
                    continue;
                }
            }
            next.action().run();
        }
    }

    /** How many scheduled actions are still waiting (cancelled ones excluded). */
    public synchronized long waiting() {
        return pending.stream().filter(due -> !due.cancelled()[0]).count();
    }
}
