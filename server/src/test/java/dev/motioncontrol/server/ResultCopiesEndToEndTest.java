package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.fake.FakeMedia;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import dev.motioncontrol.adapters.results.InProcessS3;
import dev.motioncontrol.adapters.results.MediaOrigin;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service in Freepik mode on the provider's stub, whose generated URLs point at a local media server: the
 * videos are copied when their tasks complete, clients and webhooks get lasting links to the copies, and those keep
 * serving the same bytes (ranges too) after the media server is gone and after a restart; in a directory and in an
 * S3 server run in-process.
 */
class ResultCopiesEndToEndTest {

    private static final String UPSTREAM_KEY = "stub-upstream-key";
    private static final String CLIENT = "client-key";
    private static final WebhookSecret WEBHOOK_SECRET = WebhookSecret.generate();
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final byte[] VIDEO = video();
    private static final String BODY = "{\"image_url\":\"https://example.com/dancer.png\","
            + "\"video_url\":\"https://example.com/moves.mp4\",\"webhook_url\":\"%s\"}";

    @TempDir
    static Path data;

    private static Vertx vertx;
    private static FreepikStubServer stub;
    private static HttpServer receiver;
    private static final Map<String, CompletableFuture<Received>> webhooks = new ConcurrentHashMap<>();
    private static HttpClient http;

    private MediaOrigin origin;
    private MotionControlServer server;

    private record Received(Map<String, String> headers, byte[] body) {
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        stub = FreepikStubServer.start(vertx, "x-freepik-api-key", UPSTREAM_KEY).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
            String taskId = new JsonObject(body).getString("task_id");
            webhooks.computeIfAbsent(taskId, id -> new CompletableFuture<>())
                    .complete(new Received(headers, body.getBytes()));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (origin != null) {
            origin.close();
        }
        stub.reset();
    }

