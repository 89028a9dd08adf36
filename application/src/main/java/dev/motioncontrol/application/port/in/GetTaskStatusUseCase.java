package dev.motioncontrol.application.port.in;

import dev.motioncontrol.domain.Task;
import java.util.concurrent.CompletionStage;

/** Get where one of the caller's tasks stands. */
public interface GetTaskStatusUseCase {

    /**
     * The task as it stands now. Fails with {@code UnknownTask} when the caller has no task of that id
     * (including one another caller owns), {@code Unauthorized}, {@code RateLimited} or
     * {@code ProviderUnavailable}.
     */
    CompletionStage<Task> getStatus(GetTaskStatusQuery query);
}
