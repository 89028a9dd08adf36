package dev.motioncontrol.cli;

import dev.motioncontrol.freepik.api.TaskBody;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * What a person sees while a command waits for a task, on stderr (stdout keeps the result alone, for scripts). On a
 * terminal, {@link RedrawnLine}: one line redrawn in place with a spinner, the status and the time elapsed; elsewhere
 * (a pipe, a file, CI logs), {@link PlainLines}: one line per change of status. Called from one thread.
 */
interface Progress {

    /** The task as it now stands. */
    void status(TaskBody task, Duration elapsed);

    /** Time passes with nothing new: a chance to show it. */
    void tick(Duration elapsed);

    /** Waiting is over: what follows is printed on lines of its own. */
    void finished();

    /** How progress is shown: {@code auto} chooses by whether a person watches on a terminal. */
    enum Style {
        AUTO, FANCY, PLAIN;

        Progress on(Invocation invocation) {
            boolean fancy = this == FANCY || this == AUTO && invocation.onTerminal();
            return fancy ? new RedrawnLine(invocation.err()) : new PlainLines(invocation.err());
        }
    }

    /** Elapsed time as a clock reads it: {@code 0:07}, {@code 12:03}, {@code 1:02:03}. */
    static String clock(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        long rest = seconds % 60;
        return hours > 0 ? String.format("%d:%02d:%02d", hours, minutes, rest) : String.format("%d:%02d", minutes, rest);
    }

    /**
     * One line redrawn with a carriage return: {@code / IN_PROGRESS  0:07}. No escape sequences (a shorter line is
     * padded with spaces over the longer one), so it reads right on any terminal and in a captured pane.
     */
    final class RedrawnLine implements Progress {

        private static final String SPINNER = "|/-\\";

        private final PrintWriter err;
        private String status = "";
        private int frame;
        private int shown;

        RedrawnLine(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void status(TaskBody task, Duration elapsed) {
            status = task.status();
            draw(elapsed);
        }

        @Override
        public void tick(Duration elapsed) {
            frame = (frame + 1) % SPINNER.length();
            draw(elapsed);
        }

        @Override
        public void finished() {
            if (shown > 0) {
                err.print("\r" + " ".repeat(shown) + "\r");
                err.flush();
                shown = 0;
            }
        }

        private void draw(Duration elapsed) {
            String line = SPINNER.charAt(frame) + " " + status + "  " + clock(elapsed);
            err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
            err.flush();
            shown = Math.max(shown, line.length());
        }
    }

    /** A line per change of status, {@code 0:02 IN_PROGRESS}: what a log keeps. */
    final class PlainLines implements Progress {

        private final PrintWriter err;
        private String status;

        PlainLines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void status(TaskBody task, Duration elapsed) {
            if (!task.status().equals(status)) {
                status = task.status();
                err.println(clock(elapsed) + " " + status);
                err.flush();
            }
        }

        @Override
        public void tick(Duration elapsed) {
        }

        @Override
        public void finished() {
        }
    }
}
