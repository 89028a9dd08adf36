package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import dev.motioncontrol.adapters.results.MediaOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one PostgreSQL database and one result directory (a shared volume), both following every task
 * and both sweeping for copies: each video is fetched from the provider's URL exactly once, and either instance
 * serves the copy.
 */
class SharedPostgresResultCopiesTest {

    private static final String CLIENT_KEY = "shared-client-key";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT_PATH = "v1/ai/video/kling-v2-6-motion-control-pro";
    private static final byte[] VIDEO = "a generated video, copied once".getBytes();

    @TempDir
    static Path results;

    private static EmbeddedPostgres postgres;
    private static Vertx vertx;
    private static FreepikStubServer stub;
    private static MediaOrigin origin;
    private static MotionControlServer a;
    private static MotionControlServer b;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE shared_results");
        }
        vertx = Vertx.vertx();
        stub = await(FreepikStubServer.start(vertx).toCompletionStage());
        origin = MediaOrigin.start(vertx);
        stub.generatedUnder(origin.url("/videos/"));
        a = await(MotionControlServer.start(ServerConfig.from(environment())).toCompletionStage());
        b = await(MotionControlServer.start(ServerConfig.from(environment())).toCompletionStage());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            await(b.close().toCompletionStage());
            await(a.close().toCompletionStage());
            origin.close();
            await(vertx.close().toCompletionStage());
        } finally {
            postgres.close();
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("PROVIDER", "freepik");
        env.put("MEDIA_PREFLIGHT", "off");
        env.put("FREEPIK_API_KEY", stub.apiKey());
        env.put("FREEPIK_BASE_URL", stub.baseUrl().toString());
        env.put("STATUS_RECHECK_MIN", "0s");
        env.put("STATUS_RECHECK_MAX", "0s");
        env.put("CLIENT_API_KEYS", CLIENT_KEY);
        env.put("STORE", "postgresql://postgres@localhost:" + postgres.getPort() + "/shared_results");
        env.put("RESULTS_STORE", "dir:" + results);
        env.put("ALLOWED_PRIVATE_HOSTS", "127.0.0.1");
        env.put("WEBHOOK_SWEEP_EVERY", "50ms");
        env.put("POLL_FIRST", "20ms");
        env.put("POLL_MAX", "50ms");
        return env;
    }

    @Test
    void eachVideoIsFetchedOnceWhicheverInstanceCopiesItAndBothServeIt() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = submit(i % 2 == 0 ? a : b);
            origin.serve("/videos/" + id + ".mp4", VIDEO, "video/mp4");
            ids.add(id);
        }
        ids.forEach(stub::complete);

        for (String id : ids) {
            String fromA = watchUntilDone(a, id);
            String fromB = watchUntilDone(b, id);
            assertThat(fromA).startsWith(a.baseUrl().resolve("v1/results/" + id + "/0?").toString());
            assertThat(fromB).startsWith(b.baseUrl().resolve("v1/results/" + id + "/0?").toString());
            assertThat(download(fromA)).isEqualTo(VIDEO);
            assertThat(download(fromB)).isEqualTo(VIDEO);
        }
        for (String id : ids) {
            assertThat(origin.targets().stream().filter(target -> target.startsWith("/videos/" + id)).count())
                    .as("fetches of %s's video", id).isEqualTo(1);
        }
    }

    private static String submit(MotionControlServer server) throws Exception {
        JsonObject body = new JsonObject().put("image_url", "https://example.com/dancer.png")
                .put("video_url", "https://example.com/moves.mp4");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(SUBMIT_PATH))
                .header("x-freepik-api-key", CLIENT_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("data").getString("task_id");
    }

    /** The link the task's live status stream ends with. */
    private static String watchUntilDone(MotionControlServer server, String taskId) throws Exception {
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(
                        SUBMIT_PATH + "/" + taskId + "/events")).header("x-freepik-api-key", CLIENT_KEY)
                        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofLines());
        List<JsonObject> events = stream.body().filter(line -> line.startsWith("data:"))
                .map(line -> new JsonObject(line.substring(5).trim()).getJsonObject("data")).toList();
        JsonObject last = events.get(events.size() - 1);
        assertThat(last.getString("status")).isEqualTo("COMPLETED");
        return last.getJsonArray("generated").getString(0);
    }

    private static byte[] download(String link) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(link)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
