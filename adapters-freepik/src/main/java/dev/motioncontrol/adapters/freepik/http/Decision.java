package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import java.time.Duration;
import java.util.Optional;

/** What the {@link ErrorPolicy} made of one attempt: the call is done, has failed, or is worth another attempt. */
sealed interface Decision<T> {

    record Done<T>(T value) implements Decision<T> {
    }

    record Failed<T>(MotionTransferFailure failure) implements Decision<T> {
    }

    /**
     * Worth another attempt, after {@code retryAfter} when the provider said how long to wait, else after a
     * backoff; if no attempt fits before the deadline, the call fails with {@code failure}.
     *
     * @param reason what went wrong, in a few words, for the log
     */
    record Retry<T>(MotionTransferFailure failure, Optional<Duration> retryAfter, String reason)
            implements Decision<T> {
    }
}
