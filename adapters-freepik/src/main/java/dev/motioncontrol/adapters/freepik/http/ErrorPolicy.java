package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.Answer;
import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.NotSent;
import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.SentUnknown;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.InvalidRequest;
import dev.motioncontrol.application.MotionTransferFailure.ProviderRefused;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import dev.motioncontrol.application.MotionTransferFailure.SubmissionUncertain;
import dev.motioncontrol.application.MotionTransferFailure.Unauthorized;
import dev.motioncontrol.application.MotionTransferFailure.UnknownTask;
import dev.motioncontrol.domain.Violation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which answer of the provider means what: the README's table "How failures at the provider reach you", as
 * code. Given the operation and what one attempt came to, it decides whether the call is done (with the value
 * read from the answer), has failed (with which {@link MotionTransferFailure}), or is worth another attempt
 * (and after how long, when the provider said). Pure: no I/O, no Vert.x, no clock but the one it is given.
 *
 * <p>The one rule it never bends: a submit is retried only when it provably created nothing — the connection
 * could not be opened, or the provider answered 429 or 503. Any other failure of a submit is
 * {@link SubmissionUncertain}, since a second attempt could create (and charge) a second task.
 *
 * <p>Every text it takes from the provider or from an exception has the key removed, is on one line and cut
 * short (see {@link ProviderJson} and {@link Redactor}).
 */
final class ErrorPolicy {

    /** Reads the body of a 2xx answer; what it throws makes the answer unreadable. */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(byte[] body) throws Exception;
    }

    /**
     * The provider's refusals that are the client's to know, passed on with their status: credits run out (402),
     * a conflict (409), gone (410), a request it will not process (422).
     */
    static final Set<Integer> REFUSALS_FOR_CLIENTS = Set.of(402, 409, 410, 422);

    private final Function<byte[], ErrorBody> errorReader;
    private final Redactor redactor;
    private final Clock clock;

    /**
     * @param errorReader reads an error body in either documented shape, {@link ErrorBody#EMPTY} when it cannot
     * @param clock       tells the time an HTTP date in {@code Retry-After} is counted from
     */
    ErrorPolicy(Function<byte[], ErrorBody> errorReader, Redactor redactor, Clock clock) {
        this.errorReader = errorReader;
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * What {@code outcome} means for a call of {@code operation} that has {@code remaining} before its deadline: a
     * {@code Retry-After} that does not fit in it fails the call at once.
     */
    <T> Decision<T> decide(Operation operation, AttemptOutcome outcome, Duration remaining, AnswerReader<T> reader) {
        if (outcome instanceof NotSent notSent) {
            // Nothing was written: even a submit may be tried again.
            return new Decision.Retry<>(unavailable("Could not connect to the provider: " + notSent.what()),
                    Optional.empty(), notSent.what());
        }
        if (outcome instanceof SentUnknown unknown) {
            return operation.isSubmit()
                    ? new Decision.Failed<>(uncertain("the request was sent, then " + unknown.what()))
                    : new Decision.Retry<>(unavailable("No answer from the provider: " + unknown.what()),
                            Optional.empty(), unknown.what());
        }
        Answer answer = (Answer) outcome;
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return answered(operation, answer, reader);
        }
        ErrorBody error = answer.body() == null ? ErrorBody.EMPTY : errorReader.apply(answer.body());
        String said = error.message() == null ? "" : ": " + error.message();
        switch (status) {
            case 400:
                return new Decision.Failed<>(invalid(error));
            case 401:
            case 403:
                return new Decision.Failed<>(new Unauthorized(
                        "The provider rejected the service's API key (" + status + ")"));
            case 404:
                return new Decision.Failed<>(operation.taskId() != null ? new UnknownTask(operation.taskId())
                        : unavailable("The provider has no endpoint " + operation + " (404" + said + ")"));
            case 429: {
                Optional<Duration> retryAfter = RetryAfter.parse(answer.retryAfter(), clock.instant());
                return retryUnlessTooLate(new RateLimited(retryAfter), retryAfter, remaining, "429" + said);
            }
            case 503:
                // The provider refused to handle it: nothing was created, a submit included.
                return retryUnlessTooLate(unavailable("The provider is unavailable (503" + said + ")"),
                        RetryAfter.parse(answer.retryAfter(), clock.instant()), remaining, "503" + said);
            default:
                break;
        }
        if (REFUSALS_FOR_CLIENTS.contains(status)) {
            return new Decision.Failed<>(new ProviderRefused(status, redactor.redacted(error.message() != null
                    ? error.message() : "The provider refused the request (" + status + ")")));
        }
        if (status >= 400 && status < 500) {
            // About the service's own request (405, 407, 408, 415, …): nothing the client can act on.
            return new Decision.Failed<>(unavailable("The provider refused " + operation + " (" + status + said + ")"
                    + (operation.isSubmit() ? "; no task was created" : "")));
        }
        if (operation.isSubmit()) {
            return new Decision.Failed<>(uncertain("the provider answered " + status + said));
        }
        if (status >= 500) {
            return new Decision.Retry<>(unavailable("The provider failed: " + status + said), Optional.empty(),
                    String.valueOf(status));
        }
        return new Decision.Failed<>(unavailable("The provider answered " + operation
                + " with an unexpected status " + status));
    }

    /** A 2xx: done with what it says, or, when that cannot be read, a failure naming what was wrong. */
    private <T> Decision<T> answered(Operation operation, Answer answer, AnswerReader<T> reader) {
        String problem = answer.unreadable();
        if (problem == null) {
            try {
                return new Decision.Done<>(reader.read(answer.body()));
            } catch (Exception e) {
                problem = String.valueOf(e.getMessage());
            }
        }
        String what = "the provider's answer (" + answer.status() + ") could not be read: " + problem;
        return new Decision.Failed<>(operation.isSubmit() ? uncertain(what) : unavailable(capitalized(what)));
    }

    private static <T> Decision<T> retryUnlessTooLate(MotionTransferFailure failure, Optional<Duration> retryAfter,
            Duration remaining, String reason) {
        // Durations compared, not milliseconds: a long Retry-After cannot overflow anything.
        if (retryAfter.isPresent() && retryAfter.get().compareTo(remaining) >= 0) {
            return new Decision.Failed<>(failure);
        }
        return new Decision.Retry<>(failure, retryAfter, reason);
    }

    private InvalidRequest invalid(ErrorBody error) {
        List<Violation> violations = error.invalidParams().isEmpty()
                ? List.of(new Violation("request", error.message() == null
                        ? "The provider rejected the request" : error.message()))
                : WireMapper.INSTANCE.toViolations(error.invalidParams());
        return new InvalidRequest(violations.stream()
                .map(v -> new Violation(redactor.redacted(v.field()), redactor.redacted(v.reason())))
                .toList());
    }

    ProviderUnavailable unavailable(String message) {
        return new ProviderUnavailable(redactor.redacted(message));
    }

    /** A submit whose outcome is unknown because {@code what}. */
    SubmissionUncertain uncertain(String what) {
        return new SubmissionUncertain(redactor.redacted("The submission may have created a task at the provider,"
                + " but its outcome is unknown (" + what + "). List the tasks to look for it before submitting again."));
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
