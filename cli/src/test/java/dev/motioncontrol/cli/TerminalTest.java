package dev.motioncontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit --wait} in a real terminal: a tmux pane of 120 by 20, on a tmux server of its own (its own socket, in the test's directory), the
 * command line in a JVM of its own against the fake service in this one. The pane is read with
 * {@code tmux capture-pane} until the command has ended: the progress is one line redrawn in place (spinner, status,
 * elapsed time), cleared at the end, then the COMPLETED line, and nothing a terminal would show as garbage.
 */
class TerminalTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Pattern LIVE_LINE = Pattern.compile("[|/\\-\\\\] (CREATED|IN_PROGRESS)  \\d+:\\d\\d *");
    private static final Pattern EXITED = Pattern.compile("(?m)^\\[exit (\\d+)]$");

    private static FakeService service;
    private static String tmux;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() throws Exception {
        tmux = tmux();
        // Long enough to be seen in progress: a second queued, two generating.
        service = FakeService.start(Map.of("FAKE_QUEUE_DELAY", "1s", "FAKE_GENERATION_DELAY", "2s"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void submitWaitRedrawsOneProgressLineInPlaceAndEndsWithTheCompletedLine() throws Exception {
        String socket = socket();
        try {
            startInPane(socket, "submit --image https://example.com/dancer.png --video https://example.com/moves.mp4"
                    + " --wait");
            List<String> panes = capturedUntilExit(socket);
            String last = panes.get(panes.size() - 1);

            Matcher exited = EXITED.matcher(last);
            assertThat(exited.find()).as(last).isTrue();
            assertThat(exited.group(1)).as(last).isEqualTo("0");
            assertThat(last).as(last).containsPattern("(?m)^Submitted [\\w-]+ to Kling 2\\.6 std *$")
                    .containsPattern("(?m)^[\\w-]+ COMPLETED after \\d+:\\d\\d http://\\S+\\.mp4 *$");
            // Cleared at the end: the finished pane keeps no progress line.
            assertThat(liveLines(last)).as(last).isEmpty();

            // While it ran: one progress line at a time, always on the same row, redrawn as time passed.
            List<String> seen = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (String pane : panes) {
                List<Integer> live = liveLines(pane);
                assertThat(live).as(pane).hasSizeLessThanOrEqualTo(1);
                if (!live.isEmpty()) {
                    rows.add(live.get(0));
                    seen.add(pane.split("\n", -1)[live.get(0)].strip());
                }
            }
            assertThat(seen).as(String.join("\n----\n", panes)).isNotEmpty();
            assertThat(rows).containsOnly(rows.get(0));
            assertThat(seen.stream().distinct().count()).as(seen.toString()).isGreaterThan(1);

            for (String pane : panes) {
                // Printable ASCII and line breaks only: no escape sequence, no carriage return left, no mojibake.
                assertThat(pane.chars().filter(c -> c != '\n' && (c < 0x20 || c > 0x7e)).count()).as(pane).isZero();
            }
        } finally {
            run(tmux, "-S", socket, "kill-server");
        }
    }

    @Test
    void stoppingTheWaitWithCtrlCSaysTheTaskGoesOnAndHowToFollowIt() throws Exception {
        String socket = socket();
        try {
            startInPane(socket, "submit --image https://example.com/dancer.png --video https://example.com/moves.mp4"
                    + " --prompt '[fake:slow]' --wait");
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            String pane;
            do {
                pane = run(tmux, "-S", socket, "capture-pane", "-p", "-J", "-t", "cli");
                assertThat(System.nanoTime()).as("the progress shows within %s; the pane shows:%n%s", DEADLINE, pane)
                        .isLessThan(deadline);
            } while (liveLines(pane).isEmpty());

            run(tmux, "-S", socket, "send-keys", "-t", "cli", "C-c");
            List<String> panes = capturedUntilExit(socket);
            String last = panes.get(panes.size() - 1);

            Matcher submitted = Pattern.compile("(?m)^Submitted ([\\w-]+) to ").matcher(last);
            assertThat(submitted.find()).as(last).isTrue();
            String taskId = submitted.group(1);
            assertThat(last).as(last).contains("stopped waiting: task " + taskId + " goes on; follow it with "
                    + "'motion-control watch " + taskId + "'");
            assertThat(EXITED.matcher(last).results().map(result -> result.group(1))).as(last).containsExactly("130");
        } finally {
            run(tmux, "-S", socket, "kill-server");
        }
    }

    /**
     * Runs the command line with {@code arguments} in a new pane of 120 by 20 on the tmux server at {@code socket}, in a
     * JVM of its own, against the fake service; the pane stays once it has ended, showing {@code [exit <status>]}.
     */
    private void startInPane(String socket, String arguments) throws Exception {
        Path script = directory.resolve("run.sh");
        Files.writeString(script, String.join("\n",
                // Ctrl-C stops the command line, not this script: its exit status is still shown. (A trap, not an
                // ignored signal, which the JVM would inherit.)
                "trap true INT",
                "export " + ServiceConnection.URL_VARIABLE + "='" + service.baseUrl() + "'",
                "export " + ServiceConnection.KEY_VARIABLE + "='" + FakeService.KEY + "'",
                "export CLASSPATH='" + System.getProperty("java.class.path") + "'",
                "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xmx128m -XX:TieredStopAtLevel=1"
                        + " -Dlogback.configurationFile='" + System.getProperty("logback.configurationFile") + "'"
                        + " -Dtest.log.file='" + directory.resolve("cli.log") + "'"
                        + " dev.motioncontrol.cli.Main " + arguments,
                "echo \"[exit $?]\"",
                // Keeps the pane, and what it shows, until the session is killed.
                "read ignored",
                ""), StandardCharsets.UTF_8);
        run(tmux, "-S", socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "20", "-s", "cli",
                "sh " + script);
    }

    /**
     * A tmux server of the test's own: its socket in the test's directory (not tmux's shared one under /tmp), so that it
     * cannot meet anyone's sessions and goes with the directory.
     */
    private String socket() {
        return directory.resolve("tmux-" + UUID.randomUUID().toString().substring(0, 8)).toString();
    }

    /** The rows of {@code pane} that hold a progress line. */
    private static List<Integer> liveLines(String pane) {
        List<Integer> rows = new ArrayList<>();
        String[] lines = pane.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (LIVE_LINE.matcher(lines[i]).matches()) {
                rows.add(i);
            }
        }
        return rows;
    }

    /** Every distinct view of the pane, in order, up to the one where the command has printed its exit status. */
    private static List<String> capturedUntilExit(String socket) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> panes = new ArrayList<>();
        while (true) {
            // -J joins a line the pane wrapped, so a long URL reads as one line.
            String pane = run(tmux, "-S", socket, "capture-pane", "-p", "-J", "-t", "cli");
            if (panes.isEmpty() || !panes.get(panes.size() - 1).equals(pane)) {
                panes.add(pane);
            }
            if (EXITED.matcher(pane).find()) {
                return panes;
            }
            assertThat(System.nanoTime()).as("the command ends within %s; the pane shows:%n%s", DEADLINE, pane)
                    .isLessThan(deadline);
            // The next capture is itself the wait: tmux answers in milliseconds.
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end");
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /** tmux, installed from the distribution's packages if this machine lacks it. */
    private static String tmux() throws Exception {
        Path installed = Path.of("/usr/bin/tmux");
        if (!Files.isExecutable(installed)) {
            // Quietly; with the package lists fetched first when this machine has none yet.
            quietly("apt-get", "install", "-y", "-qq", "tmux");
            if (!Files.isExecutable(installed)) {
                quietly("apt-get", "update", "-qq");
                quietly("apt-get", "install", "-y", "-qq", "tmux");
            }
            assertThat(Files.isExecutable(installed)).as("tmux is installed").isTrue();
        }
        return installed.toString();
    }

    private static void quietly(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command) + " ends").isTrue();
    }
}
