package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OperatorNotice;
import dev.motioncontrol.application.MotionTransferFailure.ProviderRefused;
import dev.motioncontrol.application.MotionTransferFailure.Unauthorized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines an operator must act on: the provider refused the service's key (ERROR: every call fails until the
 * key is fixed), or refused a call for a reason of its own (WARN: 402 when the account's credits have run out, a
 * quota). A flood of requests must not become a flood of lines: each kind is logged at most once per
 * {@link OperatorNotice#WINDOW}, and the next line says how many were left out meanwhile (see {@link OperatorNotice}).
 */
final class OperatorAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAlerts.class);

    private final OperatorNotice keyRejected = new OperatorNotice();
    private final OperatorNotice refused = new OperatorNotice();
    private final Redactor redactor;

    OperatorAlerts(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Logs {@code failure} of a call of {@code operation}, if it is one for the operator and its kind is due. */
    void ended(Operation operation, MotionTransferFailure failure) {
        if (failure instanceof Unauthorized) {
            keyRejected.due().ifPresent(skipped -> LOG.error("The provider rejected the service's API key on {}: every "
                    + "call fails until FREEPIK_API_KEY is fixed ({}){}", operation,
                    redactor.loggable(failure.getMessage()), OperatorNotice.leftOut(skipped)));
        } else if (failure instanceof ProviderRefused refusal) {
            refused.due().ifPresent(skipped -> LOG.warn("The provider refused {} with {}: {}{}", operation,
                    refusal.status(), redactor.loggable(refusal.getMessage()), OperatorNotice.leftOut(skipped)));
        }
    }
}
