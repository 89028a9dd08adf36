package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.http.ApiDocument;
import dev.motioncontrol.adapters.http.MotionControlHttpApi;
import dev.motioncontrol.adapters.media.TestMedia;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookSigner;
import dev.motioncontrol.server.ApiContract.Exchange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real server on the fake, every optional part of the API on (result copies in a directory, the media preflight
 * on media served locally, webhooks to a local receiver, the provider's callbacks), driven over real HTTP through a
 * scripted session, and every answer held to the API document ({@link ApiContract}): its status must be one the
 * operation documents, its headers, content type and body as documented.
 */
class ApiContractTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String KEY = "contract-key";
    private static final String OTHER_KEY = "other-contract-key";
    /** Held to one request per 1000 s: its second request is over its rate. */
    private static final String LIMITED_KEY = "limited-contract-key";
    private static final WebhookSecret PROVIDER_SECRET = WebhookSecret.generate();

    private static final String K26 = "/v1/ai/image-to-video/kling-v2-6";
    private static final String K26_PRO = "/v1/ai/video/kling-v2-6-motion-control-pro";
    private static final String K26_STD = "/v1/ai/video/kling-v2-6-motion-control-std";
    private static final String K3_PRO = "/v1/ai/video/kling-v3-motion-control-pro";
    private static final String K3_STD = "/v1/ai/video/kling-v3-motion-control-std";

    @TempDir
    static Path data;

    private static Vertx vertx;
    private static HttpServer media;
    private static HttpServer receiver;
    private static MotionControlServer server;
    private static HttpClient http;
    private static ApiContract contract;
    private static String body;
    /** Completed tasks, their videos copied: one per submit path. */
    private static final Map<String, String> tasks = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Path files = Files.createDirectories(data.resolve("media"));
        Files.write(files.resolve("character.png"), TestMedia.fixture("image-300x300.png"));
        Files.write(files.resolve("moves.mp4"), TestMedia.fixture("video-3s-faststart.mp4"));
        Router mediaRoutes = Router.router(vertx);
        mediaRoutes.route("/media/*").handler(StaticHandler.create(FileSystemAccess.ROOT, files.toString()));
        media = await(vertx.createHttpServer().requestHandler(mediaRoutes).listen(0, "127.0.0.1"));
        receiver = await(vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(read -> request.response().setStatusCode(204).end()))
                .listen(0, "127.0.0.1"));
        Path keys = Files.writeString(data.resolve("keys"), String.join("\n", KEY, OTHER_KEY,
                LIMITED_KEY + " rate=0.001 burst=1"));
        server = await(MotionControlServer.start(ServerConfig.from(Map.ofEntries(
                        Map.entry("PORT", "0"), Map.entry("HOST", "127.0.0.1"),
                        Map.entry("FAKE_QUEUE_DELAY", "50ms"), Map.entry("FAKE_GENERATION_DELAY", "100ms"),
                        Map.entry("POLL_FIRST", "20ms"), Map.entry("POLL_MAX", "50ms"),
                        Map.entry("CLIENT_API_KEYS_FILE", keys.toString()),
                        Map.entry("MEDIA_PREFLIGHT", "enforce"),
                        Map.entry("ALLOWED_PRIVATE_HOSTS", "127.0.0.1"),
                        Map.entry("RESULTS_STORE", "dir:" + data.resolve("results")))),
                // The provider's callbacks, as in freepik mode with a public URL; the fake sends none.
                builder -> builder.providerWebhooks(new WebhookUrl(HttpUrl.of("https://motion.example.com"
                        + MotionControlHttpApi.PROVIDER_CALLBACK_PATH)), List.of(PROVIDER_SECRET))));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        contract = ApiContract.of(ApiDocument.read().json());

        String mediaBase = "http://127.0.0.1:" + media.actualPort() + "/media/";
        body = new JsonObject().put("image_url", mediaBase + "character.png").put("video_url", mediaBase + "moves.mp4")
                .put("prompt", "a dancer on a rooftop").put("character_orientation", "video").put("cfg_scale", 0.5)
                .encode();
        String withWebhook = new JsonObject(body)
                .put("webhook_url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks").encode();
        for (String path : List.of(K26_PRO, K26_STD, K3_PRO, K3_STD)) {
            Exchange submitted = submit(path, KEY, path.equals(K26_PRO) ? withWebhook : body, Map.of());
            assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
            tasks.put(path, submitted.json().getJsonObject("data").getString("task_id"));
        }
        for (String path : List.of(K26_PRO, K26_STD, K3_PRO, K3_STD)) {
            completed(path.contains("v2-6") ? K26 : path, tasks.get(path));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            await(server.close());
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSubmitNamesTheFieldsItLeftOut() throws Exception {
        Exchange submitted = submit(K3_STD, KEY, new JsonObject(body).put("negative_prompt", "blurry").encode(),
                Map.of());

        assertThat(submitted.status()).isEqualTo(200);
        assertThat(submitted.header(MotionControlHttpApi.IGNORED_FIELDS_HEADER)).isEqualTo("negative_prompt");
    }

    @Test
    void aSubmitAgainUnderItsIdempotencyKeyIsTheSameTaskAndWithAnotherBodyA422() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "contract-" + System.nanoTime());
        String first = submit(K26_STD, KEY, body, key).json().getJsonObject("data").getString("task_id");

        Exchange again = submit(K26_STD, KEY, body, key);
        Exchange otherBody = submit(K26_STD, KEY, new JsonObject(body).put("prompt", "another").encode(), key);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getJsonObject("data").getString("task_id")).isEqualTo(first);
        assertThat(otherBody.status()).isEqualTo(422);
    }

    @Test
    void aRequestWithSeveralMistakesIsOne400ListingThemAll() throws Exception {
        Exchange answer = submit(K26_PRO, KEY, """
                {"image_url":"not a url","video_url":"https://example.com/moves.gif","cfg_scale":1.5,"promt":"typo"}""",
                Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().getJsonArray("invalid_params").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBodyThatIsNotJsonIsA400AndOneNotDeclaredJsonA415() throws Exception {
        assertThat(submit(K3_PRO, KEY, "[1, 2]", Map.of()).status()).isEqualTo(400);
        assertThat(send("POST", K3_PRO, Map.of("x-freepik-api-key", KEY, "Content-Type", "text/plain"), body).status())
                .isEqualTo(415);
    }

    @Test
    void aBodyOverTheLimitIsA413() throws Exception {
        String tooLarge = " ".repeat(MotionControlHttpApi.MAX_BODY_BYTES - 1) + "{}";

        assertThat(submit(K26_PRO, KEY, tooLarge, Map.of()).status()).isEqualTo(413);
    }

    @Test
    void withoutAKeyOrWithAnUnknownOneEveryCallIs401() throws Exception {
        assertThat(send("POST", K26_PRO, Map.of("Content-Type", "application/json"), body).status()).isEqualTo(401);
        assertThat(get(K26, null).status()).isEqualTo(401);
        assertThat(get(K3_PRO + "/" + tasks.get(K3_PRO), null).status()).isEqualTo(401);
        assertThat(get(K3_PRO + "/" + tasks.get(K3_PRO) + "/results", "nobody's key").status()).isEqualTo(401);
    }

    @Test
    void aClientOverItsRateGetsA429() throws Exception {
        Exchange first = get(K26, LIMITED_KEY);
        Exchange second = get(K26, LIMITED_KEY);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(429);
    }

    @Test
    void aTaskIsFoundAtEveryStatusPathOfItsModelAndNowhereElse() throws Exception {
        String k26 = tasks.get(K26_STD);
        String k3 = tasks.get(K3_PRO);
        for (String path : List.of(K26 + "/" + k26, K26_PRO + "/" + k26, K26_STD + "/" + k26, K3_PRO + "/" + k3,
                K3_STD + "/" + k3)) {
            assertThat(get(path, KEY).status()).as(path).isEqualTo(200);
            assertThat(send("HEAD", path, Map.of("x-freepik-api-key", KEY), null).status()).as(path).isEqualTo(200);
        }
        assertThat(get(K3_STD + "/" + k26, KEY).status()).isEqualTo(404);
        assertThat(get(K26 + "/" + k3, KEY).status()).isEqualTo(404);
        assertThat(get(K26 + "/" + k26, OTHER_KEY).status()).isEqualTo(404);
        assertThat(get(K26 + "/not%20an%20id", KEY).status()).isEqualTo(404);
    }

    @Test
    void everyListPathListsTheCallersTasks() throws Exception {
        assertThat(get(K26, KEY).json().getJsonArray("data")).isNotEmpty();
        assertThat(get(K3_PRO, KEY).json().getJsonArray("data")).isNotEmpty();
        assertThat(get(K3_STD, KEY).json().getJsonArray("data")).isNotEmpty();
        assertThat(get(K26, OTHER_KEY).json().getJsonArray("data")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {K26, K26_PRO, K26_STD, K3_PRO, K3_STD})
    void aTasksStatesStreamAtItsEventsPathAndForAnEventStreamAccept(String prefix) throws Exception {
        String task = tasks.get(prefix.equals(K26) ? K26_PRO : prefix.contains("v2-6") ? K26_STD : prefix);

        Exchange events = get(prefix + "/" + task + "/events", KEY);
        Exchange accepted = send("GET", prefix + "/" + task,
                Map.of("x-freepik-api-key", KEY, "Accept", "text/event-stream"), null);

        for (Exchange stream : List.of(events, accepted)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(stream.text()).contains("event: status").contains("\"COMPLETED\"");
        }
    }

    @Test
    void theWebhookDeliveryOfATaskWithAWebhookUrlIsShownAndOfOneWithoutNot() throws Exception {
        Exchange with = get(K26 + "/" + tasks.get(K26_PRO) + "/webhook", KEY);
        Exchange without = get(K3_STD + "/" + tasks.get(K3_STD) + "/webhook", KEY);

        assertThat(with.status()).isEqualTo(200);
        assertThat(with.json().getJsonObject("data").getString("state")).isIn("WAITING", "RETRYING", "DELIVERED");
        assertThat(without.status()).isEqualTo(404);
    }

    @Test
    void theMeasuredMediaOfATaskAreShown() throws Exception {
        Exchange measured = get(K26_PRO + "/" + tasks.get(K26_PRO) + "/media", KEY);

        assertThat(measured.status()).isEqualTo(200);
        assertThat(measured.json().getJsonObject("data").getJsonObject("image").getString("format")).isEqualTo("PNG");
        assertThat(measured.json().getJsonObject("data").getJsonObject("video").getString("format")).isEqualTo("MP4");
    }

    @Test
    void theCopiesOfATasksVideosAreShown() throws Exception {
        Exchange copies = get(K3_STD + "/" + tasks.get(K3_STD) + "/results", KEY);

        assertThat(copies.status()).isEqualTo(200);
        assertThat(copies.json().getJsonObject("data").getString("state")).isEqualTo("COPIED");
    }

    @Test
    void aCopyDownloadsWholeInRangesAndRevalidatedByItsSignedLinkOrItsOwnersKey() throws Exception {
        String task = tasks.get(K3_PRO);
        String link = get(K3_PRO + "/" + task, KEY).json().getJsonObject("data").getJsonArray("generated").getString(0);
        String signed = URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery();

        Exchange whole = send("GET", signed, Map.of(), null);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(send("HEAD", signed, Map.of(), null).status()).isEqualTo(200);
        assertThat(send("GET", signed, Map.of("Range", "bytes=0-99"), null).status()).isEqualTo(206);
        assertThat(send("GET", signed, Map.of("If-None-Match", whole.header("ETag")), null).status()).isEqualTo(304);
        assertThat(send("GET", signed, Map.of("Range", "bytes=" + whole.body().length + "-"), null).status())
                .isEqualTo(416);
        String byKey = MotionControlHttpApi.RESULTS_PATH + task + "/0";
        assertThat(get(byKey, KEY).status()).isEqualTo(200);
        assertThat(get(byKey, null).status()).isEqualTo(401);
        assertThat(get(byKey, OTHER_KEY).status()).isEqualTo(404);
        assertThat(get(MotionControlHttpApi.RESULTS_PATH + task + "/7", KEY).status()).isEqualTo(404);
        assertThat(send("GET", byKey + "?expires=1", Map.of(), null).status()).isEqualTo(403);
        assertThat(send("GET", byKey + "?expires=99999999999&signature=forged", Map.of(), null).status())
                .isEqualTo(403);
    }

    @Test
    void theFakesVideoIsServedAndAnyOtherFileIsNotFound() throws Exception {
        assertThat(get("/fake-media/" + tasks.get(K26_PRO) + ".mp4", null).status()).isEqualTo(200);
        assertThat(get("/fake-media/notes.txt", null).status()).isEqualTo(404);
    }

    @Test
    void thePlaygroundAndItsFilesAreServedAsDocumented() throws Exception {
        assertThat(get("/", null).status()).isEqualTo(302);
        assertThat(get("/playground", null).status()).isEqualTo(200);
        assertThat(get("/playground/playground.js", null).status()).isEqualTo(200);
        assertThat(get("/playground/settings.json", null).status()).isEqualTo(200);
        assertThat(get("/playground/nothing-here.txt", null).status()).isEqualTo(404);
    }

    @Test
    void livenessAndReadinessAnswerAsDocumented() throws Exception {
        assertThat(get("/health/live", null).status()).isEqualTo(200);
        assertThat(get("/health/ready", null).status()).isEqualTo(200);
    }

    @Test
    void theProvidersWebhooksAreTakenInWhenSignedAndRefusedWhenNot() throws Exception {
        byte[] unknownTask = "{\"task_id\":\"no-such-task\",\"status\":\"COMPLETED\",\"generated\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] notATask = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

        Exchange forged = callback(unknownTask, Map.of("webhook-id", "msg_forged", "webhook-timestamp",
                Long.toString(Instant.now().getEpochSecond()), "webhook-signature", "v1,Zm9yZ2Vk"));
        Exchange unknown = callback(unknownTask, signed("msg_unknown_" + System.nanoTime(), unknownTask));
        Exchange malformed = callback(notATask, signed("msg_malformed_" + System.nanoTime(), notATask));

        assertThat(forged.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().getString("message")).contains("no task");
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.json().getString("message")).contains("not a task");
    }

    @Test
    void anUnknownPathIsA404AndAnUnservedMethodA405NamingTheOthers() throws Exception {
        assertThat(get("/v1/no/such/path", KEY).status()).isEqualTo(404);
        assertThat(get(K26_PRO, KEY).status()).isEqualTo(405);
        assertThat(send("DELETE", K26, Map.of("x-freepik-api-key", KEY), null).status()).isEqualTo(405);
        assertThat(send("PUT", K3_PRO, Map.of("x-freepik-api-key", KEY), "{}").status()).isEqualTo(405);
        assertThat(send("POST", ApiDocument.JSON_PATH, Map.of(), "{}").status()).isEqualTo(405);
    }

    @Test
    void theDocumentIsServedAsItIsWrittenAndRevalidated() throws Exception {
        Exchange yaml = get(ApiDocument.YAML_PATH, null);
        Exchange json = get(ApiDocument.JSON_PATH, null);

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.text()).isEqualTo(ApiDocument.read().yaml());
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json()).isEqualTo(new JsonObject(ApiDocument.read().json()));
        assertThat(send("GET", ApiDocument.JSON_PATH, Map.of("If-None-Match", json.header("ETag")), null).status())
                .isEqualTo(304);
    }

    // --- the session's requests, each answer held to the document

    private static Exchange submit(String path, String key, String json, Map<String, String> headers)
            throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("x-freepik-api-key", key);
        all.put("Content-Type", "application/json");
        return send("POST", path, all, json);
    }

    private static Exchange get(String path, String key) throws Exception {
        return send("GET", path, key == null ? Map.of() : Map.of("x-freepik-api-key", key), null);
    }

    private static Exchange callback(byte[] json, Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return send("POST", MotionControlHttpApi.PROVIDER_CALLBACK_PATH, all, new String(json, StandardCharsets.UTF_8));
    }

    private static Map<String, String> signed(String id, byte[] json) {
        return WebhookSigner.signedWebhook(PROVIDER_SECRET, id, Instant.now().getEpochSecond(), json).headers();
    }

    /** Sends one request to the server and holds its answer to the document. */
    private static Exchange send(String method, String pathAndQuery, Map<String, String> headers, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUrl().resolve(pathAndQuery.substring(1)))
                .timeout(DEADLINE)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> answered = new HashMap<>();
        response.headers().map().forEach((name, values) ->
                answered.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        Exchange exchange = new Exchange(method, URI.create(pathAndQuery).getRawPath(), response.statusCode(),
                answered, response.body());
        contract.check(exchange);
        return exchange;
    }

    /**
     * Waits for the task at {@code prefix} to complete, its videos copied (it is shown in progress until then): its live
     * status stream ends with its terminal state.
     */
    private static void completed(String prefix, String taskId) throws Exception {
        Exchange stream = get(prefix + "/" + taskId + "/events", KEY);
        String events = stream.text();
        String last = events.substring(events.lastIndexOf("data: ") + "data: ".length()).trim();
        JsonObject task = new JsonObject(last).getJsonObject("data");
        assertThat(task.getString("status")).as(events).isEqualTo("COMPLETED");
        assertThat(task.getJsonArray("generated")).isNotEmpty();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
