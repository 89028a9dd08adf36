package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fat jar as the README runs it, in its own JVM: it starts, says where it listens, serves a whole
 * motion transfer, and stops cleanly on SIGTERM. Catches what the in-JVM tests cannot: a class missing
 * from the jar, a broken manifest, a shutdown hook that never runs.
 */
class RunnableJarIT {

    private static final String BODY = """
            {"image_url":"https://example.com/dancer.png","video_url":"https://example.com/moves.mp4"}""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void onTheFakeItServesAWholeTransferAndStopsOnSigterm() throws Exception {
        try (RunningJar jar = RunningJar.start(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "FAKE_QUEUE_DELAY", "0", "FAKE_GENERATION_DELAY", "0"))) {
            URI base = jar.baseUrl();
            HttpResponse<String> submitted = send(base, "POST", "v1/ai/video/kling-v2-6-motion-control-pro", BODY);
            assertThat(submitted.statusCode()).isEqualTo(200);
            String taskId = new JsonObject(submitted.body()).getJsonObject("data").getString("task_id");

            JsonObject task = new JsonObject(send(base, "GET", "v1/ai/image-to-video/kling-v2-6/" + taskId, null).body())
                    .getJsonObject("data");
            assertThat(task.getString("status")).isEqualTo("COMPLETED");
            HttpResponse<byte[]> video = http.send(HttpRequest.newBuilder(URI.create(task.getJsonArray("generated")
                    .getString(0))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(new String(Arrays.copyOfRange(video.body(), 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");

            jar.sigterm();
            assertThat(jar.awaitLine("Stopped")).isTrue();
        }
    }

    @Test
    void onFreepikItTalksToTheProviderWithTheServicesKeyAndNeverLogsIt() throws Exception {
        String upstreamKey = "upstream-secret-key-JAR-93c1";
        Vertx vertx = Vertx.vertx();
        try {
            FreepikStubServer stub = FreepikStubServer.start(vertx, "x-freepik-api-key", upstreamKey)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            try (RunningJar jar = RunningJar.start(Map.of("PORT", "0", "HOST", "127.0.0.1", "PROVIDER", "freepik",
                    "FREEPIK_API_KEY", upstreamKey, "FREEPIK_BASE_URL", stub.baseUrl().toString(),
                    "CLIENT_API_KEYS", "key", "STORE", "memory", "MEDIA_PREFLIGHT", "off"))) {
                HttpResponse<String> submitted = send(jar.baseUrl(), "POST",
                        "v1/ai/video/kling-v2-6-motion-control-std", BODY);

                assertThat(submitted.statusCode()).isEqualTo(200);
                assertThat(stub.submitCount()).isEqualTo(1);
                jar.sigterm();
                assertThat(jar.awaitLine("Stopped")).isTrue();
                assertThat(jar.output()).doesNotContain(upstreamKey);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingUpstreamKeyStopsItAtOnceWithAClearMessage() throws Exception {
        try (RunningJar jar = RunningJar.start(Map.of("PORT", "0", "PROVIDER", "freepik"))) {
            assertThat(jar.awaitExit()).isEqualTo(2);
            assertThat(jar.output()).contains("PROVIDER=freepik needs FREEPIK_API_KEY");
        }
    }

    private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("x-freepik-api-key", "key");
        if (body != null) {
            request.header("content-type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
