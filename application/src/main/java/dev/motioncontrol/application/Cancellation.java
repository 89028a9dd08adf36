package dev.motioncontrol.application;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the caller of a use case still wants its answer: an HTTP client that closed its connection does not.
 * Work done only for that caller may then stop (a provider call still waiting for its turn leaves the queue, a read
 * in flight is cut), while work others rely on, or that may already have been paid for, goes on: a submit already
 * sent to the provider is never cut.
 *
 * <p>Safe for any thread: {@link #cancel()} runs the listeners on the thread that calls it (or, for a listener
 * added after it, on the thread that adds it), so a listener hands its work to its own thread or context, and
 * must not block.
 */
public final class Cancellation {

    private static final Cancellation NEVER = new Cancellation();
    private static final Runnable NOTHING = () -> { };

    private final Object lock = new Object();
    /** Who to tell; {@code null} once told. */
    private List<Runnable> listeners = new ArrayList<>(2);

    private Cancellation() {
    }

    /** A cancellation for one caller's request, not cancelled yet. */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** The caller that always waits: the library's own callers, and work nobody asked for in particular. */
    public static Cancellation never() {
        return NEVER;
    }

    /**
     * The caller has gone: runs every listener once (each one, whatever another throws). Does nothing the second
     * time, nor for {@link #never()}.
     */
    public void cancel() {
        List<Runnable> told;
        synchronized (lock) {
            if (this == NEVER || listeners == null) {
                return;
            }
            told = listeners;
            listeners = null;
        }
        RuntimeException first = null;
        for (Runnable listener : told) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    public boolean isCancelled() {
        synchronized (lock) {
            return listeners == null;
        }
    }

    /**
     * Runs {@code listener} when the caller goes, or now if it has gone; never for {@link #never()}. Returns what
     * forgets the listener, for work that ends before its caller goes (a caller's cancellation may outlive many
     * calls, which must not all be kept).
     */
    public Runnable onCancel(Runnable listener) {
        synchronized (lock) {
            if (this == NEVER) {
                return NOTHING;
            }
            if (listeners != null) {
                listeners.add(listener);
                return () -> {
                    synchronized (lock) {
                        if (listeners != null) {
                            listeners.remove(listener);
                        }
                    }
                };
            }
        }
        listener.run();
        return NOTHING;
    }

    @Override
    public String toString() {
        return this == NEVER ? "Cancellation[never]" : "Cancellation[" + (isCancelled() ? "cancelled" : "waiting") + "]";
    }
}
