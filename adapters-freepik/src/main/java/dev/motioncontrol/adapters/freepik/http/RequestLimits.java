package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
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
 * The client-side limits toward the provider, from resilience4j, driven without blocking a thread: a
 * {@link Bulkhead} (at most {@code maxConcurrentRequests} in flight) and a {@link RateLimiter} (the rate and the
 * burst). An attempt first takes a slot of the bulkhead — at once, or after waiting its turn in the queue (below)
 * — then reserves a permit of the rate limiter, which
 * says how long to wait for it: a Vert.x timer waits that long. The queue is fair between the clients the calls are
 * made for (their lanes): each client waits in its own first-come first-served lane of at most
 * {@code maxWaitingRequests}, and a free slot goes to the lanes in turn, so that a client who floods the queue
 * delays another by one call of its own at most, not by all of them. Neither library call ever blocks: the bulkhead
 * is asked with {@code tryAcquirePermission()} (no wait), the rate limiter with {@code reservePermission()}.
 * An attempt that cannot start before its deadline, or finds the queue full, fails {@link
 * MotionTransferFailure.RateLimited}: nothing reached the provider.
 *
 * <p>resilience4j's rate limiter counts permits per fixed window. {@code burst} permits per window of
 * {@code burst / requestsPerSecond} seconds (50 per 5 s by default) keep the average and let a burst go at once;
 * the price of windows is that two bursts may meet at a window's edge. A window longer than a day is shortened
 * to a day, with proportionally fewer permits, so that the library's nanosecond arithmetic cannot overflow.
 *
 * <p>Confined to the client's own Vert.x context: every method, and every {@link Permit#release()}, runs on it, so
 * the queue needs no lock and its timers belong to the client, not to a caller's verticle.
 */
final class RequestLimits {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double LONGEST_WINDOW_NANOS = Duration.ofDays(1).toNanos();

    private final Vertx vertx;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;
    private final int maxWaiting;
    /** The waiting attempts, by lane; a lane is here only while someone waits in it. */
    private final Map<Object, ArrayDeque<Waiter>> lanes = new HashMap<>();
    /** The lanes with someone waiting, in the order their turns come. */
    private final ArrayDeque<Object> turns = new ArrayDeque<>();
    private int waitingCount;
    /** Permits holding a slot while their rate permit comes due. */
    private final List<Permit> pacing = new ArrayList<>();
    private boolean admitting;
    private boolean admitAgain;
    private boolean closed;

    RequestLimits(Vertx vertx, FreepikSettings settings) {
        this.vertx = vertx;
        this.bulkhead = Bulkhead.of("freepik", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentRequests())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.rateLimiter = RateLimiter.of("freepik", windows(settings.requestsPerSecond(), settings.burst()));
        this.maxWaiting = settings.maxWaitingRequests();
    }

    /** The rate limiter's windows for an average of {@code requestsPerSecond} with bursts of {@code burst}. */
    static RateLimiterConfig windows(double requestsPerSecond, int burst) {
        int perWindow = burst;
        double windowNanos = burst / requestsPerSecond * NANOS_PER_SECOND;
        if (windowNanos > LONGEST_WINDOW_NANOS) {
            perWindow = (int) Math.max(1, Math.floor(requestsPerSecond * LONGEST_WINDOW_NANOS / NANOS_PER_SECOND));
            windowNanos = perWindow / requestsPerSecond * NANOS_PER_SECOND;
        }
        return RateLimiterConfig.custom()
                .limitForPeriod(perWindow)
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1, Math.round(windowNanos))))
                .timeoutDuration(Duration.ZERO)
                .build();
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
        } else if (waitingCount == 0 && bulkhead.tryAcquirePermission()) {
            pace(admitted, deadlineNanos);
        } else if (queue != null && queue.size() >= maxWaiting || maxWaiting == 0) {
            admitted.fail(rateLimited());
        } else {
            Waiter waiter = new Waiter(admitted, deadlineNanos, lane);
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
     * Takes back an {@link #admit} whose caller no longer wants it: out of the queue (failing it), or, if it holds a
     * slot while its rate permit comes due, with the slot released. The rate permit it reserved, if any, is spent:
     * resilience4j gives none back. Nothing for an admission already delivered or failed.
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
        for (Permit permit : pacing) {
            if (permit.pacedFor.future() == admission) {
                pacing.remove(permit);
                permit.release();
                permit.pacedFor.tryFail(withdrawn());
                return;
            }
        }
    }

    /** How many attempts wait in the queue for a slot. */
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
        List<Permit> paced = new ArrayList<>(pacing);
        pacing.clear();
        for (Waiter waiter : failed) {
            vertx.cancelTimer(waiter.timer);
            waiter.admitted.tryFail(closedFailure());
        }
        for (Permit permit : paced) {
            permit.release();
            permit.pacedFor.tryFail(closedFailure());
        }
    }

    /** Holding a slot: takes a rate permit now, or after a wait that ends before the deadline. */
    private void pace(Promise<Permit> admitted, long deadlineNanos) {
        Permit permit = new Permit(admitted);
        try {
            long remainingNanos = deadlineNanos - System.nanoTime();
            long waitNanos = -1;
            if (remainingNanos > 0) {
                // Only this context reserves permits, so the timeout set here is the one the reservation sees.
                rateLimiter.changeTimeoutDuration(Duration.ofNanos(remainingNanos));
                waitNanos = rateLimiter.reservePermission();
            }
            if (waitNanos < 0) {
                permit.release();
                admitted.tryFail(rateLimited());
            } else if (waitNanos == 0) {
                deliver(permit);
            } else {
                pacing.add(permit);
                permit.timer = vertx.setTimer(Math.max(1, FreepikTransport.ceilMillis(waitNanos)), id -> {
                    permit.timer = -1;
                    pacing.remove(permit);
                    deliver(permit);
                });
            }
        } catch (RuntimeException | Error e) {
            // Whoever waits for the permit may never see it: the slot must not be lost with it.
            permit.release();
            admitted.tryFail(e);
        }
    }

    private void deliver(Permit permit) {
        boolean taken = false;
        try {
            taken = !closed && permit.pacedFor.tryComplete(permit);
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

    /** Admits waiters in order while slots are free; re-entered from a release, it lets the outer loop go on. */
    private void admitNext() {
        if (admitting) {
            admitAgain = true;
            return;
        }
        admitting = true;
        try {
            do {
                admitAgain = false;
                while (!closed && waitingCount > 0 && bulkhead.tryAcquirePermission()) {
                    Waiter next = nextInTurn();
                    vertx.cancelTimer(next.timer);
                    pace(next.admitted, next.deadlineNanos);
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
        final long deadlineNanos;
        final Object lane;
        long timer = -1;

        Waiter(Promise<Permit> admitted, long deadlineNanos, Object lane) {
            this.admitted = admitted;
            this.deadlineNanos = deadlineNanos;
            this.lane = lane;
        }
    }

    /** One slot of the bulkhead, held until {@link #release()}d; releasing it again does nothing. */
    final class Permit {
        private final Promise<Permit> pacedFor;
        private long timer = -1;
        private boolean released;

        private Permit(Promise<Permit> pacedFor) {
            this.pacedFor = pacedFor;
        }

        void release() {
            if (released) {
                return;
            }
            released = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            bulkhead.onComplete();
            admitNext();
        }
    }
}
