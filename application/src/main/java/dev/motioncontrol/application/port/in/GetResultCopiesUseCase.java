package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.ResultCopies;
import java.util.concurrent.CompletionStage;

/** Where the service's copies of one of the caller's tasks' generated videos stand. */
public interface GetResultCopiesUseCase {

    /**
     * The task's copies: their state, sizes and SHA-256 digests once made, why a copy failed, when they were
     * deleted ({@link ResultCopies#NONE} when the service does not keep this task's results). Fails with
     * {@code UnknownTask} when the caller has no such task.
     */
    CompletionStage<ResultCopies> getResultCopies(GetTaskStatusQuery query);
}
