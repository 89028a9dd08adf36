package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.application.MotionTransferFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * How a submission can fail at the provider, as the Freepik client reports it once it is done with it (its retries of
 * a 429 or a 503 spent): what {@link FakeProviderControl#failNextSubmit} makes the fake answer, so that a client's
 * failure paths can be tested offline. In none of them does the fake create a task.
 */
public enum SubmitFailure {

    /**
     * The provider answered 429 until the client's deadline: {@link MotionTransferFailure.RateLimited} with a
     * {@code Retry-After} of {@link #RETRY_AFTER}; the HTTP API answers 429.
     */
    RATE_LIMITED(429),
    /**
     * The provider answered 503 until the client's deadline: {@link MotionTransferFailure.ProviderUnavailable}; the
     * HTTP API answers 503.
     */
    UNAVAILABLE(503),
    /**
     * The provider refused it with 402, the account's credits run out: {@link MotionTransferFailure.ProviderRefused}
     * with status 402; the HTTP API answers 402.
     */
    OUT_OF_CREDITS(402),
    /**
     * The provider answered 500 after the request was sent, so it may have created the task:
     * {@link MotionTransferFailure.SubmissionUncertain}; the HTTP API answers 502 "may have created". (The fake has
     * created nothing: a client that lists its tasks to look for it finds none.)
     */
    UNCERTAIN(500);

    /** The wait a {@link #RATE_LIMITED} submission is told to leave before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final int providerStatus;

    SubmitFailure(int providerStatus) {
        this.providerStatus = providerStatus;
    }

    /** The HTTP status the provider answered the submission with. */
    public int providerStatus() {
        return providerStatus;
    }

    /** The failure the submission's stage fails with, worded as the Freepik client words it: a new one each time. */
    public MotionTransferFailure failure() {
        return switch (this) {
            case RATE_LIMITED -> new MotionTransferFailure.RateLimited(Optional.of(RETRY_AFTER));
            case UNAVAILABLE -> new MotionTransferFailure.ProviderUnavailable(
                    "The provider is unavailable (503: Service Unavailable. Please try again later.)");
            case OUT_OF_CREDITS -> new MotionTransferFailure.ProviderRefused(402, "The provider refused the request (402)");
            case UNCERTAIN -> new MotionTransferFailure.SubmissionUncertain("The submission may have created a task at the"
                    + " provider, but its outcome is unknown (the provider answered 500). List the tasks to look for it"
                    + " before submitting again.");
        };
    }
}
