package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real server on a free port, driven by the JDK's stock HTTP client exactly as a Freepik client would. */
class EndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String VALID_BODY = """
            {"image_url":"https://example.com/dancer.png","video_url":"https://example.com/moves.mp4",
             "prompt":"a dancer on a rooftop","character_orientation":"video","cfg_scale":0.5}""";

    private static MotionControlServer server;
    private static HttpClient http;

    @BeforeAll
    static void startServer() throws Exception {
        server = MotionControlServer.start(ServerConfig.from(Map.of(
                        "PORT", "0", "HOST", "127.0.0.1",
                        "FAKE_QUEUE_DELAY", "0", "FAKE_GENERATION_DELAY", "50ms")))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pro", "std"})
    void submittedTaskCompletesAndItsVideoDownloadsAsAnMp4(String tier) throws Exception {
        HttpResponse<String> submitted = post("/v1/ai/video/kling-v2-6-motion-control-" + tier, "key-a", VALID_BODY);
        assertThat(submitted.statusCode()).isEqualTo(200);
        JsonObject created = new JsonObject(submitted.body()).getJsonObject("data");
        assertThat(created.getString("status")).isEqualTo("CREATED");
        assertThat(created.getJsonArray("generated")).isEmpty();
        String taskId = created.getString("task_id");

        JsonObject completed = pollUntilCompleted(taskId, "key-a");
        JsonArray generated = completed.getJsonArray("generated");
        assertThat(generated).isNotEmpty();

        HttpResponse<byte[]> video = http.send(HttpRequest.newBuilder(URI.create(generated.getString(0))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.headers().firstValue("content-type")).contains("video/mp4");
        assertThat(new String(Arrays.copyOfRange(video.body(), 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    }

    @Test
    void anotherKeyCannotSeeTheTask() throws Exception {
        String taskId = new JsonObject(post("/v1/ai/video/kling-v2-6-motion-control-pro", "key-a", VALID_BODY).body())
                .getJsonObject("data").getString("task_id");

        HttpResponse<String> seenByB = get("/v1/ai/image-to-video/kling-v2-6/" + taskId, "key-b");

        assertThat(seenByB.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(seenByB.body()).getString("message")).isNotBlank();
    }

    @Test
    void aRequestWithThreeMistakesGetsOne400ListingAllThree() throws Exception {
        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-std", "key-a", """
                {"image_url":"not a url","video_url":"https://example.com/moves.gif","cfg_scale":1.5}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonArray invalid = new JsonObject(response.body()).getJsonArray("invalid_params");
        assertThat(invalid.stream().map(p -> ((JsonObject) p).getString("name")))
                .containsExactly("image_url", "video_url", "cfg_scale");
    }

    @Test
    void listsOnlyTheCallersTasks() throws Exception {
        String taskId = new JsonObject(post("/v1/ai/video/kling-v2-6-motion-control-pro", "key-list", VALID_BODY).body())
                .getJsonObject("data").getString("task_id");

        JsonArray mine = new JsonObject(get("/v1/ai/image-to-video/kling-v2-6", "key-list").body()).getJsonArray("data");
        JsonArray theirs = new JsonObject(get("/v1/ai/image-to-video/kling-v2-6", "key-other").body()).getJsonArray("data");

        assertThat(mine.stream().map(t -> ((JsonObject) t).getString("task_id"))).containsExactly(taskId);
        assertThat(theirs).isEmpty();
    }

    private static JsonObject pollUntilCompleted(String taskId, String key) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            HttpResponse<String> response = get("/v1/ai/image-to-video/kling-v2-6/" + taskId, key);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject task = new JsonObject(response.body()).getJsonObject("data");
            if (task.getString("status").equals("COMPLETED")) {
                return task;
            }
            assertThat(task.getString("status")).isIn("CREATED", "IN_PROGRESS");
            assertThat(Instant.now()).as("task %s completes before the deadline", taskId).isBefore(deadline);
            // Polling a live server: the next request itself is the wait, as a real client's would be.
        }
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)))
                        .header("x-freepik-api-key", key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)))
                        .header("x-freepik-api-key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
