package dev.motioncontrol.application.port.in;

import dev.motioncontrol.domain.Task;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** List the caller's tasks. */
public interface ListTasksUseCase {

    /** The caller's tasks, newest first; never another caller's. */
    CompletionStage<List<Task>> listTasks(ListTasksQuery query);
}
