package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.ProviderRefused;
import dev.motioncontrol.application.MotionTransferFailure.Unauthorized;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines an operator must act on: the provider refused the service's key (ERROR: every call fails until the
 * key is fixed), or refused a call for a reason of its own (WARN: 402 when the account's credits have run out, a
 * quota). A flood of requests must not become a flood of lines: each kind is logged at most once per
 * {@link #WINDOW} (resilience4j's rate limiter), and the next line says how many were left out meanwhile.
 */
final class OperatorAlerts {

    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(OperatorAlerts.class);

    private final Kind keyRejected = new Kind("provider-key-rejected");
    private final Kind refused = new Kind("provider-refused");
    private final Redactor redactor;

    OperatorAlerts(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Logs {@code failure} of a call of {@code operation}, if it is one for the operator and its kind is due. */
    void ended(Operation operation, MotionTransferFailure failure) {
        if (failure instanceof Unauthorized) {
            keyRejected.logIfDue(left -> LOG.error("The provider rejected the service's API key on {}: every call "
                    + "fails until FREEPIK_API_KEY is fixed ({}){}", operation, redactor.loggable(failure.getMessage()),
                    left));
        } else if (failure instanceof ProviderRefused refusal) {
            refused.logIfDue(left -> LOG.warn("The provider refused {} with {}: {}{}", operation, refusal.status(),
                    redactor.loggable(refusal.getMessage()), left));
        }
    }

    /** One kind of line: its rate limiter and how many lines it left out since the last. */
    private static final class Kind {
        private final RateLimiter limiter;
        private final AtomicInteger leftOut = new AtomicInteger();

        Kind(String name) {
            this.limiter = RateLimiter.of(name, RateLimiterConfig.custom()
                    .limitForPeriod(1)
                    .limitRefreshPeriod(WINDOW)
                    .timeoutDuration(Duration.ZERO)
                    .build());
        }

        void logIfDue(Consumer<String> line) {
            if (!limiter.acquirePermission()) {
                leftOut.incrementAndGet();
                return;
            }
            int before = leftOut.getAndSet(0);
            line.accept(before == 0 ? "" : " (" + before + " more like it since the last such line were not logged)");
        }
    }
}
