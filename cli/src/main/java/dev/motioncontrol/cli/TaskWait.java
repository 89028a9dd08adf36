package dev.motioncontrol.cli;

import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.freepik.api.TaskBody;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a task to finish, showing its progress: the updates of a {@link TaskService.Following} come in on its own
 * thread and are shown on this one, which also redraws the progress between them. A wait ends with the finished task,
 * or fails: the task could no longer be followed, or the timeout passed ({@link ExitCode#TIMED_OUT}, naming the last
 * status known; the task itself goes on).
 */
final class TaskWait {

    /** How often the progress is redrawn while nothing changes: the spinner's pace. */
    private static final Duration TICK = Duration.ofMillis(100);

    private final long startedNanos;
    private final PrintWriter err;
    /** What the progress is drawn under: the wait's own thread, or the hook that tells the process is stopping. */
    private final Object screen = new Object();
    /** Whether the process is stopping, after which nothing more is drawn; guarded by {@link #screen}. */
    private boolean stopping;

    /**
     * A wait whose elapsed time counts from {@code startedNanos} ({@link System#nanoTime()}: from the submission), and
     * which tells on {@code err}, should the process be stopped meanwhile (Ctrl-C), that the task goes on.
     */
    TaskWait(long startedNanos, PrintWriter err) {
        this.startedNanos = startedNanos;
        this.err = err;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void draw(Runnable drawing) {
        synchronized (screen) {
            if (!stopping) {
                drawing.run();
            }
        }
    }

    /** Follows {@code task} on {@code service} until it finishes, for {@code timeout} at most. */
    TaskService.LocatedTask untilFinished(TaskService service, TaskService.LocatedTask task, Duration timeout,
            Progress progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TaskService.LocatedTask now = task;
        // Stopping the command does not stop the task, which is paid for: say so, and how to find it again.
        Thread stopped = new Thread(() -> {
            synchronized (screen) {
                // The wait's thread runs on while the process stops: it draws nothing more after this.
                stopping = true;
                progress.finished();
                err.println("stopped waiting: task " + task.id() + " goes on; follow it with 'motion-control watch "
                        + task.id() + "'");
                err.flush();
            }
        }, "stopped-waiting");
        Runtime.getRuntime().addShutdownHook(stopped);
        try {
            TaskBody first = now.task();
            draw(() -> progress.status(first, elapsed()));
            if (now.isFinished()) {
                return now;
            }
            BlockingQueue<Object> updates = new LinkedBlockingQueue<>();
            TaskService.Following following = service.follow(task, new TaskService.TaskUpdates() {
                @Override
                public void update(TaskBody body) {
                    updates.add(body);
                }

                @Override
                public void end(CommandFailure why) {
                    updates.add(why);
                }
            });
            try (following) {
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new CommandFailure(ExitCode.TIMED_OUT, "task " + now.id() + " was still "
                                + now.task().status() + " after " + Progress.clock(timeout) + "; it goes on: follow it"
                                + " with 'motion-control watch " + now.id() + "'");
                    }
                    Object update = updates.poll(Math.min(left, TICK.toNanos()), TimeUnit.NANOSECONDS);
                    if (update == null) {
                        draw(() -> progress.tick(elapsed()));
                    } else if (update instanceof CommandFailure failure) {
                        throw failure;
                    } else {
                        TaskBody changed = (TaskBody) update;
                        now = now.now(changed);
                        draw(() -> progress.status(changed, elapsed()));
                        if (TaskStatus.of(now.task().status()).isTerminal()) {
                            return now;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.UNAVAILABLE, "interrupted while waiting for task " + now.id());
        } finally {
            draw(progress::finished);
            try {
                Runtime.getRuntime().removeShutdownHook(stopped);
            } catch (IllegalStateException shuttingDown) {
                // The process is being stopped: the hook is running, or about to.
            }
        }
    }
}
