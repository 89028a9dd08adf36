package dev.motioncontrol.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code watch}: a task's live status until it finishes. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {
            "Follow a task until it finishes, from the service's live status stream (Server-Sent Events: no polling), "
                    + "showing its progress on stderr, then print '<task-id> <STATUS> after <time> <video URL>...'.",
            "Exits 0 when it COMPLETED, 1 when it FAILED, 6 when --timeout passed first. Needs a service (--base-url).",
            ""})
final class WatchCommand implements Callable<Integer> {

    private final Invocation invocation;

    @Mixin
    private ServiceConnection service;

    @Mixin
    private TaskModelOption model;

    @Mixin
    private WaitOptions waiting;

    @Parameters(index = "0", paramLabel = "TASK-ID", description = "The task's id, as submit printed it.")
    private String taskId;

    WatchCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        TaskWait wait = new TaskWait(System.nanoTime(), invocation.err());
        try (TaskService tasks = service.open(invocation)) {
            TaskService.LocatedTask task = tasks.status(taskId, model.model());
            TaskService.LocatedTask finished = wait.untilFinished(tasks, task, waiting.timeout(),
                    waiting.progress(invocation));
            return Outcome.finished(invocation, finished, Optional.of(wait.elapsed()), Optional.empty());
        }
    }
}
