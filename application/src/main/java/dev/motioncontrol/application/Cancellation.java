package dev.motioncontrol.application;

import java.util.concurrent.CompletableFuture;

/**
 * Whether the caller of a use case still wants its answer: an HTTP client that closed its connection does not.
 * Work done only for that caller may then stop (a provider call still waiting for its turn leaves the queue, a read
 * in flight is cut), while work others rely on, or that may already have been paid for, goes on: a submit already
 * sent to the provider is never cut.
 *
 * <p>Safe for any thread: {@link #cancel()} runs the listeners on the thread that calls it (or, for a listener
 * added after it, on the thread that adds it), so a listener hands its work to its own thread or context.
 */
public final class Cancellation {

    private static final Cancellation NEVER = new Cancellation();

    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

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

    /** The caller has gone: runs every listener once. Does nothing the second time, nor for {@link #never()}. */
    public void cancel() {
        if (this != NEVER) {
            cancelled.complete(null);
        }
    }

    public boolean isCancelled() {
        return cancelled.isDone();
    }

    /** Runs {@code listener} when the caller goes, or now if it has gone; never for {@link #never()}. */
    public void onCancel(Runnable listener) {
        if (this != NEVER) {
            cancelled.thenRun(listener);
        }
    }

    @Override
    public String toString() {
        return this == NEVER ? "Cancellation[never]" : "Cancellation[" + (isCancelled() ? "cancelled" : "waiting") + "]";
    }
}
