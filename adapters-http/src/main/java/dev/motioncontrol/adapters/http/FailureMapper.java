package dev.motioncontrol.adapters.http;

import dev.motioncontrol.freepik.api.FreepikHeaders;
import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OperatorNotice;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.freepik.api.InvalidParam;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where a failure becomes a status and a body, in the provider's words. A
 * {@link MotionTransferFailure} is an answer; anything else is a bug, answered with a bare 500 that tells
 * the caller nothing about the inside.
 */
final class FailureMapper {

    static final String INVALID_REQUEST = FreepikHeaders.INVALID_REQUEST_MESSAGE;
    static final String MISSING_API_KEY = "Missing API key";
    static final String NOT_FOUND = "Not found";
    static final String SERVICE_UNAVAILABLE = "Service Unavailable. Please try again later.";
    static final String INTERNAL_SERVER_ERROR = "Internal Server Error";
    static final String STILL_RUNNING = "The task had not finished within the time given";
    /**
     * How many invalid parameters a 400 lists; beyond them one more entry, named {@code request}, says how many
     * were left out, so that however bad a request is its answer stays small.
     */
    static final int MOST_INVALID_PARAMS_LISTED = 20;

    /** Requests the store failed: for the operator, at most a line per window. */
    private static final OperatorNotice STORE_AWAY = new OperatorNotice();
    private static final System.Logger LOG = System.getLogger(FailureMapper.class.getName());

    private FailureMapper() {
    }

    /** The response for {@code failure}, after unwrapping what a {@code CompletionStage} wraps it in. */
    static ErrorResponse toResponse(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MotionTransferFailure.InvalidRequest invalid) {
            return new ErrorResponse(400, new ErrorBody(INVALID_REQUEST, listed(invalid.violations())),
                    OptionalLong.empty());
        }
        if (cause instanceof MotionTransferFailure.UnknownTask) {
            return new ErrorResponse(404, NOT_FOUND);
        }
        if (cause instanceof MotionTransferFailure.Unauthorized unauthorized) {
            // "Invalid API key" for the caller's key; the provider's refusal of the service's own key says so.
            return new ErrorResponse(401, unauthorized.getMessage());
        }
        if (cause instanceof MotionTransferFailure.RateLimited limited) {
            // "Too many requests", or the client's own limit that it ran into, named.
            return new ErrorResponse(429, new ErrorBody(limited.getMessage()),
                    limited.retryAfter().map(FailureMapper::seconds).map(OptionalLong::of).orElse(OptionalLong.empty()));
        }
        if (cause instanceof MotionTransferFailure.ProviderRefused refused) {
            // The provider's own status and words (402 when its credits run out): the client can act on them.
            return new ErrorResponse(refused.status(), refused.getMessage());
        }
        if (cause instanceof MotionTransferFailure.SubmissionUncertain uncertain) {
            // Not 503: a client that retries a 503 blindly could pay twice for one video.
            return new ErrorResponse(502, uncertain.getMessage());
        }
        if (cause instanceof MotionTransferFailure.StillRunning) {
            // A wait that ran out: the gateway's answer to a timeout, not a fault of the service.
            return new ErrorResponse(504, STILL_RUNNING);
        }
        if (cause instanceof MotionTransferFailure.StoreUnavailable) {
            STORE_AWAY.log(LOG, System.Logger.Level.ERROR, () -> "Answered 503: " + cause.getMessage());
            return new ErrorResponse(503, SERVICE_UNAVAILABLE);
        }
        if (cause instanceof MotionTransferFailure.ProviderUnavailable) {
            return new ErrorResponse(503, SERVICE_UNAVAILABLE);
        }
        if (cause instanceof MotionTransferFailure.IdempotencyKeyInUse inUse) {
            return new ErrorResponse(409, new ErrorBody(inUse.getMessage()),
                    OptionalLong.of(seconds(inUse.retryAfter())));
        }
        if (cause instanceof MotionTransferFailure.IdempotencyKeyReused reused) {
            return new ErrorResponse(422, reused.getMessage());
        }
        if (cause instanceof MotionTransferFailure.ResultUnavailable unavailable) {
            // Gone for good once deleted at the end of its retention: not a dangling link, a clear 410.
            return new ErrorResponse(unavailable.gone() ? 410 : 404, unavailable.getMessage());
        }
        if (cause instanceof MotionTransferFailure.LinkRefused refused) {
            return new ErrorResponse(403, refused.getMessage());
        }
        return new ErrorResponse(500, INTERNAL_SERVER_ERROR);
    }

    /** The first {@link #MOST_INVALID_PARAMS_LISTED} violations, and how many more there were. */
    private static List<InvalidParam> listed(List<Violation> violations) {
        if (violations.size() <= MOST_INVALID_PARAMS_LISTED) {
            return WireMapper.INSTANCE.toInvalidParams(violations);
        }
        List<InvalidParam> listed = new ArrayList<>(
                WireMapper.INSTANCE.toInvalidParams(violations.subList(0, MOST_INVALID_PARAMS_LISTED)));
        listed.add(new InvalidParam("request", (violations.size() - MOST_INVALID_PARAMS_LISTED)
                + " more problems are not listed; " + violations.size() + " in all"));
        return listed;
    }

    /** Whether {@code failure} is one of the answers the use cases promise, not a bug. */
    static boolean isExpected(Throwable failure) {
        return unwrap(failure) instanceof MotionTransferFailure;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Whole seconds, rounded up so that a caller who waits that long is not early. */
    private static long seconds(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            return 0;
        }
        long seconds = wait.getSeconds();
        return wait.getNano() > 0 ? seconds + 1 : seconds;
    }
}
