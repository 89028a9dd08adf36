package dev.motioncontrol.application.port.out;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The provider account's request rate, kept where every instance of the service that shares a store sees it, so
 * that the instances together stay within the account's limits (each instance's own limits still apply).
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}.
 */
@FunctionalInterface
public interface SharedRateBudget {

    /**
     * Takes one request of a budget of {@code perSecond} requests on average, with bursts of {@code burst}, for a
     * request that must be sent within {@code maxWait}: completes with how long to wait before sending it (zero: now),
     * or empty when it could not go within {@code maxWait} (then nothing was taken).
     */
    CompletionStage<Optional<Duration>> take(double perSecond, int burst, Duration maxWait);
}
