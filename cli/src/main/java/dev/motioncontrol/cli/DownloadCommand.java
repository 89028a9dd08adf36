package dev.motioncontrol.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code download}: a task's generated video, to a file. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {
            "Save a task's generated video to a file, waiting for the task to finish first if it has not (with its "
                    + "progress on stderr). The video URLs need no key, and none is sent to them.",
            "Exits 1 when the task FAILED, 6 when --timeout passed before it finished. Needs a service (--base-url).",
            ""})
final class DownloadCommand implements Callable<Integer> {

    private final Invocation invocation;

    @Mixin
    private ServiceConnection service;

    @Mixin
    private TaskModelOption model;

    @Mixin
    private WaitOptions waiting;

    @Parameters(index = "0", paramLabel = "TASK-ID", description = "The task's id, as submit printed it.")
    private String taskId;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to save the video; a second one goes to FILE-2, and so on. Default: <task-id>.mp4.")
    private Path output;

    DownloadCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        TaskWait wait = new TaskWait(System.nanoTime(), invocation.err());
        try (TaskService tasks = service.open(invocation)) {
            TaskService.LocatedTask task = tasks.status(taskId, model.model());
            Optional<Duration> waited = Optional.empty();
            if (!task.isFinished()) {
                task = wait.untilFinished(tasks, task, waiting.timeout(), waiting.progress(invocation));
                waited = Optional.of(wait.elapsed());
            }
            return Outcome.finished(invocation, task, waited,
                    Optional.of(output != null ? output : Path.of(task.id() + ".mp4")));
        }
    }
}
