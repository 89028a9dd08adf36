package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before another attempt, by resilience4j's {@link Retry}: after {@code Retry-After} when the
 * provider said it, else after an exponential backoff with full jitter — a wait drawn uniformly below
 * {@code min(retryBackoffMax, retryBackoffBase × 2^(retry - 1))}. Which outcomes are worth a retry is the
 * {@link ErrorPolicy}'s to say, and whether a wait still fits before the deadline is the call's: the number of
 * attempts is bounded by the deadline alone.
 *
 * <p>Used through {@link Retry.AsyncContext}, which only computes the wait: the call sets a Vert.x timer for it,
 * so no thread waits and no scheduler of resilience4j's runs.
 */
final class RetrySchedule {

    private final Retry retry;

    RetrySchedule(FreepikSettings settings) {
        IntervalFunction exponential = IntervalFunction.ofExponentialBackoff(
                settings.retryBackoffBase().toMillis(), 2.0, settings.retryBackoffMax().toMillis());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof WorthRetrying worth
                    && worth.retryAfter.isPresent()) {
                return worth.retryAfter.get().toMillis();
            }
            return ThreadLocalRandom.current().nextLong(exponential.apply(attempt) + 1);
        };
        this.retry = Retry.of("freepik", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .retryOnException(e -> e instanceof WorthRetrying)
                .intervalBiFunction(interval)
                .build());
    }

    /** The retries of one call. */
    Retry.AsyncContext<Object> forOneCall() {
        return retry.asyncContext();
    }

    /**
     * An attempt the {@link ErrorPolicy} found worth retrying, as resilience4j sees it; {@code failure} is what the
     * call fails with if it cannot be retried. Carries no stack trace: it is a value, never thrown.
     */
    static final class WorthRetrying extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Optional<Duration> retryAfter;

        WorthRetrying(MotionTransferFailure failure, Optional<Duration> retryAfter) {
            super(failure.getMessage(), null, false, false);
            this.retryAfter = retryAfter;
        }
    }
}
