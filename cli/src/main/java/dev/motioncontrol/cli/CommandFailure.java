package dev.motioncontrol.cli;

import java.util.List;
import java.util.Objects;

/**
 * Why a command stops short, as the user is told it: an exit code and the lines printed to stderr (a rejected request
 * has one line per violation). Expected, so it carries no stack trace; its lines never hold an API key or a secret.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final List<String> lines;

    CommandFailure(ExitCode exitCode, List<String> lines) {
        super(String.join("; ", lines), null, false, false);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
        this.lines = List.copyOf(lines);
        if (this.lines.isEmpty()) {
            throw new IllegalArgumentException("a failure says why");
        }
    }

    CommandFailure(ExitCode exitCode, String line) {
        this(exitCode, List.of(line));
    }

    ExitCode exitCode() {
        return exitCode;
    }

    List<String> lines() {
        return lines;
    }
}
