package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.motioncontrol.adapters.freepik.http.Fault;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.RecordedRequest;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookSigner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The service in Freepik mode, pointed at a local stub of the provider, driven by the JDK's HTTP client:
 * requests go through to the provider with the service's one key, answers come back intact, and each
 * client sees only its own tasks.
 */
class FreepikModeEndToEndTest {

    @TempDir
    static Path data;

    private static final String UPSTREAM_KEY = "upstream-secret-key-E2E-7f3a";
    private static final WebhookSecret PROVIDER_SECRET = WebhookSecret.generate();
    private static final String CLIENT_A = "client-a-key";
    private static final String CLIENT_B = "client-b-key";
    private static final String BODY = """
            {"image_url":"https://example.com/dancer.png","video_url":"https://example.com/moves.mp4",
             "prompt":"a dancer on a rooftop","character_orientation":"image","cfg_scale":0.25}""";

    private static Vertx stubVertx;
    private static FreepikStubServer stub;
    private static MotionControlServer server;
    private static HttpClient http;
    private static final List<String> responses = new ArrayList<>();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static final List<String> julLogs = new ArrayList<>();
    private static final Handler julCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (julLogs) {
                julLogs.add(String.valueOf(record.getMessage()) + " " + record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        java.util.logging.Logger.getLogger("").addHandler(julCapture);
        stubVertx = Vertx.vertx();
        stub = FreepikStubServer.start(stubVertx, "x-freepik-api-key", UPSTREAM_KEY)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        server = MotionControlServer.start(ServerConfig.from(Map.ofEntries(
                        Map.entry("PORT", "0"), Map.entry("HOST", "127.0.0.1"),
                        Map.entry("PROVIDER", "freepik"),
                        // Its media URLs are examples no one serves: not measured (the preflight has its own tests).
                        Map.entry("MEDIA_PREFLIGHT", "off"),
                        Map.entry("FREEPIK_API_KEY", UPSTREAM_KEY),
                        // Every status asks the provider: the tests move tasks at the stub and look at once.
                        Map.entry("STATUS_RECHECK_MIN", "0s"), Map.entry("STATUS_RECHECK_MAX", "0s"),
                        Map.entry("PROVIDER_WEBHOOK_WAIT", "0s"),
                        Map.entry("FREEPIK_BASE_URL", stub.baseUrl().toString()),
                        Map.entry("FREEPIK_REQUEST_TIMEOUT", "1s"),
                        Map.entry("FREEPIK_DEADLINE", "5s"),
                        Map.entry("PUBLIC_BASE_URL", "https://motion.example.com"),
                        Map.entry("PROVIDER_WEBHOOK_SECRET", PROVIDER_SECRET.encoded()),
                        Map.entry("CLIENT_API_KEYS", CLIENT_A + "," + CLIENT_B),
                        Map.entry("STORE", "sqlite:" + data.resolve("state.db")))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        stubVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        java.util.logging.Logger.getLogger("").removeHandler(julCapture);
        // Checked last, over everything every test here answered and logged (the lost submit is logged,
        // which shows the capture works).
        assertThat(logs.list).anyMatch(event -> event.getFormattedMessage().contains("may have created"));
        assertThat(responses).noneMatch(text -> text.contains(UPSTREAM_KEY));
        assertThat(logs.list).noneMatch(event -> event.getFormattedMessage().contains(UPSTREAM_KEY)
                || (event.getThrowableProxy() != null && event.getThrowableProxy().getMessage() != null
                        && event.getThrowableProxy().getMessage().contains(UPSTREAM_KEY)));
        synchronized (julLogs) {
            assertThat(julLogs).noneMatch(text -> text.contains(UPSTREAM_KEY));
        }
    }

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @Test
    void aSubmitReachesTheProviderOnceWithTheServicesKeyAndTheBodyIntact() throws Exception {
        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-std", CLIENT_A, BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        String taskId = data(response).getString("task_id");
        assertThat(stub.taskIds()).containsExactly(taskId);
        RecordedRequest upstream = stub.requests(Route.SUBMIT).get(0);
        assertThat(upstream.path()).isEqualTo("/v1/ai/video/kling-v2-6-motion-control-std");
        assertThat(upstream.header("x-freepik-api-key")).contains(UPSTREAM_KEY);
        assertThat(upstream.headers().toString()).doesNotContain(CLIENT_A);
        assertThat(new JsonObject(upstream.body())).isEqualTo(new JsonObject()
                .put("image_url", "https://example.com/dancer.png")
                .put("video_url", "https://example.com/moves.mp4")
                .put("prompt", "a dancer on a rooftop")
                .put("character_orientation", "image")
                .put("cfg_scale", 0.25)
                .put("webhook_url", "https://motion.example.com/v1/callbacks/freepik"));
    }

    @Test
    void aFieldTheApiDoesNotKnowIsLeftOutNamedInAHeaderAndNeverForwarded() throws Exception {
        String body = BODY.replace("\"prompt\"", "\"negative_prompt\":\"blurry\",\"prompt\"");

        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-pro", CLIENT_A, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-motion-control-ignored-fields")).contains("negative_prompt");
        JsonObject upstream = new JsonObject(stub.requests(Route.SUBMIT).get(0).body());
        assertThat(upstream.fieldNames()).doesNotContain("negative_prompt");
        assertThat(upstream.getString("prompt")).isEqualTo("a dancer on a rooftop");
    }

    @Test
    void aLikelyTypoOfAFieldIsABadRequestSuggestingTheFieldAndCostsNothing() throws Exception {
        String body = BODY.replace("\"prompt\"", "\"promt\"");

        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-pro", CLIENT_A, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getJsonArray("invalid_params").getJsonObject(0).getMap())
                .containsEntry("name", "promt")
                .containsEntry("reason", "is not a known field; did you mean prompt?");
        assertThat(stub.submitCount()).isZero();
    }

    @Test
    void anAuthenticProviderWebhookCompletesTheTaskWithoutAnyStatusPoll() throws Exception {
        String taskId = submit(CLIENT_A);
        String body = completedBody(taskId);

        HttpResponse<String> callback = callback(signed("msg_good_" + taskId, Instant.now(), body), body);
        JsonObject task = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A));

        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(task.getString("status")).isEqualTo("COMPLETED");
        assertThat(task.getJsonArray("generated")).containsExactly((Object) ("https://cdn.example.com/" + taskId + ".mp4"));
        assertThat(stub.statusCount()).isZero();
    }

    @Test
    void aForgedProviderWebhookChangesNothing() throws Exception {
        String taskId = submit(CLIENT_A);
        String body = completedBody(taskId);
        Map<String, String> forged = signed("msg_forged_" + taskId, Instant.now(), body, WebhookSecret.generate());

        HttpResponse<String> callback = callback(forged, body);

        assertThat(callback.statusCode()).isEqualTo(401);
        assertThat(data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A)).getString("status"))
                .isNotEqualTo("COMPLETED");
    }

    @Test
    void aStaleProviderWebhookChangesNothing() throws Exception {
        String taskId = submit(CLIENT_A);
        String body = completedBody(taskId);

        HttpResponse<String> callback = callback(signed("msg_old_" + taskId, Instant.now().minusSeconds(360), body), body);

        assertThat(callback.statusCode()).isEqualTo(401);
        assertThat(data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A)).getString("status"))
                .isNotEqualTo("COMPLETED");
    }

    @Test
    void aRepeatedProviderWebhookIdChangesNothing() throws Exception {
        String taskId = submit(CLIENT_A);
        String inProgress = "{\"task_id\":\"" + taskId + "\",\"status\":\"IN_PROGRESS\",\"generated\":[]}";
        callback(signed("msg_same_" + taskId, Instant.now(), inProgress), inProgress);
        String completed = completedBody(taskId);

        HttpResponse<String> repeated = callback(signed("msg_same_" + taskId, Instant.now(), completed), completed);

        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(repeated.body()).getString("message")).containsIgnoringCase("already received");
        assertThat(data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A)).getString("status"))
                .isEqualTo("IN_PROGRESS");
    }

    /** The service on this machine (its public base URL names the host the provider would call). */
    private static java.net.URI local() {
        return java.net.URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    private static String completedBody(String taskId) {
        return "{\"task_id\":\"" + taskId + "\",\"status\":\"COMPLETED\",\"generated\":[\"https://cdn.example.com/"
                + taskId + ".mp4\"]}";
    }

    private static Map<String, String> signed(String id, Instant at, String body) {
        return signed(id, at, body, PROVIDER_SECRET);
    }

    private static Map<String, String> signed(String id, Instant at, String body, WebhookSecret secret) {
        return WebhookSigner.signedWebhook(secret, id, at.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8))
                .headers();
    }

    private static HttpResponse<String> callback(Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(local().resolve("v1/callbacks/freepik"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return remember(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void statusPassesThroughUntilCompletedWithTheProvidersVideoUrl() throws Exception {
        String taskId = submit(CLIENT_A);
        assertThat(data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A)).getString("status"))
                .isIn("CREATED", "IN_PROGRESS");

        stub.complete(taskId);
        JsonObject completed = data(get("/v1/ai/video/kling-v2-6-motion-control-pro/" + taskId, CLIENT_A));

        assertThat(completed.getString("status")).isEqualTo("COMPLETED");
        assertThat(completed.getJsonArray("generated"))
                .containsExactly((Object) "https://cdn.stub.example/generated/" + taskId + ".mp4");
    }

    @Test
    void aProviderOutOfCreditsIsA402WithItsWordsAndOneWarningForTheOperator() throws Exception {
        stub.onNextSubmit(Fault.respond(402, "{\"message\":\"Not enough credits to run this task\"}"));
        stub.onNextSubmit(Fault.respond(402, "{\"message\":\"Not enough credits to run this task\"}"));
        int before = logs.list.size();

        HttpResponse<String> first = post("/v1/ai/video/kling-v2-6-motion-control-std", CLIENT_A, BODY);
        HttpResponse<String> second = post("/v1/ai/video/kling-v2-6-motion-control-std", CLIENT_A, BODY);

        for (HttpResponse<String> refused : List.of(first, second)) {
            assertThat(refused.statusCode()).isEqualTo(402);
            assertThat(new JsonObject(refused.body()).getString("message"))
                    .isEqualTo("Not enough credits to run this task");
        }
        List<ILoggingEvent> warned = logs.list.subList(before, logs.list.size()).stream()
                .filter(event -> event.getFormattedMessage().contains("refused")).toList();
        assertThat(warned).as("one line, not one a request").singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(event.getFormattedMessage()).contains("POST /v1/ai/video/kling-v2-6-motion-control-std")
                    .contains("402").contains("Not enough credits");
        });
    }

    @Test
    void aTaskTheProvidersListNamesCompletedKeepsItsVideoThoughTheListNamesNone() throws Exception {
        String taskId = submit(CLIENT_A);
        stub.complete(taskId);

        HttpResponse<String> listed = get("/v1/ai/image-to-video/kling-v2-6", CLIENT_A);
        JsonObject status = data(get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A));

        String video = "https://cdn.stub.example/generated/" + taskId + ".mp4";
        assertThat(listed.body()).contains(video);
        assertThat(status.getString("status")).isEqualTo("COMPLETED");
        assertThat(status.getJsonArray("generated")).containsExactly((Object) video);
    }

    @Test
    void aFinishedTaskIsAnsweredWithoutAskingTheProviderAgain() throws Exception {
        String taskId = submit(CLIENT_A);
        stub.complete(taskId);
        get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A);
        int asked = stub.statusCount();

        HttpResponse<String> again = get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A);

        assertThat(data(again).getString("status")).isEqualTo("COMPLETED");
        assertThat(stub.statusCount()).isEqualTo(asked);
    }

    @Test
    void anotherClientCannotSeeTheTaskAndTheProviderIsNotAsked() throws Exception {
        String taskId = submit(CLIENT_A);

        HttpResponse<String> response = get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_B);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(stub.statusCount()).isZero();
    }

    @Test
    void eachClientListsOnlyItsOwnTasks() throws Exception {
        String mine = submit(CLIENT_A);
        String theirs = submit(CLIENT_B);

        JsonArray listed = new JsonObject(get("/v1/ai/image-to-video/kling-v2-6", CLIENT_A).body()).getJsonArray("data");

        assertThat(listed.stream().map(task -> ((JsonObject) task).getString("task_id"))).contains(mine).doesNotContain(theirs);
    }

    @Test
    void aKeyTheServiceDoesNotKnowNeverReachesTheProvider() throws Exception {
        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-pro", "stranger", BODY);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void theProvidersOwnValidationReachesTheClientFieldByField() throws Exception {
        stub.onNextSubmit(Fault.badRequestInProblemShape("image_url", "Image resolution too small"));

        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-pro", CLIENT_A, BODY);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject param = new JsonObject(response.body()).getJsonArray("invalid_params").getJsonObject(0);
        assertThat(param.getString("name")).isEqualTo("image_url");
        assertThat(param.getString("reason")).isEqualTo("Image resolution too small");
    }

    @Test
    void aSubmitWhoseAnswerIsLostIsABadGatewayAndReachedTheProviderOnce() throws Exception {
        stub.onNextSubmit(Fault.delay(Duration.ofSeconds(3)));

        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-pro", CLIENT_A, BODY);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new JsonObject(response.body()).getString("message")).contains("may have created");
        assertThat(stub.submitCount()).isEqualTo(1);
    }

    @Test
    void aProviderThatAnswersOnlyAfter120SecondsGetsTheClientAnErrorWithABodyWithinTheDeadline() throws Exception {
        String taskId = submit(CLIENT_A);
        stub.always(Route.STATUS, Fault.delay(Duration.ofSeconds(120)));
        stub.onNextSubmit(Fault.late(Duration.ofSeconds(120), 200, "{\"data\":{}}"));
        long start = System.nanoTime();

        HttpResponse<String> status = get("/v1/ai/video/kling-v2-6-motion-control-pro/" + taskId, CLIENT_A);
        HttpResponse<String> submitted = post("/v1/ai/video/kling-v2-6-motion-control-pro", CLIENT_A, BODY);

        // The deadline is 5 s a call (FREEPIK_DEADLINE): each answer comes within it, the answer deadline later.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(status.statusCode()).isEqualTo(503);
        assertThat(status.headers().firstValue("retry-after")).isPresent();
        assertThat(new JsonObject(status.body()).getString("message")).isNotBlank();
        assertThat(submitted.statusCode()).isEqualTo(502);
        assertThat(new JsonObject(submitted.body()).getString("message")).contains("may have created");
    }

    @Test
    void aReadRetriedPastAServerErrorSucceeds() throws Exception {
        String taskId = submit(CLIENT_A);
        stub.onNextStatus(Fault.serverError(), Fault.serverError());

        HttpResponse<String> response = get("/v1/ai/image-to-video/kling-v2-6/" + taskId, CLIENT_A);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stub.statusCount()).isEqualTo(3);
    }

    private static String submit(String client) throws Exception {
        HttpResponse<String> response = post("/v1/ai/video/kling-v2-6-motion-control-pro", client, BODY);
        assertThat(response.statusCode()).isEqualTo(200);
        return data(response).getString("task_id");
    }

    private static JsonObject data(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("data");
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return remember(http.send(HttpRequest.newBuilder(local().resolve(path.substring(1)))
                        .header("x-freepik-api-key", key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        return remember(http.send(HttpRequest.newBuilder(local().resolve(path.substring(1)))
                        .header("x-freepik-api-key", key).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> remember(HttpResponse<String> response) {
        synchronized (responses) {
            responses.add(response.headers().map() + " " + response.body());
        }
        return response;
    }
}
