package dev.motioncontrol.application;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a use case could not do what it was asked: the failures a caller must handle, as a closed set. A
 * use case's {@code CompletionStage} completes exceptionally with one of these; anything else is a bug.
 * They carry no stack trace: they are answers, not accidents.
 */
public abstract sealed class MotionTransferFailure extends RuntimeException {

    private MotionTransferFailure(String message) {
        super(message, null, false, false);
    }

    /** The request broke the API's rules; {@link #violations()} lists every one of them. */
    public static final class InvalidRequest extends MotionTransferFailure {
        private final transient List<Violation> violations;

        public InvalidRequest(List<Violation> violations) {
            super("Your request parameters didn't validate.");
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** No task with this id exists for this caller (it may exist for another: that is not told). */
    public static final class UnknownTask extends MotionTransferFailure {
        private final TaskId taskId;

        public UnknownTask(TaskId taskId) {
            super("Task not found");
            this.taskId = Objects.requireNonNull(taskId, "taskId");
        }

        public TaskId taskId() {
            return taskId;
        }
    }

    /** The caller's key is missing or not accepted. */
    public static final class Unauthorized extends MotionTransferFailure {
        public Unauthorized(String message) {
            super(message);
        }
    }

    /** Too many requests; try again after {@link #retryAfter()} when it is known. */
    public static final class RateLimited extends MotionTransferFailure {
        private final transient Optional<Duration> retryAfter;

        public RateLimited(Optional<Duration> retryAfter) {
            this("Too many requests", retryAfter);
        }

        /** Too many requests, for the reason {@code message} gives (a limit of the client's, which it names). */
        public RateLimited(String message, Optional<Duration> retryAfter) {
            super(message);
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /**
     * A submission reached the provider, or may have, but no answer came back (a timeout, a connection
     * reset after the request was sent, an answer that could not be read). The task may exist and be
     * charged: look for it (list the tasks) before submitting again. Never retried automatically.
     */
    public static final class SubmissionUncertain extends MotionTransferFailure {
        public SubmissionUncertain(String message) {
            super(message);
        }
    }

    /** The task had not finished when the caller stopped waiting; {@link #lastKnown()} is where it stood. */
    public static final class StillRunning extends MotionTransferFailure {
        private final transient Task lastKnown;

        public StillRunning(Task lastKnown) {
            super("The task had not finished within the time given");
            this.lastKnown = Objects.requireNonNull(lastKnown, "lastKnown");
        }

        public Task lastKnown() {
            return lastKnown;
        }
    }

    /**
     * The provider refused the call for a reason of its own that trying again does not change (402 when the
     * account's credits have run out, a quota, a conflict): nothing was created. {@link #status()} is the provider's
     * HTTP status and {@link #getMessage()} its words, without the service's key.
     */
    public static final class ProviderRefused extends MotionTransferFailure {
        private final int status;

        public ProviderRefused(int status, String message) {
            super(message);
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("a refusal is a 4xx status, not " + status);
            }
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The provider could not be reached or failed; {@link #getMessage()} says what is known. */
    public static final class ProviderUnavailable extends MotionTransferFailure {
        public ProviderUnavailable(String message) {
            super(message);
        }
    }

    /**
     * The service's own store could not be reached or failed: nothing was decided, and (for a submission) the
     * provider was not asked. Try again later.
     */
    public static final class StoreUnavailable extends MotionTransferFailure {
        public StoreUnavailable(String message) {
            super(message);
        }
    }

    /**
     * A submission under the same idempotency key is still being made: its outcome is known after
     * {@link #retryAfter()}.
     */
    public static final class IdempotencyKeyInUse extends MotionTransferFailure {
        private final transient Duration retryAfter;

        public IdempotencyKeyInUse(Duration retryAfter) {
            super("A request with this Idempotency-Key is still in progress");
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The idempotency key was used before with a different request: a key names one request only. */
    public static final class IdempotencyKeyReused extends MotionTransferFailure {
        public IdempotencyKeyReused() {
            super("This Idempotency-Key was already used with a different request; use a new key for a new request");
        }
    }

    /**
     * The copy of a generated video that was asked for is not there: not made (yet, or ever: the task's results are not
     * kept, the copy failed, there is no video at that index), or {@link #gone()}: deleted at the end of its retention,
     * for good.
     */
    public static final class ResultUnavailable extends MotionTransferFailure {
        private final boolean gone;

        public ResultUnavailable(String message, boolean gone) {
            super(message);
            this.gone = gone;
        }

        public boolean gone() {
            return gone;
        }
    }

    /** A signed download link that is not one the service made, or has expired. */
    public static final class LinkRefused extends MotionTransferFailure {
        public LinkRefused(String message) {
            super(message);
        }
    }
}
