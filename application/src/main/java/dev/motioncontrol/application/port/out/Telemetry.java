package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.TaskStatus;
import java.time.Duration;

/**
 * What the service tells its operator's metrics about the work it does: tasks as they move, the calls it makes to the
 * provider and how long they waited for their turn, the webhooks it delivers, the media it measures. Each method
 * returns at once, never throws, and is called from any thread; {@link #NONE} (the default) records nothing.
 */
public interface Telemetry {

    /** A task was recorded in {@code status}: once when it is created, then at each move. */
    void taskReached(TaskStatus status);

    /** A call to the provider ended after {@code took}, retries included. */
    void providerCallEnded(ProviderOperation operation, ProviderOutcome outcome, Duration took);

    /** An attempt of a call to the provider waited {@code waited} for its turn under the account's rate limits. */
    void providerTurnWaited(Duration waited);

    /** An attempt to deliver a client's webhook ended so. */
    void webhookAttempted(WebhookOutcome outcome);

    /** The media preflight judged a submission's media so. */
    void mediaChecked(PreflightOutcome outcome);

    /** What the service asks of the provider. */
    enum ProviderOperation { SUBMIT, STATUS, LIST }

    /** How a call to the provider ended, from the service's side. */
    enum ProviderOutcome {
        /** Answered as asked. */
        OK,
        /** The provider refused the request's content (400, 404 for a task it does not know). */
        REJECTED,
        /** The provider refused the service's key. */
        UNAUTHORIZED,
        /** The provider refused for a reason of its own: credits exhausted (402), a quota (403). */
        REFUSED,
        /** Rate limited, by the provider or by the service's own share of the account's rate. */
        RATE_LIMITED,
        /** The provider could not be reached or failed (5xx, timeouts), or the caller went first. */
        UNAVAILABLE,
        /** A submission whose outcome is unknown: the provider may have created the task. */
        UNCERTAIN
    }

    /** How one delivery attempt of a client's webhook ended. */
    enum WebhookOutcome {
        /** The client's endpoint answered 2xx. */
        DELIVERED,
        /** The client's endpoint answered 410 Gone: it wants no more. */
        STOPPED,
        /** It failed, and will be tried again. */
        RETRYING,
        /** It failed for the last time: the delivery is given up. */
        GIVEN_UP
    }

    /** What the media preflight made of a submission's media. */
    enum PreflightOutcome {
        /** Measured, and within the provider's rules. */
        PASSED,
        /** Measured outside the provider's rules: refused before it was paid for. */
        REJECTED,
        /** Measured outside the provider's rules, and sent on as configured (warn mode). */
        WARNED,
        /** At least one medium could not be measured, and was let through. */
        UNMEASURED
    }

    /**
     * {@code telemetry}, with whatever it throws swallowed: a meter that breaks must never cost the work it measures
     * (a caller's answer, a webhook's record).
     */
    static Telemetry neverFailing(Telemetry telemetry) {
        java.util.Objects.requireNonNull(telemetry, "telemetry");
        return new Telemetry() {
            @Override
            public void taskReached(TaskStatus status) {
                quietly(() -> telemetry.taskReached(status));
            }

            @Override
            public void providerCallEnded(ProviderOperation operation, ProviderOutcome outcome, Duration took) {
                quietly(() -> telemetry.providerCallEnded(operation, outcome, took));
            }

            @Override
            public void providerTurnWaited(Duration waited) {
                quietly(() -> telemetry.providerTurnWaited(waited));
            }

            @Override
            public void webhookAttempted(WebhookOutcome outcome) {
                quietly(() -> telemetry.webhookAttempted(outcome));
            }

            @Override
            public void mediaChecked(PreflightOutcome outcome) {
                quietly(() -> telemetry.mediaChecked(outcome));
            }

            private void quietly(Runnable told) {
                try {
                    told.run();
                } catch (RuntimeException broken) {
                    // The telemetry's own failure: what it measured goes on regardless.
                }
            }
        };
    }

    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
        @Override
        public void taskReached(TaskStatus status) {
        }

        @Override
        public void providerCallEnded(ProviderOperation operation, ProviderOutcome outcome, Duration took) {
        }

        @Override
        public void providerTurnWaited(Duration waited) {
        }

        @Override
        public void webhookAttempted(WebhookOutcome outcome) {
        }

        @Override
        public void mediaChecked(PreflightOutcome outcome) {
        }
    };
}
