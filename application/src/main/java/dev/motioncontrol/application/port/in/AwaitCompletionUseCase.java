package dev.motioncontrol.application.port.in;

import dev.motioncontrol.domain.Task;
import java.util.concurrent.CompletionStage;

/** Wait until one of the caller's tasks has finished. */
public interface AwaitCompletionUseCase {

    /**
     * The task once {@code COMPLETED} or {@code FAILED}, learnt from the provider's events where the service
     * gets them and otherwise by polling that starts fast and backs off. Fails with {@code StillRunning}
     * (carrying the last known state) when the timeout passes first, and like a status query when the
     * caller has no such task. Cancelling the returned stage's future stops the waiting and the polling.
     */
    CompletionStage<Task> awaitCompletion(AwaitCompletionQuery query);
}
