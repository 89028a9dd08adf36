package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.Fault;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jar's logs with {@code LOG_FORMAT=json}, as a log pipeline reads them: every line is one JSON object, every line
 * a request causes carries its request id (whichever module logs it), and no line holds a client's key or the
 * service's own, not even when the provider refuses that key.
 */
class JsonLogsIT {

    private static final String UPSTREAM_KEY = "upstream-secret-key-LOGS-5e1f";
    private static final String CLIENT_KEY = "client-secret-key-LOGS-77aa";
    private static final String WRONG_CLIENT_KEY = "client-secret-key-WRONG-0b3c";
    private static final String BODY = """
            {"image_url":"https://example.com/dancer.png","video_url":"https://example.com/moves.mp4","zzz":1}""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void oneRequestsLinesShareItsIdAndNoLineHoldsAKey() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            FreepikStubServer stub = FreepikStubServer.start(vertx, "x-freepik-api-key", UPSTREAM_KEY)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            List<JsonObject> lines;
            try (RunningJar jar = RunningJar.start(Map.of("PORT", "0", "HOST", "127.0.0.1", "PROVIDER", "freepik",
                    "FREEPIK_API_KEY", UPSTREAM_KEY, "FREEPIK_BASE_URL", stub.baseUrl().toString(),
                    "CLIENT_API_KEYS", CLIENT_KEY, "STORE", "memory", "MEDIA_PREFLIGHT", "off",
                    "LOG_FORMAT", "json", "ACCESS_LOG", "true"))) {
                URI base = jar.baseUrl();
                assertThat(submit(base, CLIENT_KEY, "req-accepted").statusCode()).isEqualTo(200);
                stub.onNextSubmit(Fault.unauthorized());
                assertThat(submit(base, CLIENT_KEY, "req-key-refused").statusCode()).isEqualTo(401);
                assertThat(http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
                assertThat(submit(base, WRONG_CLIENT_KEY, "req-wrong-client").statusCode()).isEqualTo(401);
                jar.sigterm();
                assertThat(jar.awaitLine("Stopped")).isTrue();
                lines = parsed(jar.output());
            }

            assertThat(messagesOf(lines, "req-accepted")).anyMatch(line -> line.contains("named fields the API does "
                    + "not know")).anyMatch(line -> line.startsWith("POST /v1/ai/video/kling-v2-6-motion-control-pro 200"));
            assertThat(messagesOf(lines, "req-key-refused")).anyMatch(line -> line.contains("rejected the service's "
                    + "API key")).anyMatch(line -> line.startsWith("POST /v1/ai/video/kling-v2-6-motion-control-pro 401"));
            assertThat(messagesOf(lines, "req-wrong-client")).anyMatch(line -> line.contains(" 401 "));
            assertThat(lines).allSatisfy(line -> assertThat(line.encode())
                    .doesNotContain(UPSTREAM_KEY).doesNotContain(CLIENT_KEY).doesNotContain(WRONG_CLIENT_KEY));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> submit(URI base, String key, String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/v1/ai/video/kling-v2-6-motion-control-pro"))
                .header("x-freepik-api-key", key).header("x-request-id", requestId)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every line of the output, each of which must be a JSON object. */
    private static List<JsonObject> parsed(String output) {
        List<JsonObject> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            try {
                lines.add(new JsonObject(line));
            } catch (DecodeException e) {
                throw new AssertionError("a log line that is not JSON: " + line, e);
            }
        }
        return lines;
    }

    private static List<String> messagesOf(List<JsonObject> lines, String requestId) {
        return lines.stream()
                .filter(line -> line.getJsonObject("mdc") != null
                        && requestId.equals(line.getJsonObject("mdc").getString("request_id")))
                .map(line -> line.getString("formattedMessage"))
                .toList();
    }
}