    @Test
    void aCopyInADirectoryOutlivesTheProvidersUrlsAndARestart() throws Exception {
        Path store = data.resolve("dir-case");
        Map<String, String> env = env(store, "dir:" + store.resolve("results"));
        server = start(env);
        String taskId = completedThroughTheStub();

        JsonObject done = watchUntilDone(taskId);
        String link = done.getJsonArray("generated").getString(0);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(link).startsWith(server.baseUrl().resolve("v1/results/" + taskId + "/0?expires=").toString());
        origin.close();
        origin = null;

        HttpResponse<byte[]> whole = download(link, Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(sha256(whole.body())).isEqualTo(sha256(VIDEO));
        assertThat(whole.headers().firstValue("content-type")).hasValue("video/mp4");
        assertThat(whole.headers().firstValue("content-length")).hasValue(Integer.toString(VIDEO.length));
        assertThat(whole.headers().firstValue("etag")).hasValue("\"" + sha256(VIDEO) + "\"");
        assertThat(whole.headers().firstValue("accept-ranges")).hasValue("bytes");
        HttpResponse<byte[]> range = download(link, Map.of("Range", "bytes=1000-1999"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(VIDEO, 1000, 2000));
        assertThat(range.headers().firstValue("content-range")).hasValue("bytes 1000-1999/" + VIDEO.length);
        assertThat(download(link, Map.of("If-None-Match", "\"" + sha256(VIDEO) + "\"")).statusCode()).isEqualTo(304);
        assertThat(download(link, Map.of("Range", "bytes=" + VIDEO.length + "-")).statusCode()).isEqualTo(416);

        JsonObject results = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId + "/results"));
        assertThat(results.getString("state")).isEqualTo("COPIED");
        assertThat(results.getJsonArray("videos").getJsonObject(0).getString("sha256")).isEqualTo(sha256(VIDEO));
        assertThat(results.getJsonArray("videos").getJsonObject(0).getLong("size_bytes")).isEqualTo(VIDEO.length);

        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        server = start(env);
        String afterRestart = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId)).getJsonArray("generated")
                .getString(0);
        assertThat(sha256(download(afterRestart, Map.of()).body())).isEqualTo(sha256(VIDEO));
        assertThat(download(afterRestart, Map.of("Range", "bytes=-10")).body())
                .isEqualTo(Arrays.copyOfRange(VIDEO, VIDEO.length - 10, VIDEO.length));
    }

    @Test
    void aReceiverThatVerifiesTheSignatureGetsTheLastingLinksInTheWebhook() throws Exception {
        Path store = data.resolve("webhook-case");
        server = start(env(store, "dir:" + store.resolve("results")));
        String taskId = completedThroughTheStub();

        Received webhook = webhooks.computeIfAbsent(taskId, id -> new CompletableFuture<>())
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(WebhookVerifier.of(WEBHOOK_SECRET).verify(webhook.headers(), webhook.body()).isVerified())
                .isTrue();
        JsonObject payload = new JsonObject(new String(webhook.body(), StandardCharsets.UTF_8));
        assertThat(payload.getString("status")).isEqualTo("COMPLETED");
        String link = payload.getJsonArray("generated").getString(0);
        assertThat(link).startsWith(server.baseUrl().resolve("v1/results/" + taskId + "/0?").toString());
        origin.close();
        origin = null;
        assertThat(sha256(download(link, Map.of()).body())).isEqualTo(sha256(VIDEO));
    }

    @Test
    void aDownloadNeedsTheOwnersKeyOrAnUntamperedLink() throws Exception {
        Path store = data.resolve("access-case");
        server = start(env(store, "dir:" + store.resolve("results")));
        String taskId = completedThroughTheStub();
        String link = watchUntilDone(taskId).getJsonArray("generated").getString(0);
        String bare = link.substring(0, link.indexOf('?'));

        assertThat(download(bare, Map.of()).statusCode()).isEqualTo(401);
        assertThat(download(bare, Map.of("x-freepik-api-key", CLIENT)).statusCode()).isEqualTo(200);
        assertThat(download(bare, Map.of("x-freepik-api-key", "someone-else")).statusCode()).isEqualTo(401);
        assertThat(download(link.replace("signature=", "signature=x"), Map.of()).statusCode()).isEqualTo(403);
        assertThat(download(link.replace("/0?", "/1?"), Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void anEndlessVideoIsCutAtTheCapAndTheCopyRecordedAsFailedWithTheProvidersUrlKept() throws Exception {
        Path store = data.resolve("endless-case");
        Map<String, String> env = new HashMap<>(env(store, "dir:" + store.resolve("results")));
        env.put("RESULTS_MAX_BYTES", "4MiB");
        server = start(env);
        origin = MediaOrigin.start(vertx);
        String taskId = submit();
        MediaOrigin.EndlessBody endless = origin.serveEndless("/videos/" + taskId + ".mp4");
        stub.generatedUnder(origin.url("/videos/"));
        stub.complete(taskId);

        JsonObject done = watchUntilDone(taskId);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getJsonArray("generated").getString(0)).isEqualTo(origin.url("/videos/" + taskId + ".mp4"));
        JsonObject results = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId + "/results"));
        assertThat(results.getString("state")).isEqualTo("FAILED");
        assertThat(results.getString("last_error")).contains("cap");
        long written = endless.stopped().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // Past the cap, only what the loopback's socket buffers took before the copier hung up (a few MB): the
        // endless body was cut, not read to the end nor held anywhere.
        assertThat(written).as("bytes the origin sent before the copier hung up")
                .isGreaterThan(4L * 1024 * 1024).isLessThan(16L * 1024 * 1024);
        try (Stream<Path> staged = Files.list(store.resolve("results").resolve(".staging"))) {
            assertThat(staged).as("nothing left of the cut copy on disk").isEmpty();
        }
        assertThat(webhooks.computeIfAbsent(taskId, id -> new CompletableFuture<>())
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void copiesDeletedAtTheEndOfTheirRetentionAreGoneNotDangling() throws Exception {
        Path store = data.resolve("retention-case");
        Map<String, String> env = new HashMap<>(env(store, "dir:" + store.resolve("results")));
        env.put("RESULTS_KEEP_FOR", "300ms");
        env.put("WEBHOOK_SWEEP_EVERY", "50ms");
        server = start(env);
        String taskId = completedThroughTheStub();
        String link = watchUntilDone(taskId).getJsonArray("generated").getString(0);

        assertThat(download(link, Map.of()).statusCode()).isEqualTo(200);
        JsonObject results = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId + "/results"));
        Instant giveUp = Instant.now().plus(DEADLINE);
        while (!results.getString("state").equals("DELETED") && Instant.now().isBefore(giveUp)) {
            vertx.timer(50).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            results = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId + "/results"));
        }

        assertThat(results.getString("state")).isEqualTo("DELETED");
        HttpResponse<byte[]> answer = download(link, Map.of());
        assertThat(answer.statusCode()).isEqualTo(410);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("deleted on");
        assertThat(results.getString("deleted_at")).isNotNull();
        try (Stream<Path> left = Files.walk(store.resolve("results"))) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aCopyInS3IsServedByPresignedLinksThatStopWorkingAfterTheirLifetime() throws Exception {
        try (InProcessS3 s3 = InProcessS3.start("motion-results")) {
            Path store = data.resolve("s3-case");
            Map<String, String> env = new HashMap<>(env(store, "s3://motion-results/kept"));
            env.put("RESULTS_S3_ENDPOINT", s3.endpoint().toString());
            env.put("RESULTS_S3_REGION", s3.region().id());
            env.put("RESULTS_S3_ACCESS_KEY_ID", s3.accessKey());
            env.put("RESULTS_S3_SECRET_ACCESS_KEY", s3.secretKey());
            env.put("RESULTS_LINK_LIFETIME", "3s");
            server = start(env);
            String taskId = completedThroughTheStub();

            String link = watchUntilDone(taskId).getJsonArray("generated").getString(0);
            origin.close();
            origin = null;

            assertThat(link).startsWith(s3.endpoint().toString()).contains("X-Amz-Signature=")
                    .contains("X-Amz-Expires=3");
            assertThat(s3.keys()).containsExactly("kept/" + taskId + "/0.mp4");
            HttpResponse<byte[]> whole = download(link, Map.of());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(sha256(whole.body())).isEqualTo(sha256(VIDEO));
            HttpResponse<byte[]> range = download(link, Map.of("Range", "bytes=1000-1999"));
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(VIDEO, 1000, 2000));
            HttpResponse<byte[]> redirected = download(server.baseUrl().resolve("v1/results/" + taskId + "/0")
                    .toString(), Map.of("x-freepik-api-key", CLIENT));
            assertThat(redirected.statusCode()).as("the download path hands over to a fresh presigned link")
                    .isEqualTo(302);

            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server = start(env);
            String afterRestart = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId))
                    .getJsonArray("generated").getString(0);
            assertThat(sha256(download(afterRestart, Map.of()).body())).isEqualTo(sha256(VIDEO));

            Instant signedAt = Instant.now();
            HttpResponse<byte[]> late = download(link, Map.of());
            while (late.statusCode() == 200 && Instant.now().isBefore(signedAt.plus(DEADLINE))) {
                vertx.timer(250).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                late = download(link, Map.of());
            }
            assertThat(late.statusCode()).as("the first link, after its 3 s").isEqualTo(403);
        }
    }

    @Test
    void fakeModeCopiesItsOwnVideoSoTheWholePathRunsOffline() throws Exception {
        Path results = data.resolve("fake-case");
        server = start(Map.of("PORT", "0", "HOST", "127.0.0.1", "FAKE_QUEUE_DELAY", "50ms",
                "FAKE_GENERATION_DELAY", "50ms", "POLL_FIRST", "20ms", "POLL_MAX", "50ms",
                "RESULTS_STORE", "dir:" + results));
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("v1/ai/video/kling-v2-6-motion-control-std"))
                        .header("x-freepik-api-key", CLIENT).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"image_url\":\"https://example.com/a.png\","
                                + "\"video_url\":\"https://example.com/a.mp4\"}")).timeout(DEADLINE).build(),
                HttpResponse.BodyHandlers.ofString());
        String taskId = data(submitted).getString("task_id");

        String link = watchUntilDone(taskId).getJsonArray("generated").getString(0);

        assertThat(link).startsWith(server.baseUrl().resolve("v1/results/" + taskId + "/0?").toString());
        HttpResponse<byte[]> video = download(link, Map.of());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.body()).isEqualTo(FakeMedia.bytes());
        assertThat(Files.exists(results.resolve(taskId).resolve("0.mp4"))).isTrue();
    }

    // --- helpers

    private Map<String, String> env(Path store, String results) throws Exception {
        Files.createDirectories(store);
        return Map.ofEntries(
                Map.entry("PORT", "0"), Map.entry("HOST", "127.0.0.1"),
                Map.entry("PROVIDER", "freepik"),
                Map.entry("MEDIA_PREFLIGHT", "off"),
                Map.entry("FREEPIK_API_KEY", UPSTREAM_KEY),
                Map.entry("FREEPIK_BASE_URL", stub.baseUrl().toString()),
                Map.entry("STATUS_RECHECK_MIN", "0s"), Map.entry("STATUS_RECHECK_MAX", "0s"),
                Map.entry("POLL_FIRST", "20ms"), Map.entry("POLL_MAX", "50ms"),
                Map.entry("CLIENT_API_KEYS", CLIENT),
                Map.entry("WEBHOOK_SECRET", WEBHOOK_SECRET.encoded()),
                Map.entry("ALLOWED_PRIVATE_HOSTS", "127.0.0.1"),
                Map.entry("STORE", "sqlite:" + store.resolve("state.db")),
                Map.entry("RESULTS_STORE", results));
    }

    private static MotionControlServer start(Map<String, String> env) throws Exception {
        return MotionControlServer.start(ServerConfig.from(env)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /** A task submitted, its video served by a fresh media origin, and completed at the stub. */
    private String completedThroughTheStub() throws Exception {
        origin = MediaOrigin.start(vertx);
        String taskId = submit();
        origin.serve("/videos/" + taskId + ".mp4", VIDEO, "video/mp4");
        stub.generatedUnder(origin.url("/videos/"));
        stub.complete(taskId);
        return taskId;
    }

    private String submit() throws Exception {
        String hook = "http://127.0.0.1:" + receiver.actualPort() + "/hooks";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("v1/ai/video/kling-v2-6-motion-control-pro"))
                        .header("x-freepik-api-key", CLIENT).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(hook))).timeout(DEADLINE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return data(response).getString("task_id");
    }

    /** The task's last state, from its live status stream, which ends once it is done (copy included). */
    private JsonObject watchUntilDone(String taskId) throws Exception {
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("v1/ai/image-to-video/kling-v2-6/" + taskId + "/events"))
                        .header("x-freepik-api-key", CLIENT).timeout(DEADLINE).build(),
                HttpResponse.BodyHandlers.ofLines());
        List<JsonObject> events = stream.body().filter(line -> line.startsWith("data:"))
                .map(line -> new JsonObject(line.substring(5).trim()).getJsonObject("data")).toList();
        assertThat(events).isNotEmpty();
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(event ->
                assertThat(event.getJsonArray("generated", new JsonArray())).as("no temporary URL before the copy")
                        .isEmpty());
        return events.get(events.size() - 1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path.substring(1)))
                .header("x-freepik-api-key", CLIENT).timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(DEADLINE);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject data(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("data");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** 300 KB of made-up "video": enough for ranges and several reads, different every byte. */
    private static byte[] video() {
        byte[] bytes = new byte[300 * 1024];
        new Random(12).nextBytes(bytes);
        return bytes;
    }
}
