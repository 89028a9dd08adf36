package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an operator watches it: the management listener's metrics move with the work done, readiness follows
 * the store, and neither the metrics nor the checks' details are served on the public API port.
 */
class OperatingEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String TOKEN = "management-token-0123456789";
    private static final String SUBMIT = "/v1/ai/video/kling-v2-6-motion-control-pro";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Vertx vertx = Vertx.vertx();
    private MotionControlServer server;
    private EmbeddedPostgres postgres;

    @TempDir
    Path dataDirectory;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            await(server.close().toCompletionStage());
        }
        if (postgres != null) {
            postgres.close();
        }
        await(vertx.close().toCompletionStage());
    }

    @Test
    void aScrapeAfterAScriptedSessionShowsTheCountersMoving() throws Exception {
        CompletableFuture<Void> webhookReceived = new CompletableFuture<>();
        HttpServer receiver = await(vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    request.response().end();
                    webhookReceived.complete(null);
                }))
                .listen(0, "127.0.0.1").toCompletionStage());
        server = start(Map.of("ALLOW_PRIVATE_URLS", "true"));
        String before = scrape();

        String taskId = submit("{\"image_url\":\"https://example.com/a.png\",\"video_url\":\"https://example.com/b.mp4\","
                + "\"webhook_url\":\"http://127.0.0.1:" + receiver.actualPort() + "/hook\"}");
        awaitCompleted(taskId);
        assertThat(post(SUBMIT, "{\"image_url\":\"nope\"}").statusCode()).isEqualTo(400);
        webhookReceived.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        String after = awaitScrape(scrape -> value(scrape, "motion_control_webhook_attempts_total", "outcome=\"delivered\"")
                > value(before, "motion_control_webhook_attempts_total", "outcome=\"delivered\""));

        assertThat(moved(before, after, "http_server_requests_seconds_count",
                "method=\"POST\",route=\"" + SUBMIT + "\",status=\"200\"")).isEqualTo(1);
        assertThat(moved(before, after, "http_server_requests_seconds_count",
                "method=\"POST\",route=\"" + SUBMIT + "\",status=\"400\"")).isEqualTo(1);
        assertThat(value(after, "http_server_requests_seconds_bucket", "le=\"+Inf\"")).isPositive();
        assertThat(moved(before, after, "motion_control_tasks_total", "status=\"CREATED\"")).isEqualTo(1);
        assertThat(moved(before, after, "motion_control_tasks_total", "status=\"COMPLETED\"")).isEqualTo(1);
        assertThat(moved(before, after, "motion_control_webhook_attempts_total", "outcome=\"delivered\"")).isEqualTo(1);
        // Vert.x's own meters and the JVM's are in the same registry.
        assertThat(after).contains("vertx_http_server_active_connections").contains("jvm_memory_used_bytes");
    }

    @Test
    void theManagementListenerWantsItsTokenAndThePublicPortServesNoMetrics() throws Exception {
        server = start(Map.of());

        HttpResponse<String> anonymous = get(management("/metrics"), null);
        HttpResponse<String> wrongToken = get(management("/metrics"), "Bearer not-the-token-at-all");
        HttpResponse<String> onTheApiPort = get(server.baseUrl().resolve("/metrics"), null);

        for (int i = 0; i < 5; i++) {
            http.send(HttpRequest.newBuilder(server.baseUrl().resolve("/health/live")).method("XMETHOD" + i,
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }
        assertThat(scrape()).as("an invented method is no label of its own").doesNotContain("XMETHOD")
                .contains("method=\"OTHER\"");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("motion_control");
        assertThat(onTheApiPort.statusCode()).isEqualTo(404);
        assertThat(get(management("/metrics"), "Bearer " + TOKEN).headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void livenessAndReadinessAnswerOnBothPortsWithDetailsOnlyOnTheManagementListener() throws Exception {
        server = start(Map.of());

        for (URI live : new URI[] {server.baseUrl().resolve("/health/live"), management("/health/live")}) {
            HttpResponse<String> answer = get(live, "Bearer " + TOKEN);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(answer.body()).getString("status")).isEqualTo("UP");
        }
        HttpResponse<String> ready = get(server.baseUrl().resolve("/health/ready"), null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getJsonArray("checks")).extracting(check -> ((JsonObject) check)
                .getString("id")).containsExactlyInAnyOrder("store", "provider");
    }

    @Test
    void readinessGoesUnreadyWhileTheStoreIsStoppedAndReadyAgainWhenItReturns() throws Exception {
        int port = freePort();
        postgres = startPostgres(port);
        server = start(Map.of("STORE", "postgresql://postgres@localhost:" + port + "/postgres"));
        assertThat(get(server.baseUrl().resolve("/health/ready"), null).statusCode()).isEqualTo(200);

        postgres.close();
        postgres = null;
        // A probe's answer stands for a second (a flood of probes costs the store one query a second).
        awaitTrue(() -> get(server.baseUrl().resolve("/health/ready"), null).statusCode() == 503);
        awaitTrue(() -> get(management("/health/ready"), "Bearer " + TOKEN).statusCode() == 503);
        HttpResponse<String> down = get(management("/health/ready"), "Bearer " + TOKEN);
        HttpResponse<String> downInPublic = get(server.baseUrl().resolve("/health/ready"), null);

        assertThat(down.statusCode()).isEqualTo(503);
        JsonObject store = new JsonObject(down.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(check -> check.getString("id").equals("store")).findFirst().orElseThrow();
        assertThat(store.getString("status")).isEqualTo("DOWN");
        assertThat(store.getJsonObject("data").getString("reason")).contains("unavailable");
        assertThat(downInPublic.statusCode()).isEqualTo(503);
        assertThat(downInPublic.body()).doesNotContain("reason");
        assertThat(get(server.baseUrl().resolve("/health/live"), null).statusCode()).isEqualTo(200);

        postgres = startPostgres(port);
        awaitTrue(() -> get(server.baseUrl().resolve("/health/ready"), null).statusCode() == 200);
    }

    private MotionControlServer start(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "MANAGEMENT_PORT", "0", "MANAGEMENT_TOKEN", TOKEN,
                "FAKE_QUEUE_DELAY", "0", "FAKE_GENERATION_DELAY", "50ms", "POLL_FIRST", "50ms", "POLL_MAX", "100ms",
                "WEBHOOK_SWEEP_EVERY", "100ms"));
        env.putAll(extra);
        return await(MotionControlServer.start(ServerConfig.from(env)).toCompletionStage());
    }

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + server.managementPort().orElseThrow() + path);
    }

    private String scrape() throws Exception {
        HttpResponse<String> scrape = get(management("/metrics"), "Bearer " + TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body();
    }

    private String awaitScrape(java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String scrape = scrape();
        while (!done.test(scrape) && System.nanoTime() < deadline) {
            scrape = scrape();
        }
        assertThat(done.test(scrape)).as("the scrape shows it within %s:\n%s", DEADLINE, scrape).isTrue();
        return scrape;
    }

    /** The value of the sample of {@code name} whose labels include {@code labels}; 0 when there is none. */
    private static double value(String scrape, String name, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (sample.find()) {
            if (sample.group(1).contains(labels)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return 0;
    }

    private static double moved(String before, String after, String name, String labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    private String submit(String body) throws Exception {
        HttpResponse<String> submitted = post(SUBMIT, body);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        return new JsonObject(submitted.body()).getJsonObject("data").getString("task_id");
    }

    private void awaitCompleted(String taskId) throws Exception {
        awaitTrue(() -> new JsonObject(get(server.baseUrl().resolve("/v1/ai/image-to-video/kling-v2-6/" + taskId),
                null).body()).getJsonObject("data").getString("status").equals("COMPLETED"));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path)).header("x-freepik-api-key", "key-a")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("x-freepik-api-key", "key-a")
                .timeout(DEADLINE);
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!check.holds()) {
            // Each check is a request to the live server: the next one itself is the wait.
            assertThat(System.nanoTime()).as("within %s", DEADLINE).isLessThan(deadline);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
