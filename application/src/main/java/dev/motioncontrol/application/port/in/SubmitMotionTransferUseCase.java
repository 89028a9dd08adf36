package dev.motioncontrol.application.port.in;

import dev.motioncontrol.domain.Task;
import java.util.concurrent.CompletionStage;

/** Submit a motion transfer: checks every rule, then creates one paid task at the provider. */
public interface SubmitMotionTransferUseCase {

    /**
     * Creates the task, owned by the command's caller, and returns it as the provider first reports it
     * (normally {@code CREATED}). Fails with a {@link dev.motioncontrol.application.MotionTransferFailure}:
     * {@code InvalidRequest} listing every violation (nothing is sent to the provider), {@code Unauthorized},
     * {@code RateLimited} or {@code ProviderUnavailable}.
     */
    CompletionStage<Task> submit(SubmitMotionTransferCommand command);
}
