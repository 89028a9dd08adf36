package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.Fault;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Idempotency-Key} over HTTP, in freepik mode on the stub with the SQLite store: a retried request pays
 * nothing more, a key names one request only, and of requests racing under one key one reaches the provider.
 */
class IdempotencyEndToEndTest {

    private static final String UPSTREAM_KEY = "upstream-secret-key-idempotency-0b7e";
    private static final String CLIENT_KEY = "idempotent-client";
    private static final String SUBMIT_PATH = "v1/ai/video/kling-v2-6-motion-control-std";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path data;

    private static Vertx vertx;
    private static FreepikStubServer stub;
    private static MotionControlServer service;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        stub = await(FreepikStubServer.start(vertx, "x-freepik-api-key", UPSTREAM_KEY).toCompletionStage());
        service = await(MotionControlServer.start(ServerConfig.from(Map.ofEntries(
                Map.entry("PORT", "0"), Map.entry("HOST", "127.0.0.1"), Map.entry("PROVIDER", "freepik"),
                // Its media URLs are examples no one serves: not measured (the preflight has its own tests).
                Map.entry("MEDIA_PREFLIGHT", "off"),
                Map.entry("FREEPIK_API_KEY", UPSTREAM_KEY), Map.entry("FREEPIK_BASE_URL", stub.baseUrl().toString()),
                Map.entry("FREEPIK_RATE_LIMIT", "1000"), Map.entry("FREEPIK_BURST", "1000"),
                // One client submits tasks by the dozen here, none of them ever finishing, as fast as it can.
                Map.entry("CLIENT_MAX_UNFINISHED", "none"), Map.entry("CLIENT_RATE_LIMIT", "none"),
                Map.entry("CLIENT_API_KEYS", CLIENT_KEY), Map.entry("STORE", "sqlite:" + data.resolve("state.db"))))).toCompletionStage());
    }

    @AfterAll
    static void stop() throws Exception {
        await(service.close().toCompletionStage());
        await(vertx.close().toCompletionStage());
    }

    @BeforeEach
    void aFreshStub() {
        stub.reset();
    }

    @Test
    void fiftyRequestsSentAgainWithTheirKeysCreateNoNewTask() throws Exception {
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = submit("fifty-" + i, body("request " + i));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            first.add(taskId(answer));
        }
        assertThat(stub.submitCount()).isEqualTo(50);

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> again = submit("fifty-" + i, body("request " + i));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(taskId(again)).isEqualTo(first.get(i));
        }

        assertThat(stub.submitCount()).as("no new provider task").isEqualTo(50);
    }

    @Test
    void aChangedBodyUnderAUsedKeyIsA422NamingTheKey() throws Exception {
        assertThat(submit("changed", body("the first request")).statusCode()).isEqualTo(200);

        HttpResponse<String> changed = submit("changed", body("another request"));

        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(changed.body()).getString("message")).contains("Idempotency-Key");
        assertThat(stub.submitCount()).isEqualTo(1);
    }

    @Test
    void ofTenRequestsRacingUnderOneKeyOneReachesTheProvider() throws Exception {
        stub.onNextSubmit(Fault.delay(Duration.ofMillis(300)));

        List<CompletableFuture<HttpResponse<String>>> racing = IntStream.range(0, 10)
                .mapToObj(i -> http.sendAsync(request("racing", body("one request")), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : racing) {
            answers.add(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }

        assertThat(stub.submitCount()).isEqualTo(1);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isIn(200, 409));
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 409)
                .allSatisfy(answer -> assertThat(answer.headers().firstValue("retry-after")).isPresent());
        HttpResponse<String> settled = submit("racing", body("one request"));
        assertThat(settled.statusCode()).isEqualTo(200);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 200)
                .allSatisfy(answer -> assertThat(taskId(answer)).isEqualTo(taskId(settled)));
    }

    @Test
    void anUncertainSubmissionIsAnsweredAsSuchAgainWithoutPayingTwice() throws Exception {
        stub.onNextSubmit(Fault.gatewayTimeout());

        HttpResponse<String> uncertain = submit("uncertain", body("maybe created"));
        HttpResponse<String> again = submit("uncertain", body("maybe created"));

        assertThat(uncertain.statusCode()).isEqualTo(502);
        assertThat(again.statusCode()).isEqualTo(502);
        assertThat(stub.submitCount()).isEqualTo(1);
    }

    @Test
    void aKeyTooLongOrWithAControlCharacterIsA400NamingIt() throws Exception {
        for (String key : List.of("k".repeat(256), "tab\there")) {
            HttpResponse<String> answer = submit(key, body("bad key"));
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("Idempotency-Key");
        }
        assertThat(stub.submitCount()).isZero();
    }

    /** This service runs on the default status plan: a task's record answers for at least 2 s after a check. */
    @Test
    void aClientPollingRightAfterItsSubmitCostsTheAccountNoStatusCall() throws Exception {
        String id = taskId(submit("poll-right-after", body("poll")));
        int before = stub.statusCount();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(service.baseUrl()
                            .resolve("v1/ai/image-to-video/kling-v2-6/" + id)).timeout(WAIT)
                    .header("x-freepik-api-key", CLIENT_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
        }

        assertThat(stub.statusCount() - before).isZero();
    }

    private static String body(String prompt) {
        return new JsonObject().put("image_url", "https://example.com/dancer.png")
                .put("video_url", "https://example.com/moves.mp4").put("prompt", prompt).encode();
    }

    private static HttpRequest request(String key, String body) {
        return HttpRequest.newBuilder(service.baseUrl().resolve(SUBMIT_PATH)).timeout(WAIT)
                .header("x-freepik-api-key", CLIENT_KEY).header("content-type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> submit(String key, String body) throws Exception {
        return http.send(request(key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static String taskId(HttpResponse<String> answer) {
        return new JsonObject(answer.body()).getJsonObject("data").getString("task_id");
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
