package dev.motioncontrol.cli;

import dev.motioncontrol.domain.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a task's state is reported on stdout, one line a script can read: {@code <task-id> <STATUS>}, then, once
 * finished, how long the wait took, then the generated video URLs: {@code 8d0d… COMPLETED after 0:07 http://…/8d0d….mp4}.
 * A FAILED task exits {@link ExitCode#TASK_FAILED}.
 */
final class Outcome {

    private Outcome() {
    }

    static String line(TaskService.LocatedTask task, Optional<Duration> elapsed) {
        StringBuilder line = new StringBuilder(task.id()).append(' ').append(task.task().status());
        elapsed.ifPresent(took -> line.append(" after ").append(Progress.clock(took)));
        for (String video : task.task().generated()) {
            line.append(' ').append(video);
        }
        return line.toString();
    }

    /** The exit code a task in this state gives. */
    static ExitCode exitCode(TaskService.LocatedTask task) {
        return TaskStatus.FAILED.equals(TaskStatus.of(task.task().status())) ? ExitCode.TASK_FAILED : ExitCode.OK;
    }

    /**
     * Reports a finished task, and saves its videos to {@code download} when asked and it COMPLETED: a line per file
     * saved, {@code saved out.mp4 (52341 bytes)}.
     */
    static int finished(Invocation invocation, TaskService.LocatedTask task, Optional<Duration> elapsed,
            Optional<Path> download) {
        invocation.out().println(line(task, elapsed));
        invocation.out().flush();
        ExitCode exit = exitCode(task);
        if (exit == ExitCode.OK && download.isPresent()) {
            for (VideoDownloads.Saved saved : new VideoDownloads().saveAll(task.task().generated(), download.get())) {
                invocation.out().println("saved " + saved.file() + " (" + saved.bytes() + " bytes)");
            }
            invocation.out().flush();
        }
        return exit.code();
    }
}
