package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client-side limits toward the provider, without blocking anyone: a token bucket for the rate
 * ({@code rate} per second on average, {@code burst} at once) and a counter of requests in flight. A
 * request that cannot start now waits in a bounded queue, in arrival order, and starts when a token and
 * a slot are free (a Vert.x timer wakes the queue when the next token is due; a finished request wakes it
 * too). A waiter that is still queued at its deadline fails as rate limited; so does one that finds the
 * queue full. Safe for any number of threads.
 *
 * <p>Every timer is set on {@code timerContext}, a context that belongs to the client and to no deployment: a
 * timer set on a verticle's context would be cancelled when that verticle is undeployed, and a cancelled
 * wake-up timer would leave the queue asleep forever.
 */
final class RequestGate {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final System.Logger LOG = System.getLogger(RequestGate.class.getName());
    /** The longest a wake-up timer is set for; a later token is waited for in several steps. */
    static final long MAX_WAKE_UP_MILLIS = 24L * 60 * 60 * 1000;

    private final Vertx vertx;
    private final ContextInternal timerContext;
    private final double tokensPerNano;
    private final double capacity;
    private final int maxInFlight;
    private final int maxWaiting;

    // Guarded by this.
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private double tokens;
    private long refilledAt;
    private int inFlight;
    private long wakeUpTimer = -1;
    private boolean closed;

    RequestGate(ContextInternal timerContext, double requestsPerSecond, int burst, int maxInFlight, int maxWaiting) {
        this.timerContext = timerContext;
        this.vertx = timerContext.owner();
        this.tokensPerNano = requestsPerSecond / NANOS_PER_SECOND;
        this.capacity = burst;
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /** A permit to send one request, once the limits allow it and before {@code deadlineNanos}. */
    Future<Permit> enter(long deadlineNanos) {
        Promise<Permit> admitted = Promise.promise();
        Waiter waiter = new Waiter(admitted);
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                afterwards.add(() -> admitted.tryFail(new MotionTransferFailure.ProviderUnavailable(
                        "The Freepik client is closed")));
            } else if (waiting.isEmpty() && tryStart()) {
                afterwards.add(() -> admitted.tryComplete(new Permit(this)));
            } else if (waiting.size() >= maxWaiting) {
                afterwards.add(() -> admitted.tryFail(rateLimited()));
            } else {
                long delayMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
                // The timer first: a waiter queued without one (setTimer threw) could be admitted to nobody.
                waiter.deadlineTimer = timerContext.setTimer(delayMillis, id -> expire(waiter));
                waiting.add(waiter);
                admitNext(afterwards);
            }
        }
        runAll(afterwards);
        armWakeUp();
        return admitted.future();
    }

    /** Fails every waiter; later requests fail at once. */
    void close() {
        List<Waiter> failed;
        synchronized (this) {
            closed = true;
            failed = new ArrayList<>(waiting);
            waiting.clear();
            if (wakeUpTimer >= 0) {
                vertx.cancelTimer(wakeUpTimer);
                wakeUpTimer = -1;
            }
        }
        for (Waiter waiter : failed) {
            vertx.cancelTimer(waiter.deadlineTimer);
            waiter.admitted.tryFail(new MotionTransferFailure.ProviderUnavailable("The Freepik client is closed"));
        }
    }

    /** How many requests are in flight now. */
    synchronized int inFlight() {
        return inFlight;
    }

    private void release() {
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            inFlight--;
            admitNext(afterwards);
        }
        runAll(afterwards);
        armWakeUp();
    }

    /** Runs every one of {@code steps}, even when one throws, so that no admitted waiter is skipped. */
    private static void runAll(List<Runnable> steps) {
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "A waiter of the request gate failed", e);
            }
        }
    }

    private void expire(Waiter waiter) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(waiter);
        }
        if (removed) {
            waiter.admitted.tryFail(rateLimited());
        }
    }

    /**
     * Under the lock: admits waiters in order while the limits allow. Nothing in it can throw once a waiter is
     * polled and its slot counted: what may fail (completing the waiter, setting a timer) is done after the
     * lock, by {@link #runAll} and then {@link #armWakeUp()}.
     */
    private void admitNext(List<Runnable> afterwards) {
        while (!waiting.isEmpty() && tryStart()) {
            Waiter next = waiting.poll();
            Permit permit = new Permit(this);
            afterwards.add(() -> {
                try {
                    vertx.cancelTimer(next.deadlineTimer);
                    if (!next.admitted.tryComplete(permit)) {
                        permit.release();
                    }
                } catch (RuntimeException | Error e) {
                    // Whoever took the permit may never see it: the slot must not be lost with it.
                    permit.release();
                    throw e;
                }
            });
        }
    }

    /**
     * Makes sure a timer will try the queue again when waiters wait for a token. Called after the waiters that
     * were admitted have been told; a timer that cannot be set (Vert.x is closing) is logged, not thrown.
     */
    private void armWakeUp() {
        synchronized (this) {
            if (closed || waiting.isEmpty() || inFlight >= maxInFlight || wakeUpTimer >= 0) {
                // Nobody waits, a timer is set already, or the waiters wait for a slot (woken by release).
                return;
            }
            refill();
            try {
                // Under the lock: wakeUp, which takes it, sees the timer's id set before it clears it.
                wakeUpTimer = timerContext.setTimer(wakeUpMillis(tokens, tokensPerNano), id -> wakeUp());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "The request gate could not set its wake-up timer", e);
            }
        }
    }

    /**
     * In how many milliseconds a bucket holding {@code tokens}, filling at {@code tokensPerNano}, holds one
     * token: at least 1 and at most {@link #MAX_WAKE_UP_MILLIS}, computed in floating point so that no rate,
     * however small, overflows it.
     */
    static long wakeUpMillis(double tokens, double tokensPerNano) {
        double millis = Math.ceil((1.0 - tokens) / tokensPerNano / 1_000_000.0);
        if (!(millis >= 1)) {
            return 1;
        }
        return millis >= MAX_WAKE_UP_MILLIS ? MAX_WAKE_UP_MILLIS : (long) millis;
    }

    private void wakeUp() {
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            wakeUpTimer = -1;
            if (!closed) {
                admitNext(afterwards);
            }
        }
        runAll(afterwards);
        armWakeUp();
    }

    /** Takes a token and a slot if both are free. */
    private boolean tryStart() {
        refill();
        if (inFlight >= maxInFlight || tokens < 1.0) {
            return false;
        }
        tokens -= 1.0;
        inFlight++;
        return true;
    }

    /** Adds the tokens earned since the last refill. */
    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
    }

    private static MotionTransferFailure.RateLimited rateLimited() {
        return new MotionTransferFailure.RateLimited(Optional.empty());
    }

    private static final class Waiter {
        final Promise<Permit> admitted;
        long deadlineTimer;

        Waiter(Promise<Permit> admitted) {
            this.admitted = admitted;
        }
    }

    /** The right to have one request in flight; {@link #release()} it exactly once when the request is over. */
    static final class Permit {
        private final RequestGate gate;
        private boolean released;

        private Permit(RequestGate gate) {
            this.gate = gate;
        }

        void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            gate.release();
        }
    }
}
