package dev.motioncontrol.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The README's example test class is code that compiles and passes, not prose that drifts. */
class ReadmeExampleTest {

    private static final String MARKER = "junit5-example";

    @Test
    void theExampleTestClassCompilesAndItsTestsPass(@TempDir Path dir) throws Exception {
        String source = exampleSource();
        Matcher name = Pattern.compile("\\bclass (\\w+)").matcher(source);
        assertThat(name.find()).as("the example declares a class").isTrue();
        compile(source, name.group(1), dir);

        TestExecutionSummary summary;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            summary = Launched.run(loader.loadClass(name.group(1)));
        }

        assertThat(summary.getFailures()).as("failures of the example's tests").isEmpty();
        assertThat(summary.getTestsFoundCount()).isPositive();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(summary.getTestsFoundCount());
    }

    private static String exampleSource() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher matcher = Pattern.compile("<!-- " + MARKER + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(matcher.find()).as("README.md has a java block after <!-- %s -->", MARKER).isTrue();
        return matcher.group(1);
    }

    private static void compile(String source, String className, Path dir) throws Exception {
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, "-d", dir.toString(),
                "-classpath", System.getProperty("java.class.path"), "-Xlint:all", "-Werror", file.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }
}
