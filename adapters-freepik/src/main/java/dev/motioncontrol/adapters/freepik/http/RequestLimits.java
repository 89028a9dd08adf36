package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import dev.motioncontrol.application.port.out.SharedRateBudget;
import io.vertx.core.Context;
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
import java.util.concurrent.TimeUnit;

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
 * <p>With a {@link SharedRateBudget} (instances sharing a database), an attempt let through here then takes its
 * request of the account's budget there too, and waits what that says (holding its slot) before it is sent; one that
 * could not go before its deadline fails rate limited, and if the budget cannot be read within
 * {@link #SHARED_BUDGET_WAIT}, this instance's own limits are all there is for that attempt.
 *
 * <p>Confined to the client's own Vert.x context: every method, and every {@link Permit#release()}, runs on it, so
 * the queue needs no lock and its timers belong to the client, not to a caller's verticle.
 */
final class RequestLimits {

    private static final double NANOS_PER_SECOND = 1e9;
    /**
     * How long an attempt waits for the shared budget's answer, holding its slot, before it goes on this instance's
     * limits alone: a database that is slow to answer must not hold the provider's few slots.
     */
    static final Duration SHARED_BUDGET_WAIT = Duration.ofMillis(250);

    private final Vertx vertx;
    private final Bulkhead bulkhead;
    private final Bucket bucket;
    private final int maxWaiting;
    private final double requestsPerSecond;
    private final int burst;
    private final Optional<SharedRateBudget> shared;
    /** Attempts let through here that wait for the shared budget (its answer, then the wait it said). */
    private final List<Paced> pacing = new ArrayList<>();
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
        this(vertx, settings, Optional.empty());
    }

    RequestLimits(Vertx vertx, FreepikSettings settings, Optional<SharedRateBudget> shared) {
        this.vertx = vertx;
        this.shared = shared;
        this.requestsPerSecond = settings.requestsPerSecond();
        this.burst = settings.burst();
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
            deliver(admitted, deadlineNanos);
        } else if (waitingCount == 0 && tokenDueInNanos > deadlineNanos - System.nanoTime()) {
            // First in line, yet the next token comes too late: no need to wait to know it.
            admitted.fail(rateLimited());
        } else if (maxWaiting == 0 || queue != null && queue.size() >= maxWaiting) {
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
     * Takes back an {@link #admit} whose caller no longer wants it: out of the queue, or out of its wait for the shared
     * budget with its slot released (failing it either way). Nothing for an admission already delivered or failed.
     */
    void withdraw(Future<Permit> admission) {
        for (Paced paced : pacing) {
            if (paced.admitted.future() == admission) {
                pacing.remove(paced);
                paced.end(withdrawn());
                return;
            }
        }
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
        List<Paced> paced = new ArrayList<>(pacing);
        pacing.clear();
        paced.forEach(attempt -> attempt.end(closedFailure()));
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

    /** Hands a slot to {@code admitted}, after what the shared budget (if any) says to wait. */
    private void deliver(Promise<Permit> admitted, long deadlineNanos) {
        Permit permit = new Permit();
        if (shared.isEmpty()) {
            hand(admitted, permit);
            return;
        }
        Paced paced = new Paced(admitted, permit);
        pacing.add(paced);
        Context here = vertx.getOrCreateContext();
        Duration maxWait = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        Future.fromCompletionStage(shared.get().take(requestsPerSecond, burst, maxWait), here)
                .timeout(SHARED_BUDGET_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(taken -> paced(paced, taken.succeeded() ? taken.result() : Optional.empty(),
                        taken.succeeded()));
    }

    /** What the shared budget said of {@code paced}: the wait, or empty for no room; {@code answered} false: nothing. */
    private void paced(Paced paced, Optional<Duration> wait, boolean answered) {
        if (!pacing.contains(paced)) {
            return; // withdrawn or closed meanwhile: ended then
        }
        if (answered && wait.isEmpty()) {
            pacing.remove(paced);
            paced.end(rateLimited());
        } else if (!answered || wait.get().isZero()) {
            // Without an answer from the shared budget, this instance's own limits are all there is.
            pacing.remove(paced);
            hand(paced.admitted, paced.permit);
        } else {
            paced.timer = vertx.setTimer(Math.max(1, FreepikTransport.ceilMillis(wait.get().toNanos())), id -> {
                if (pacing.remove(paced)) {
                    hand(paced.admitted, paced.permit);
                }
            });
        }
    }

    private void hand(Promise<Permit> admitted, Permit permit) {
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
                    deliver(next.admitted, next.deadlineNanos);
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

    /** An attempt holding a slot while it waits for the shared budget. */
    private final class Paced {
        final Promise<Permit> admitted;
        final Permit permit;
        long timer = -1;

        Paced(Promise<Permit> admitted, Permit permit) {
            this.admitted = admitted;
            this.permit = permit;
        }

        /** Fails the attempt with {@code why}, its slot released. */
        void end(MotionTransferFailure why) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            permit.release();
            admitted.tryFail(why);
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
