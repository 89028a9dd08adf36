package dev.motioncontrol.cli;

import dev.motioncontrol.freepik.api.FreepikJson;
import dev.motioncontrol.freepik.api.TaskEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status}: where one task stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Print where a task stands: '<task-id> <STATUS> <video URL>...' (the URLs once COMPLETED).",
            "Exits 1 when the task FAILED, 0 otherwise. Needs a service (--base-url).",
            ""})
final class StatusCommand implements Callable<Integer> {

    private final Invocation invocation;

    @Mixin
    private ServiceConnection service;

    @Mixin
    private TaskModelOption model;

    @Parameters(index = "0", paramLabel = "TASK-ID", description = "The task's id, as submit printed it.")
    private String taskId;

    @Option(names = "--json", description = "Print the service's answer as it is: {\"data\":{\"task_id\",\"status\","
            + "\"generated\"}}.")
    private boolean json;

    StatusCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        try (TaskService tasks = service.open(invocation)) {
            TaskService.LocatedTask task = tasks.status(taskId, model.model());
            invocation.out().println(json
                    ? new String(FreepikJson.write(new TaskEnvelope(task.task())), StandardCharsets.UTF_8)
                    : Outcome.line(task, Optional.empty()));
            invocation.out().flush();
            return Outcome.exitCode(task).code();
        }
    }
}
