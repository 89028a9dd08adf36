package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fake mode, end to end, as a client would test its own receiver offline: a signed webhook reaches a
 * local receiver exactly once it answers 2xx, and a live status stream shows every state in order.
 */
class WebhooksAndLiveStatusEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static Vertx receiverVertx;
    private static HttpServer receiver;
    private static final List<Map<String, String>> received = new ArrayList<>();
    private static final List<byte[]> receivedBodies = new ArrayList<>();
    private static final AtomicInteger failuresLeft = new AtomicInteger(2);
    private static MotionControlServer server;
    private static MotionControlServer strictServer;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        receiverVertx = Vertx.vertx();
        receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            synchronized (received) {
                Map<String, String> headers = new HashMap<>();
                request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
                received.add(headers);
                receivedBodies.add(body.getBytes());
            }
            request.response().setStatusCode(failuresLeft.getAndDecrement() > 0 ? 500 : 204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Map<String, String> fast = Map.of("PORT", "0", "HOST", "127.0.0.1",
                "FAKE_QUEUE_DELAY", "150ms", "FAKE_GENERATION_DELAY", "150ms",
                "POLL_FIRST", "20ms", "POLL_MAX", "40ms", "WEBHOOK_RETRY_WAITS", "50ms,50ms,50ms",
                "ALLOWED_PRIVATE_HOSTS", "127.0.0.1");
        server = start(fast);
        Map<String, String> strict = new HashMap<>(fast);
        strict.remove("ALLOWED_PRIVATE_HOSTS");
        strictServer = start(strict);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static MotionControlServer start(Map<String, String> env) throws Exception {
        return MotionControlServer.start(ServerConfig.from(env)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        strictServer.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        receiverVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aLocalReceiverGetsOneVerifiableWebhookEvenAfterFailingTheFirstTwoAttempts() throws Exception {
        String hook = "http://127.0.0.1:" + receiver.actualPort() + "/hooks/motion";
        String taskId = submit(server, "{\"image_url\":\"https://example.com/a.png\","
                + "\"video_url\":\"https://example.com/a.mp4\",\"webhook_url\":\"" + hook + "\"}");

        JsonObject delivery = awaitDelivery(taskId);

        assertThat(delivery.getString("state")).isEqualTo("DELIVERED");
        assertThat(delivery.getInteger("attempts")).isEqualTo(3);
        assertThat(delivery.getInteger("last_status")).isEqualTo(204);
        WebhookVerifier verifier = WebhookVerifier.of(WebhookSecret.parse(ServerConfig.Webhooks.FAKE_MODE_SECRET));
        synchronized (received) {
            assertThat(received).hasSize(3);
            assertThat(received.stream().map(headers -> headers.get("webhook-id")).collect(Collectors.toSet()))
                    .as("one message, retried under one id").hasSize(1);
            for (int i = 0; i < received.size(); i++) {
                assertThat(verifier.verify(received.get(i), receivedBodies.get(i)).isVerified()).isTrue();
            }
            JsonObject payload = new JsonObject(new String(receivedBodies.get(2), StandardCharsets.UTF_8));
            assertThat(payload.fieldNames()).containsExactlyInAnyOrder("task_id", "status", "generated");
            assertThat(payload.getString("task_id")).isEqualTo(taskId);
            assertThat(payload.getString("status")).isEqualTo("COMPLETED");
            assertThat(payload.getJsonArray("generated")).hasSize(1);
        }
    }

    @Test
    void aLiveStatusStreamShowsEveryStateInOrderAndEnds() throws Exception {
        String taskId = submit(server, "{\"image_url\":\"https://example.com/a.png\","
                + "\"video_url\":\"https://example.com/a.mp4\"}");

        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("v1/ai/image-to-video/kling-v2-6/" + taskId))
                        .header("x-freepik-api-key", "key").header("accept", "text/event-stream")
                        .timeout(DEADLINE).build(),
                HttpResponse.BodyHandlers.ofLines());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        List<String> statuses = stream.body()
                .filter(line -> line.startsWith("data:"))
                .map(line -> new JsonObject(line.substring(5).trim()).getJsonObject("data").getString("status"))
                .toList();
        assertThat(statuses).containsExactly("CREATED", "IN_PROGRESS", "COMPLETED");
    }

    @Test
    void aWebhookToTheLoopbackIsRefusedUnlessAllowListed() throws Exception {
        String body = "{\"image_url\":\"https://example.com/a.png\",\"video_url\":\"https://example.com/a.mp4\","
                + "\"webhook_url\":\"http://127.0.0.1:" + receiver.actualPort() + "/hook\"}";

        HttpResponse<String> refused = post(strictServer, body);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonObject violation = new JsonObject(refused.body()).getJsonArray("invalid_params").getJsonObject(0);
        assertThat(violation.getString("name")).isEqualTo("webhook_url");
        assertThat(violation.getString("reason")).contains("publicly accessible").contains("loopback");
        assertThat(post(server, body).statusCode()).isEqualTo(200);
    }

    private static JsonObject awaitDelivery(String taskId) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            server.baseUrl().resolve("v1/ai/image-to-video/kling-v2-6/" + taskId + "/webhook"))
                            .header("x-freepik-api-key", "key").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonObject delivery = new JsonObject(response.body()).getJsonObject("data");
            if (!List.of("WAITING", "RETRYING").contains(delivery.getString("state"))) {
                return delivery;
            }
            assertThat(Instant.now()).as("the webhook is delivered before the deadline").isBefore(deadline);
            receiverVertx.timer(20).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static String submit(MotionControlServer target, String body) throws Exception {
        HttpResponse<String> response = post(target, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("data").getString("task_id");
    }

    private static HttpResponse<String> post(MotionControlServer target, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(target.baseUrl().resolve("v1/ai/video/kling-v2-6-motion-control-pro"))
                        .header("x-freepik-api-key", "key").header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
