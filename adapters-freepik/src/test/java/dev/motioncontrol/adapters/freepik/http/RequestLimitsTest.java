package dev.motioncontrol.adapters.freepik.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import io.github.bucket4j.Bandwidth;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client-side limits on their own: slots, their queue, the rate, and that no slot is ever lost. */
class RequestLimitsTest {

    private static final long LONG = Duration.ofSeconds(10).toNanos();

    private static Vertx vertx;
    private static Context context;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterAll
    static void stopVertx() {
        Await.value(vertx.close());
    }

    /** Runs {@code step} on the limits' context, as the client does, and hands back what it returns. */
    private static <T> T onContext(Supplier<T> step) {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                done.complete(step.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        return Await.value(done);
    }

    private static RequestLimits limits(UnaryOperator<FreepikSettings> tuning) {
        FreepikSettings settings = tuning.apply(FreepikSettings.freepik("a-key").withRateLimit(1000, 1000));
        return onContext(() -> new RequestLimits(vertx, settings));
    }

    private static Future<RequestLimits.Permit> admit(RequestLimits limits, long withinNanos) {
        return admit(limits, withinNanos, "one client");
    }

    private static Future<RequestLimits.Permit> admit(RequestLimits limits, long withinNanos, Object lane) {
        return onContext(() -> limits.admit(System.nanoTime() + withinNanos, lane));
    }

    private static void release(RequestLimits.Permit permit) {
        onContext(() -> {
            permit.release();
            return null;
        });
    }

    @Test
    void theDefaultBucketHoldsABurstOfFiftyAndGainsATokenEveryTenthOfASecond() {
        Bandwidth bandwidth = RequestLimits.bandwidth(10, 50);

        assertThat(bandwidth.getCapacity()).isEqualTo(50);
        assertThat(bandwidth.getRefillTokens()).isEqualTo(1);
        assertThat(Duration.ofNanos(bandwidth.getRefillPeriodNanos())).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theFastestRateIsATokenANanosecond() {
        assertThat(RequestLimits.bandwidth(1e12, 1).getRefillPeriodNanos()).isEqualTo(1);
    }

    @Test
    void aBurstStartsAtOnceAndTheNextRequestWaitsForTheNextToken() {
        RequestLimits limits = limits(s -> s.withRateLimit(10, 3).withMaxConcurrentRequests(10));
        long start = System.nanoTime();

        for (int i = 0; i < 3; i++) {
            assertThat(admit(limits, LONG).isComplete()).as("request %d of the burst", i).isTrue();
        }
        Future<RequestLimits.Permit> fourth = admit(limits, LONG);

        assertThat(fourth.isComplete()).isFalse();
        Await.value(fourth);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
    }

    @Test
    void waitersGetFreedSlotsInTheOrderTheyCame() {
        RequestLimits limits = limits(s -> s.withMaxConcurrentRequests(1));
        RequestLimits.Permit first = Await.value(admit(limits, LONG));
        Future<RequestLimits.Permit> second = admit(limits, LONG);
        Future<RequestLimits.Permit> third = admit(limits, LONG);

        release(first);
        RequestLimits.Permit secondPermit = Await.value(second);

        assertThat(third.isComplete()).isFalse();
        release(secondPermit);
        Await.value(third);
    }

    @Test
    void clientsTakeTurnsSoThatOneWhoFloodsTheQueueDelaysAnotherByOneCallAtMost() {
        RequestLimits limits = limits(s -> s.withMaxConcurrentRequests(1));
        RequestLimits.Permit running = Await.value(admit(limits, LONG, "flooder"));
        List<Future<RequestLimits.Permit>> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flood.add(admit(limits, LONG, "flooder"));
        }
        Future<RequestLimits.Permit> polite = admit(limits, LONG, "polite");

        release(running);
        release(Await.value(flood.get(0)));

        assertThat(Await.value(polite)).isNotNull();
        assertThat(flood.subList(1, flood.size())).noneMatch(Future::isComplete);
    }

    @Test
    void eachClientHasItsOwnLaneOfWaitingRequests() {
        RequestLimits limits = limits(s -> s.withMaxConcurrentRequests(1).withMaxWaitingRequests(1));
        Await.value(admit(limits, LONG, "flooder"));
        admit(limits, LONG, "flooder");

        Future<RequestLimits.Permit> more = admit(limits, LONG, "flooder");
        Future<RequestLimits.Permit> polite = admit(limits, LONG, "polite");

        assertThat(more.failed()).isTrue();
        assertThat(more.cause()).isInstanceOf(RateLimited.class);
        assertThat(polite.isComplete()).as("waits in its own lane").isFalse();
    }

    @Test
    void aFullQueueIsRateLimitedAtOnce() {
        RequestLimits limits = limits(s -> s.withMaxConcurrentRequests(1).withMaxWaitingRequests(1));
        Await.value(admit(limits, LONG));
        admit(limits, LONG);

        Future<RequestLimits.Permit> third = admit(limits, LONG);

        assertThat(third.failed()).isTrue();
        assertThat(third.cause()).isInstanceOf(RateLimited.class);
    }

    @Test
    void aWaiterStillQueuedAtItsDeadlineIsRateLimitedAndTakesNoSlot() {
        RequestLimits limits = limits(s -> s.withMaxConcurrentRequests(1));
        RequestLimits.Permit holder = Await.value(admit(limits, LONG));

        Throwable expired = Await.failure(admit(limits, Duration.ofMillis(100).toNanos()).toCompletionStage());
        release(holder);

        assertThat(expired).isInstanceOf(RateLimited.class);
        assertThat(onContext(limits::freeSlots)).isEqualTo(1);
    }

    @Test
    void releasingAPermitTwiceFreesOneSlot() {
        RequestLimits limits = limits(s -> s.withMaxConcurrentRequests(1));
        RequestLimits.Permit permit = Await.value(admit(limits, LONG));

        release(permit);
        release(permit);
        Await.value(admit(limits, LONG));
        Future<RequestLimits.Permit> waiting = admit(limits, LONG);

        assertThat(waiting.isComplete()).isFalse();
        assertThat(onContext(limits::freeSlots)).isZero();
    }

    @Test
    void aRateWaitBeyondTheDeadlineIsRateLimitedAtOnceAndFreesItsSlot() {
        RequestLimits limits = limits(s -> s.withRateLimit(0.5, 1).withMaxConcurrentRequests(1));
        release(Await.value(admit(limits, LONG)));

        Future<RequestLimits.Permit> tooLate = admit(limits, Duration.ofMillis(200).toNanos());

        assertThat(tooLate.failed()).isTrue();
        assertThat(tooLate.cause()).isInstanceOf(RateLimited.class);
        assertThat(onContext(limits::freeSlots)).isEqualTo(1);
    }

    @Test
    void closingFailsWaitersAndLaterRequestsAndFreesEverySlot() {
        RequestLimits limits = limits(s -> s.withRateLimit(0.5, 1).withMaxConcurrentRequests(2));
        RequestLimits.Permit holder = Await.value(admit(limits, LONG));
        Future<RequestLimits.Permit> pacing = admit(limits, LONG);

        onContext(() -> {
            limits.close();
            return null;
        });
        release(holder);

        assertThat(Await.failure(pacing.toCompletionStage())).isInstanceOf(ProviderUnavailable.class);
        assertThat(Await.failure(admit(limits, LONG).toCompletionStage())).isInstanceOf(ProviderUnavailable.class);
        assertThat(onContext(limits::freeSlots)).isEqualTo(2);
    }
}
