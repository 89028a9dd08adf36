package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding examples are code that compiles and runs, not prose that drifts. */
class ReadmeExampleTest {

    @Test
    void embeddingExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        compile("embedding-example", "EmbeddingExample", dir);

        String printed = run(dir, "EmbeddingExample");

        assertThat(printed).contains("COMPLETED").contains("image_url");
    }

    @Test
    void freepikEmbeddingExampleCompilesAndRunsAgainstALocalStub(@TempDir Path dir) throws Exception {
        compile("freepik-embedding-example", "FreepikEmbeddingExample", dir);
        Vertx vertx = Vertx.vertx();
        try {
            FreepikStubServer stub = FreepikStubServer.start(vertx).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);

            String printed = run(dir, "FreepikEmbeddingExample", stub.apiKey(), stub.baseUrl().toString());

            assertThat(stub.submitCount()).isEqualTo(1);
            assertThat(printed).contains(stub.taskIds().get(0) + " is ");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void webhookVerificationExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        compile("webhook-verification-example", "WebhookVerificationExample", dir);

        assertThat(run(dir, "WebhookVerificationExample")).contains("verified msg_8d0d_COMPLETED");
    }

    private static void compile(String marker, String className, Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher matcher = Pattern.compile("<!-- " + marker + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(matcher.find()).as("README.md has a java block after <!-- %s -->", marker).isTrue();
        Path source = dir.resolve(className + ".java");
        Files.writeString(source, matcher.group(1));

        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, "-d", dir.toString(),
                "-classpath", System.getProperty("java.class.path"), "-Xlint:all", "-Werror", source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static String run(Path classes, String className, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
