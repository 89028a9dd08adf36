package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The client-side limits toward the provider, driven without blocking a thread: a resilience4j {@link Bulkhead} (at
 * most {@code maxConcurrentRequests} in flight) and a Bucket4j token bucket (bursts of {@code burst}, refilled at
 * {@code requestsPerSecond}, a token at a time). An attempt starts only when both allow it now: a slot of the
 * bulkhead and a token of the bucket, each taken without waiting ({@code tryAcquirePermission()},
 * {@code tryConsumeAndReturnRemaining(1)}). Otherwise it waits its turn, and a Vert.x timer wakes the queue when the
 * next token is due.
 *
 * <p>The queue is fair between the clients the calls are made for (their lanes): each client waits in its own
 * first-come first-served lane of at most {@code maxWaitingRequests}, and whatever frees up (a slot, a token) goes to
 * the lanes in turn, so that a client who floods the queue delays another by about one call of its own, not by all of
 * them. An attempt that cannot start before its deadline, or finds its lane full, fails
 * {@link MotionTransferFailure.RateLimited}: nothing reached the provider.
 *
 * <p>Confined to the client's own Vert.x context: every method, and every {@link Permit#release()}, runs on it, so
 * the queue needs no lock and its timers belong to the client, not to a caller's verticle.
 */
final class RequestLimits {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Vertx vertx;
    private final Bulkhead bulkhead;
    private final Bucket bucket;
    private final int maxWaiting;
    /** The waiting attempts, by lane; a lane is here only while someone waits in it. */
    private final Map<Object, ArrayDeque<Waiter>> lanes = new HashMap<>();
    /** The lanes with someone waiting, in the order their turns come. */
    private final ArrayDeque<Object> turns = new ArrayDeque<>();
    private int waitingCount;
    /** When the last {@link #mayStartNow()} found no token: how long until the next is due; 0 otherwise. */
    private long tokenDueInNanos;
    /** The timer that wakes the queue when the next token is due; -1 when none is set. */
    private long wakeTimer = -1;
    private boolean admitting;
    private boolean admitAgain;
    private boolean closed;

    RequestLimits(Vertx vertx, FreepikSettings settings) {
        this.vertx = vertx;
        this.bulkhead = Bulkhead.of("freepik", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentRequests())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.bucket = Bucket.builder().addLimit(bandwidth(settings.requestsPerSecond(), settings.burst()))
                .withNanosecondPrecision().build();
        this.maxWaiting = settings.maxWaitingRequests();
    }

