package dev.motioncontrol.adapters.freepik.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneMillionTasksMemoryTest {

    private static final long DEADLINE_SECONDS = 60;

    @Test
    void oneMillionTasksFitInAOneGigabyteHeap(@TempDir Path dir) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = dir.resolve("child-output.txt");
        Process child = new ProcessBuilder(List.of(
                java.toString(), "-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                OneMillionTasks.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile()) // a file never fills up and blocks the child, as a pipe can
                .start();

        boolean exited = child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("[one million tasks in -Xmx1g] " + printed.strip().replace("\n", " | "));

        assertThat(exited).as("the child JVM finished within %d s", DEADLINE_SECONDS).isTrue();
        assertThat(child.exitValue()).as("the child JVM's exit code; its output: %s", printed).isZero();
        assertThat(printed).contains(OneMillionTasks.RESULT_PREFIX);
    }
}
