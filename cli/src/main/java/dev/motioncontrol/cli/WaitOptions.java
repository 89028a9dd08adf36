package dev.motioncontrol.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long to wait for a task, and how to show the wait; mixed into each command that waits. */
final class WaitOptions {

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long to wait for the task to finish (500ms, 90s, 15m, 2h). Default: ${DEFAULT-VALUE}. "
                    + "Past it the command exits 6; the task goes on.")
    private Duration timeout;

    @Option(names = "--progress", paramLabel = "auto|fancy|plain", defaultValue = "auto",
            description = "How the wait is shown, on stderr: fancy redraws one line (spinner, status, elapsed time), "
                    + "plain prints a line per change of status; auto is fancy on a terminal and plain elsewhere. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Progress.Style progress;

    Duration timeout() {
        return timeout;
    }

    Progress progress(Invocation invocation) {
        return progress.on(invocation);
    }
}
