package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One provider account, two clients: one floods the service with submits as fast as it can, the other submits
 * once. The service in freepik mode with its default client limits, in front of the stub.
 */
class FairSharesTest {

    private static final String UPSTREAM_KEY = "upstream-secret-key-fair-shares";
    private static final String FLOODER = "client-flooding";
    private static final String POLITE = "client-polite";
    private static final String PATH = "v1/ai/video/kling-v2-6-motion-control-pro";

    private static Vertx stubVertx;
    private static FreepikStubServer stub;
    private static MotionControlServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        stubVertx = Vertx.vertx();
        stub = FreepikStubServer.start(stubVertx, "x-freepik-api-key", UPSTREAM_KEY)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        server = MotionControlServer.start(ServerConfig.from(Map.of(
                        "PORT", "0", "HOST", "127.0.0.1", "PROVIDER", "freepik",
                        "FREEPIK_API_KEY", UPSTREAM_KEY,
                        "FREEPIK_BASE_URL", stub.baseUrl().toString(),
                        "CLIENT_API_KEYS", FLOODER + "," + POLITE, "STORE", "memory", "MEDIA_PREFLIGHT", "off")))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        stubVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aClientFloodingSubmitsDoesNotKeepAnotherClientsSubmitFromTheProvider() throws Exception {
        HttpClient flooding = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            flood.add(submit(flooding, FLOODER, "flood " + i));
        }
        // The polite client comes once the flood reaches the provider, the account's burst spent by then.
        while (stub.submitCount() < 50 && flood.stream().anyMatch(response -> !response.isDone())) {
            CompletableFuture.anyOf(flood.stream().filter(response -> !response.isDone())
                    .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }

        long start = System.nanoTime();
        HttpResponse<String> polite = submit(http, POLITE, "the polite one").get(30, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(polite.statusCode()).isEqualTo(200);
        assertThat(took).as("the polite client's submit").isLessThan(Duration.ofSeconds(2));
        assertThat(stub.requests(FreepikStubServer.Route.SUBMIT))
                .anyMatch(request -> request.body().contains("the polite one"));
        List<HttpResponse<String>> flooded = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : flood) {
            flooded.add(response.get(60, TimeUnit.SECONDS));
        }
        assertThat(flooded).allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 429));
        List<HttpResponse<String>> refused = flooded.stream().filter(response -> response.statusCode() == 429).toList();
        assertThat(refused).as("the flooder ran into its limits").isNotEmpty().allSatisfy(response -> {
            assertThat(response.headers().firstValue("retry-after")).isPresent();
            assertThat(new JsonObject(response.body()).getString("message")).startsWith("Too many");
        });
        assertThat(refused).anyMatch(response -> response.body().contains("requests per second"));
    }

    private static CompletableFuture<HttpResponse<String>> submit(HttpClient http, String key, String prompt) {
        String body = new JsonObject().put("image_url", "https://example.com/dancer.png")
                .put("video_url", "https://example.com/moves.mp4").put("prompt", prompt)
                .put("character_orientation", "image").encode();
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + PATH))
                        .header("x-freepik-api-key", key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
