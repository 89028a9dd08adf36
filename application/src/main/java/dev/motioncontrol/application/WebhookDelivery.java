package dev.motioncontrol.application;

import dev.motioncontrol.domain.WebhookUrl;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the delivery of a task's webhook stands: how many attempts, what the last one got, and whether
 * more will follow.
 *
 * @param target        the client's {@code webhook_url}
 * @param state         {@link State}
 * @param attempts      attempts made so far
 * @param lastAttemptAt when the last attempt was made, if any
 * @param lastStatus    the HTTP status the last attempt got, if it got an answer
 * @param lastError     why the last attempt failed, if it did (a timeout, a refused address, ...)
 * @param nextAttemptAt when the next attempt is due: once the task finished, until the delivery is final (while
 *                      an attempt is under way, the end of its lease: see
 *                      {@link dev.motioncontrol.application.port.out.WebhookOutbox})
 */
public record WebhookDelivery(
        WebhookUrl target,
        State state,
        int attempts,
        Optional<Instant> lastAttemptAt,
        OptionalInt lastStatus,
        Optional<String> lastError,
        Optional<Instant> nextAttemptAt) {

    /** The life of one delivery. */
    public enum State {
        /** The task has not finished: nothing to deliver yet. */
        WAITING,
        /** An attempt failed; another is scheduled. */
        RETRYING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The receiver answered 410 Gone: it wants no more. */
        STOPPED,
        /** Every attempt of the retry period failed. */
        GAVE_UP
    }

    public WebhookDelivery {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
        Objects.requireNonNull(lastStatus, "lastStatus");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** A delivery that waits for its task to finish. */
    public static WebhookDelivery waiting(WebhookUrl target) {
        return new WebhookDelivery(target, State.WAITING, 0, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The same delivery, due at {@code at}. */
    public WebhookDelivery dueAt(Instant at) {
        return new WebhookDelivery(target, state, attempts, lastAttemptAt, lastStatus, lastError, Optional.of(at));
    }

    /** Whether no more attempts will be made. */
    public boolean isFinal() {
        return state == State.DELIVERED || state == State.STOPPED || state == State.GAVE_UP;
    }
}
