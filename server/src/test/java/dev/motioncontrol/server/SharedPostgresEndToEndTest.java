package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one PostgreSQL database (a real one, started by the test): what one learns,
 * the other's live status stream shows within a second; each due webhook is delivered by exactly one of them.
 * Instance B polls the provider only every ten minutes, so that what it knows it can only have heard from A.
 */
class SharedPostgresEndToEndTest {

    private static final String UPSTREAM_KEY = "upstream-secret-key-shared-pg-51d0";
    private static final String CLIENT_KEY = "shared-client-key";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT_PATH = "v1/ai/video/kling-v2-6-motion-control-pro";

    private static EmbeddedPostgres postgres;
    private static Vertx vertx;
    private static FreepikStubServer stub;
    private static HttpServer receiver;
    private static MotionControlServer a;
    private static MotionControlServer b;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, AtomicInteger> deliveriesByTask = new ConcurrentHashMap<>();
    private static final AtomicInteger webhookIdsSeen = new AtomicInteger();
    private static final CountDownLatch tenDelivered = new CountDownLatch(10);

    @BeforeAll
    static void startTwoInstancesOnOneDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE shared_state");
        }
        vertx = Vertx.vertx();
        stub = await(FreepikStubServer.start(vertx, "x-freepik-api-key", UPSTREAM_KEY).toCompletionStage());
        receiver = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            deliveriesByTask.computeIfAbsent(new JsonObject(body).getString("task_id"), id -> new AtomicInteger())
                    .incrementAndGet();
            webhookIdsSeen.incrementAndGet();
            tenDelivered.countDown();
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage());
        a = await(MotionControlServer.start(ServerConfig.from(environment("100ms"))).toCompletionStage());
        b = await(MotionControlServer.start(ServerConfig.from(environment("10m"))).toCompletionStage());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            await(b.close().toCompletionStage());
            await(a.close().toCompletionStage());
            await(vertx.close().toCompletionStage());
        } finally {
            postgres.close();
        }
    }

    private static Map<String, String> environment(String polling) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("PROVIDER", "freepik");
        // Its media URLs are examples no one serves: not measured (the preflight has its own tests).
        env.put("MEDIA_PREFLIGHT", "off");
        env.put("FREEPIK_API_KEY", UPSTREAM_KEY);
        // Every status asks the provider: the test moves tasks at the stub and looks at once.
        env.put("STATUS_RECHECK_MIN", "0s");
        env.put("STATUS_RECHECK_MAX", "0s");
        env.put("PROVIDER_WEBHOOK_WAIT", "0s");
        env.put("FREEPIK_BASE_URL", stub.baseUrl().toString());
        env.put("CLIENT_API_KEYS", CLIENT_KEY);
        env.put("STORE", "postgresql://postgres@localhost:" + postgres.getPort() + "/shared_state");
        env.put("WEBHOOK_SECRET", "whsec_c2hhcmVkLXBvc3RncmVzLXRlc3Qtc2VjcmV0LTMyYnl0ZXM=");
        env.put("ALLOWED_PRIVATE_HOSTS", "127.0.0.1");
        env.put("WEBHOOK_SWEEP_EVERY", "100ms");
        env.put("POLL_FIRST", polling);
        env.put("POLL_MAX", polling);
        return env;
    }

    @Test
    void aTaskSubmittedThroughOneIsSeenCompletedOnTheOthersLiveStream() throws Exception {
        String taskId = submit(a, null);
        assertThat(status(b, taskId).getString("status")).isEqualTo("CREATED");

        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(b.baseUrl().resolve(SUBMIT_PATH + "/"
                        + taskId)).header("x-freepik-api-key", CLIENT_KEY).header("accept", "text/event-stream")
                        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Iterator<String> events = stream.body().filter(line -> line.startsWith("data:")).iterator();
        assertThat(statusOf(events.next())).isEqualTo("CREATED");

        stub.complete(taskId);
        assertThat(status(a, taskId).getString("status")).isEqualTo("COMPLETED");
        long learnt = System.nanoTime();

        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> statusOf(events.next()));
        assertThat(next.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("COMPLETED");
        assertThat(Duration.ofNanos(System.nanoTime() - learnt)).as("B heard of it from A").isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void tenDueWebhooksAreEachDeliveredExactlyOnce() throws Exception {
        String hook = "http://127.0.0.1:" + receiver.actualPort() + "/hooks";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(submit(i % 2 == 0 ? a : b, hook));
        }
        ids.forEach(stub::complete);
        // What B submitted, B would learn only in ten minutes: A learns it now, and both compete to deliver.
        for (String id : ids) {
            assertThat(status(a, id).getString("status")).isEqualTo("COMPLETED");
        }

        assertThat(tenDelivered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("ten deliveries").isTrue();
        for (int i = 0; i < ids.size(); i++) {
            JsonObject delivery = get(i % 2 == 0 ? b : a, SUBMIT_PATH + "/" + ids.get(i) + "/webhook");
            assertThat(delivery.getString("state")).isEqualTo("DELIVERED");
            assertThat(delivery.getInteger("attempts")).isEqualTo(1);
        }
        assertThat(deliveriesByTask).containsOnlyKeys(ids);
        assertThat(deliveriesByTask.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(webhookIdsSeen.get()).isEqualTo(10);
    }

    private static String statusOf(String dataLine) {
        return new JsonObject(dataLine.substring("data:".length()).trim()).getJsonObject("data").getString("status");
    }

    private static String submit(MotionControlServer server, String webhook) throws Exception {
        JsonObject body = new JsonObject().put("image_url", "https://example.com/dancer.png")
                .put("video_url", "https://example.com/moves.mp4");
        if (webhook != null) {
            body.put("webhook_url", webhook);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(SUBMIT_PATH))
                .header("x-freepik-api-key", CLIENT_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("data").getString("task_id");
    }

    private static JsonObject status(MotionControlServer server, String taskId) throws Exception {
        return get(server, SUBMIT_PATH + "/" + taskId);
    }

    private static JsonObject get(MotionControlServer server, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path))
                .header("x-freepik-api-key", CLIENT_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("data");
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

}
