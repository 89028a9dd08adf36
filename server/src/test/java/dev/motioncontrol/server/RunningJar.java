package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service's fat jar in a child JVM, its output read line by line as it comes. */
final class RunningJar implements AutoCloseable {
    private static final Path JAR = Path.of("target", "motion-control-server.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private RunningJar(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output unreadable: " + e + ")");
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
    }

    static RunningJar start(Map<String, String> env) throws IOException {
        assertThat(Files.exists(JAR)).as("%s is built before the integration tests", JAR).isTrue();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        return new RunningJar(builder.start());
    }

    URI baseUrl() throws InterruptedException {
        // In JSON logs (LOG_FORMAT=json) the URL's slashes come escaped.
        Matcher matcher = LISTENING.matcher(awaitLineContaining("listening on").replace("\\/", "/"));
        assertThat(matcher.find()).isTrue();
        return URI.create(matcher.group(1));
    }

    /** SIGKILL: the process stops at once, with no shutdown hook and no chance to tidy up. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM through the process handle: {@link Process#destroy()} would also close our end of its output. */
    void sigterm() {
        process.toHandle().destroy();
    }

    boolean awaitLine(String text) throws InterruptedException {
        return awaitLineContaining(text).contains(text);
    }

    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the jar exits").isTrue();
        return process.exitValue();
    }

    String output() throws InterruptedException {
        if (process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            lines.drainTo(seen);
        }
        return String.join("\n", seen);
    }

    private String awaitLineContaining(String text) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (String line = lines.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS); line != null;
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            seen.add(line);
            if (line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("no line containing '" + text + "' within " + DEADLINE + "; saw:\n"
                + String.join("\n", seen));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