    /** Bursts of {@code burst}, then {@code requestsPerSecond} on average, one token at a time. */
    static Bandwidth bandwidth(double requestsPerSecond, int burst) {
        // Bucket4j refills whole tokens over whole nanoseconds: one token every 1 / requestsPerSecond seconds.
        long nanosPerToken = Math.max(1, Math.round(NANOS_PER_SECOND / requestsPerSecond));
        return Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(nanosPerToken)).build();
    }

    /**
     * A permit to send one request for the client of {@code lane}, once the limits and the turns of the other lanes
     * allow it, and before {@code deadlineNanos}.
     */
    Future<Permit> admit(long deadlineNanos, Object lane) {
        Promise<Permit> admitted = Promise.promise();
        ArrayDeque<Waiter> queue = lanes.get(lane);
        if (closed) {
            admitted.fail(closedFailure());
        } else if (waitingCount == 0 && mayStartNow()) {
            deliver(admitted);
        } else if (waitingCount == 0 && tokenDueInNanos > deadlineNanos - System.nanoTime()) {
            // First in line, yet the next token comes too late: no need to wait to know it.
            admitted.fail(rateLimited());
        } else if (maxWaiting == 0 || queue != null && queue.size() >= maxWaiting) {
            admitted.fail(rateLimited());
        } else {
            Waiter waiter = new Waiter(admitted, lane);
            waiter.timer = vertx.setTimer(Math.max(1, FreepikTransport.ceilMillis(deadlineNanos - System.nanoTime())),
                    id -> expire(waiter));
            if (queue == null) {
                queue = new ArrayDeque<>();
                lanes.put(lane, queue);
                turns.add(lane);
            }
            queue.add(waiter);
            waitingCount++;
        }
        return admitted.future();
    }

    /**
     * Takes back an {@link #admit} whose caller no longer wants it, out of the queue (failing it). Nothing for an
     * admission already delivered or failed.
     */
    void withdraw(Future<Permit> admission) {
        for (ArrayDeque<Waiter> queue : lanes.values()) {
            for (Waiter waiter : queue) {
                if (waiter.admitted.future() == admission) {
                    leave(waiter);
                    vertx.cancelTimer(waiter.timer);
                    waiter.admitted.tryFail(withdrawn());
                    return;
                }
            }
        }
    }

    /** How many attempts wait in the queue for their turn. */
    int waiting() {
        return waitingCount;
    }

    /** How many requests could start now as far as the bulkhead goes. */
    int freeSlots() {
        return bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    /** Fails every waiting attempt; later ones fail at once. */
    void close() {
        closed = true;
        List<Waiter> failed = new ArrayList<>();
        lanes.values().forEach(failed::addAll);
        lanes.clear();
        turns.clear();
        waitingCount = 0;
        if (wakeTimer >= 0) {
            vertx.cancelTimer(wakeTimer);
            wakeTimer = -1;
        }
        for (Waiter waiter : failed) {
            vertx.cancelTimer(waiter.timer);
            waiter.admitted.tryFail(closedFailure());
        }
    }

    /**
     * Takes a slot and a token if both are there now; otherwise takes neither, and, when a token is what is missing,
     * sets the timer that wakes the queue once it is due (a missing slot wakes it when released).
     */
    private boolean mayStartNow() {
        tokenDueInNanos = 0;
        if (!bulkhead.tryAcquirePermission()) {
            return false;
        }
        ConsumptionProbe token = bucket.tryConsumeAndReturnRemaining(1);
        if (token.isConsumed()) {
            return true;
        }
        bulkhead.onComplete();
        tokenDueInNanos = token.getNanosToWaitForRefill();
        if (wakeTimer < 0) {
            wakeTimer = vertx.setTimer(Math.max(1, FreepikTransport.ceilMillis(tokenDueInNanos)),
                    id -> {
                        wakeTimer = -1;
                        admitNext();
                    });
        }
        return false;
    }

    private void deliver(Promise<Permit> admitted) {
        Permit permit = new Permit();
        boolean taken = false;
        try {
            taken = !closed && admitted.tryComplete(permit);
        } finally {
            if (!taken) {
                permit.release();
            }
        }
    }

    private void expire(Waiter waiter) {
        if (leave(waiter)) {
            waiter.admitted.tryFail(rateLimited());
        }
    }

    /** Takes {@code waiter} out of its lane, and the lane out of the turns once empty; false if it was not there. */
    private boolean leave(Waiter waiter) {
        ArrayDeque<Waiter> queue = lanes.get(waiter.lane);
        if (queue == null || !queue.remove(waiter)) {
            return false;
        }
        waitingCount--;
        if (queue.isEmpty()) {
            lanes.remove(waiter.lane);
            turns.remove(waiter.lane);
        }
        return true;
    }

    /** The first waiter of the lane whose turn it is; that lane's next turn comes after every other lane's. */
    private Waiter nextInTurn() {
        Object lane = turns.poll();
        ArrayDeque<Waiter> queue = lanes.get(lane);
        Waiter next = queue.poll();
        waitingCount--;
        if (queue.isEmpty()) {
            lanes.remove(lane);
        } else {
            turns.add(lane);
        }
        return next;
    }

    /** Starts waiters in turn while the limits allow; re-entered from a release, it lets the outer loop go on. */
    private void admitNext() {
        if (admitting) {
            admitAgain = true;
            return;
        }
        admitting = true;
        try {
            do {
                admitAgain = false;
                while (!closed && waitingCount > 0 && mayStartNow()) {
                    Waiter next = nextInTurn();
                    vertx.cancelTimer(next.timer);
                    deliver(next.admitted);
                }
            } while (admitAgain);
        } finally {
            admitting = false;
        }
    }

    private static MotionTransferFailure.RateLimited rateLimited() {
        return new MotionTransferFailure.RateLimited(Optional.empty());
    }

    private static MotionTransferFailure.ProviderUnavailable withdrawn() {
        return new MotionTransferFailure.ProviderUnavailable("The caller went away while the call waited for its turn");
    }

    private static MotionTransferFailure.ProviderUnavailable closedFailure() {
        return new MotionTransferFailure.ProviderUnavailable("The Freepik client is closed");
    }

    private static final class Waiter {
        final Promise<Permit> admitted;
        final Object lane;
        long timer = -1;

        Waiter(Promise<Permit> admitted, Object lane) {
            this.admitted = admitted;
            this.lane = lane;
        }
    }

    /** One slot of the bulkhead, held until {@link #release()}d; releasing it again does nothing. */
    final class Permit {
        private boolean released;

        void release() {
            if (released) {
                return;
            }
            released = true;
            bulkhead.onComplete();
            admitNext();
        }
    }
}
