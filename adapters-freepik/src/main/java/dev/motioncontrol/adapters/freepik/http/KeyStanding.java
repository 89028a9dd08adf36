package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.out.Telemetry.ProviderOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the provider, at its last answer, accepted the service's key: refused (401) until an answer that shows it
 * accepted again (a success, or a refusal of the request rather than of the key). Learnt from the calls the service
 * makes anyway, so that readiness costs the account no request.
 */
final class KeyStanding {

    private volatile Instant refusedSince;

    /** Learns from how a call ended. */
    void heard(ProviderOutcome outcome) {
        if (outcome == ProviderOutcome.UNAUTHORIZED) {
            if (refusedSince == null) {
                refusedSince = Instant.now();
            }
        } else if (outcome == ProviderOutcome.OK || outcome == ProviderOutcome.REJECTED
                || outcome == ProviderOutcome.REFUSED) {
            refusedSince = null;
        }
    }

    /** Why the provider would refuse the service's calls, if it would. */
    Optional<String> problem() {
        Instant since = refusedSince;
        return since == null ? Optional.empty() : Optional.of("the provider has refused the service's API key since "
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
