package dev.motioncontrol.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium and its chromedriver, the only browser the tests use (no browser can be downloaded from
 * anywhere else): installed with apt-get when missing, so that a clean machine, a developer's or CI's, runs the
 * browser tests as it is. What apt-get says goes to a log file; a failed install fails the test with that log's
 * last lines, never skips it.
 */
final class DebianChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static final List<String> PACKAGES = List.of("chromium", "chromium-driver");
    // Downloading and unpacking the browser on a slow mirror; another apt-get on the machine may hold the lock first.
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(20);
    private static final String LOCK_TIMEOUT = "DPkg::Lock::Timeout=600";
    private static final int TAIL_LINES = 30;

    private DebianChromium() {
    }

    /** Makes sure both executables are there, installing the packages if not; {@code log} gets apt-get's output. */
    static synchronized void ensureInstalled(Path log) {
        if (installed()) {
            return;
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "Installing " + PACKAGES + ": " + BROWSER + " or " + DRIVER + " is missing\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            fail("cannot write the install log " + log, e);
        }
        run(log, List.of("apt-get", "-o", LOCK_TIMEOUT, "update"));
        run(log, concat(List.of("apt-get", "-o", LOCK_TIMEOUT, "install", "-y", "--no-install-recommends"), PACKAGES));
        if (!installed()) {
            fail("apt-get installed " + PACKAGES + " but " + BROWSER + " or " + DRIVER + " is still not executable; "
                    + tail(log));
        }
    }

    private static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    private static void run(Path log, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            fail("The browser tests need Debian's " + PACKAGES + " (" + BROWSER + ", " + DRIVER + "), which are missing, "
                    + "and " + String.join(" ", command) + " could not be started (" + e.getMessage() + "): install them "
                    + "as root");
            return;
        }
        try {
            if (!process.waitFor(STEP_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + STEP_TIMEOUT + "; " + tail(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            fail("interrupted while installing " + PACKAGES);
        }
        if (process.exitValue() != 0) {
            fail("The browser tests need Debian's " + PACKAGES + ", which are missing, and `" + String.join(" ", command)
                    + "` failed with exit code " + process.exitValue() + " (it must run as root); " + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log.toAbsolutePath() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "its log " + log.toAbsolutePath() + " cannot be read: " + e.getMessage();
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
