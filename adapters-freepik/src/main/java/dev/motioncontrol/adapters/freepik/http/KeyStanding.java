package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.out.Telemetry.ProviderOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the provider, at its last answers, accepted the service's key: refused (401, or 403 as the error policy reads
 * it) until an answer shows it accepted again (a success, or a refusal of the request rather than of the key), or
 * until {@link #FORGOTTEN_AFTER} passes without another refusal. Learnt from the calls the service makes anyway, so
 * that readiness costs the account no request; forgotten after a while, so that a refusal the provider took back while
 * no call was made (a moment's fault of its own) does not keep every instance out of its load balancer for ever: the
 * next call refused makes it known again.
 */
final class KeyStanding {

    /** How long a refusal counts without another. */
    static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(5);

    private final Clock clock;
    private volatile Instant refusedSince;
    private volatile Instant lastRefused;

    KeyStanding() {
        this(Clock.systemUTC());
    }

    KeyStanding(Clock clock) {
        this.clock = clock;
    }

    /** Learns from how a call ended. */
    void heard(ProviderOutcome outcome) {
        if (outcome == ProviderOutcome.UNAUTHORIZED) {
            Instant now = clock.instant();
            if (refusedSince == null || problem().isEmpty()) {
                refusedSince = now;
            }
            lastRefused = now;
        } else if (outcome == ProviderOutcome.OK || outcome == ProviderOutcome.REJECTED
                || outcome == ProviderOutcome.REFUSED) {
            refusedSince = null;
            lastRefused = null;
        }
    }

    /** Why the provider would refuse the service's calls, if it would. */
    Optional<String> problem() {
        Instant since = refusedSince;
        Instant last = lastRefused;
        return since == null || last == null || !clock.instant().isBefore(last.plus(FORGOTTEN_AFTER)) ? Optional.empty()
                : Optional.of("the provider has refused the service's API key since "
                + since + ": every call fails until FREEPIK_API_KEY is fixed");
    }

    /** How a call that ended with {@code failure} (none: it succeeded) counts. */
    static ProviderOutcome outcomeOf(MotionTransferFailure failure) {
        if (failure == null) {
            return ProviderOutcome.OK;
        }
        if (failure instanceof MotionTransferFailure.InvalidRequest || failure instanceof MotionTransferFailure.UnknownTask) {
            return ProviderOutcome.REJECTED;
        }
        if (failure instanceof MotionTransferFailure.Unauthorized) {
            return ProviderOutcome.UNAUTHORIZED;
        }
        if (failure instanceof MotionTransferFailure.ProviderRefused) {
            return ProviderOutcome.REFUSED;
        }
        if (failure instanceof MotionTransferFailure.RateLimited) {
            return ProviderOutcome.RATE_LIMITED;
        }
        if (failure instanceof MotionTransferFailure.SubmissionUncertain) {
            return ProviderOutcome.UNCERTAIN;
        }
        return ProviderOutcome.UNAVAILABLE;
    }
}
