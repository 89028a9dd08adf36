package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service in its own JVM, in freepik mode on the stub with the SQLite store, killed with SIGKILL while 16
 * clients submit 200 tasks, then started again on the same file: every task a client got a 200 for is there for
 * that client, the provider was never asked twice for one request, and a webhook that was being retried when the
 * process died is delivered after the restart.
 */
class CrashRecoveryIT {

    private static final String UPSTREAM_KEY = "upstream-secret-key-crash-7f3a";
    private static final int CLIENTS = 16;
    private static final int SUBMITS = 200;
    private static final String SUBMIT_PATH = "v1/ai/video/kling-v2-6-motion-control-pro";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than the lease of a delivery attempt with {@code WEBHOOK_TIMEOUT=2s}. */
    private static final Duration LEASE_AND_MORE = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private FreepikStubServer stub;
    private HttpServer receiver;
    private final AtomicBoolean receiverAccepts = new AtomicBoolean();
    /** The task ids of the deliveries the receiver refused, then of those it accepted (one webhook in this test). */
    private final CompletableFuture<String> firstAttempt = new CompletableFuture<>();
    private final CompletableFuture<String> delivered = new CompletableFuture<>();

    @BeforeEach
    void startTheStubAndAWebhookReceiver() throws Exception {
        vertx = Vertx.vertx();
        stub = await(FreepikStubServer.start(vertx, "x-freepik-api-key", UPSTREAM_KEY).toCompletionStage());
        receiver = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String taskId = new JsonObject(body).getString("task_id");
            firstAttempt.complete(taskId);
            if (receiverAccepts.get()) {
                delivered.complete(taskId);
            }
            request.response().setStatusCode(receiverAccepts.get() ? 200 : 503).end();
        })).listen(0, "127.0.0.1").toCompletionStage());
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close().toCompletionStage());
    }

    @Test
    void everyAcknowledgedTaskAndAPendingWebhookSurviveAKill() throws Exception {
        Map<String, String> env = environment();
        List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();
        String hooked;
        try (RunningJar first = RunningJar.start(env)) {
            URI base = first.baseUrl();
            hooked = submit(base, "client-0", body("with a webhook", receiverUrl())).orElseThrow();
            stub.complete(hooked);
            assertThat(await(firstAttempt)).as("the webhook's first attempt, refused").isEqualTo(hooked);

            AtomicInteger tickets = new AtomicInteger();
            CountDownLatch halfway = new CountDownLatch(SUBMITS / 2);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                String client = "client-" + c;
                clients.submit(() -> {
                    for (int n = tickets.getAndIncrement(); n < SUBMITS; n = tickets.getAndIncrement()) {
                        submit(base, client, body("transfer #" + n, null)).ifPresent(id -> {
                            acknowledged.add(new Acknowledged(client, id));
                            halfway.countDown();
                        });
                    }
                    return null;
                });
            }
            assertThat(halfway.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("half the submits acknowledged").isTrue();
            first.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(first.output().contains(UPSTREAM_KEY)).as("the upstream key in the first run's log").isFalse();
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(SUBMITS / 2);
        receiverAccepts.set(true);

        try (RunningJar second = RunningJar.start(env)) {
            URI base = second.baseUrl();
            for (Acknowledged task : acknowledged) {
                HttpResponse<String> status = send(base, task.client(), "GET", SUBMIT_PATH + "/" + task.id(), null);
                assertThat(status.statusCode()).as("task %s of %s after the restart", task.id(), task.client())
                        .isEqualTo(200);
                assertThat(new JsonObject(status.body()).getJsonObject("data").getString("task_id"))
                        .isEqualTo(task.id());
            }
            Acknowledged someone = acknowledged.get(0);
            String other = someone.client().equals("client-1") ? "client-2" : "client-1";
            assertThat(send(base, other, "GET", SUBMIT_PATH + "/" + someone.id(), null).statusCode()).isEqualTo(404);

            // Due at once, unless the kill interrupted an attempt: then it is due when that attempt's lease ends
            // (three webhook timeouts and 30 s, 36 s here), as another instance must not deliver it meanwhile.
            assertThat(delivered.get(LEASE_AND_MORE.toSeconds(), TimeUnit.SECONDS))
                    .as("the webhook delivered after the restart").isEqualTo(hooked);
            second.sigterm();
            assertThat(second.awaitLine("Stopped")).isTrue();
            assertThat(second.output().contains(UPSTREAM_KEY)).as("the upstream key in the second run's log").isFalse();
        }

        List<String> prompts = stub.requests(FreepikStubServer.Route.SUBMIT).stream()
                .map(request -> new JsonObject(request.body()).getString("prompt")).toList();
        assertThat(prompts).as("no request reached the provider twice").doesNotHaveDuplicates();
        assertThat(acknowledged).extracting(Acknowledged::id).doesNotHaveDuplicates();
    }

    private record Acknowledged(String client, String id) {
    }

    private Map<String, String> environment() {
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
        env.put("FREEPIK_RATE_LIMIT", "10000");
        env.put("FREEPIK_BURST", "10000");
        env.put("FREEPIK_MAX_CONCURRENT", "32");
        env.put("CLIENT_API_KEYS", IntStream.range(0, CLIENTS).mapToObj(c -> "client-" + c)
                .collect(Collectors.joining(",")));
        env.put("STORE", "sqlite:" + data.resolve("state.db"));
        env.put("WEBHOOK_SECRET", "whsec_Y3Jhc2gtcmVjb3ZlcnktdGVzdC1zZWNyZXQtMzJieXRlcyE=");
        env.put("ALLOWED_PRIVATE_HOSTS", "127.0.0.1");
        env.put("WEBHOOK_RETRY_WAITS", String.join(",", Collections.nCopies(600, "500ms")));
        env.put("WEBHOOK_SWEEP_EVERY", "500ms");
        env.put("WEBHOOK_TIMEOUT", "2s");
        env.put("POLL_FIRST", "100ms");
        env.put("POLL_MAX", "200ms");
        return env;
    }

    private String receiverUrl() {
        return "http://127.0.0.1:" + receiver.actualPort() + "/hooks";
    }

    private static String body(String prompt, String webhook) {
        JsonObject body = new JsonObject().put("image_url", "https://example.com/dancer.png")
                .put("video_url", "https://example.com/moves.mp4").put("prompt", prompt);
        if (webhook != null) {
            body.put("webhook_url", webhook);
        }
        return body.encode();
    }

    /** The task id of an acknowledged submit; empty when the service did not answer 200 (or at all). */
    private Optional<String> submit(URI base, String client, String body) {
        try {
            HttpResponse<String> response = send(base, client, "POST", SUBMIT_PATH, body);
            return response.statusCode() == 200
                    ? Optional.of(new JsonObject(response.body()).getJsonObject("data").getString("task_id"))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HttpResponse<String> send(URI base, String client, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("x-freepik-api-key", client);
        if (body != null) {
            request.header("content-type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

}
