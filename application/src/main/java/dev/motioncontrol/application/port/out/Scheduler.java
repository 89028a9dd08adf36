package dev.motioncontrol.application.port.out;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs something later, without holding a thread while it waits (a Vert.x timer, a scheduled executor). */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code action} once after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable action);

    /**
     * A scheduler on one daemon thread of its own, for embedding without Vert.x. The actions must be
     * short: they share the thread.
     */
    static Scheduler daemonThread() {
        return DaemonThread.SCHEDULER;
    }

    /** A scheduled action that has not run yet can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** The one daemon thread behind {@link #daemonThread()}, started on first use. */
    final class DaemonThread {
        private static final Scheduler SCHEDULER = scheduler();

        private DaemonThread() {
        }

        private static Scheduler scheduler() {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "motion-control-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            return (delay, action) -> {
                var future = executor.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            };
        }
    }
}
