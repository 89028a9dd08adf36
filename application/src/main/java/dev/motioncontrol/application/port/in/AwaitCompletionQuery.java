package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.TaskId;
import java.time.Duration;
import java.util.Objects;

/** Which task to wait for, asked by whom, and for how long at most. */
public record AwaitCompletionQuery(ClientKey caller, TaskId taskId, Duration timeout) {

    public AwaitCompletionQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a timeout is positive, was " + timeout);
        }
    }
}
