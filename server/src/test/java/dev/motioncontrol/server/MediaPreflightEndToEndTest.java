package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import dev.motioncontrol.adapters.media.TestMedia;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The media preflight end to end, in freepik mode on the stub: the project's own media, served by a local web server
 * (with ranges, as most media hosts), are measured before anything is paid; media the provider would refuse get a
 * 400 naming the field and what was measured, and the provider hears nothing; good media reach it.
 */
class MediaPreflightEndToEndTest {

    @TempDir
    static Path media;

    private static final String UPSTREAM_KEY = "upstream-secret-key-media-9c1d";
    private static final String CLIENT = "client-key";
    private static final String SUBMIT = "/v1/ai/video/kling-v2-6-motion-control-pro";

    private static Vertx vertx;
    private static FreepikStubServer stub;
    private static HttpServer mediaServer;
    private static MotionControlServer enforcing;
    private static MotionControlServer warning;
    private static MotionControlServer fake;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        for (String fixture : new String[] {"image-300x300.png", "gif-named.png", "video-3s-faststart.mp4",
            "video-2s-faststart.mp4", "video-31s.webm", "video-12s.mov", "video-10s-truncated.mp4",
            "video-10s.webm"}) {
            Files.write(media.resolve(fixture), TestMedia.fixture(fixture));
        }
        Files.write(media.resolve("image-200x200.png"), TestMedia.png(200, 200));
        vertx = Vertx.vertx();
        stub = await(FreepikStubServer.start(vertx, "x-freepik-api-key", UPSTREAM_KEY));
        Router router = Router.router(vertx);
        router.route("/media/*").handler(StaticHandler.create(FileSystemAccess.ROOT, media.toString()).setCachingEnabled(false));
        mediaServer = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        enforcing = start("enforce");
        warning = start("warn");
        fake = await(MotionControlServer.start(ServerConfig.from(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "PROVIDER", "fake", "MEDIA_PREFLIGHT", "enforce", "ALLOWED_PRIVATE_HOSTS", "127.0.0.1"))));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static MotionControlServer start(String preflight) throws Exception {
        return await(MotionControlServer.start(ServerConfig.from(Map.ofEntries(
                Map.entry("PORT", "0"), Map.entry("HOST", "127.0.0.1"), Map.entry("PROVIDER", "freepik"),
                Map.entry("FREEPIK_API_KEY", UPSTREAM_KEY), Map.entry("FREEPIK_BASE_URL", stub.baseUrl().toString()),
                Map.entry("CLIENT_API_KEYS", CLIENT), Map.entry("STORE", "memory"),
                Map.entry("MEDIA_PREFLIGHT", preflight),
                // The media server is on this machine: allowed by name, as an operator would.
                Map.entry("ALLOWED_PRIVATE_HOSTS", "127.0.0.1")))));
    }

    @AfterAll
    static void stop() throws Exception {
        await(enforcing.close());
        await(warning.close());
        await(fake.close());
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', value = {
        "image-200x200.png        | video-3s-faststart.mp4   | video | image_url | is 200×200 px; at least 300×300 is required",
        "gif-named.png            | video-3s-faststart.mp4   | video | image_url | is a GIF image; JPEG, PNG or WEBP is required",
        "image-300x300.png        | video-2s-faststart.mp4   | video | video_url | is 2.0 s long; at least 3 s is required",
        "image-300x300.png        | video-31s.webm           | video | video_url | is 31.0 s long; at most 30 s is allowed",
        "image-300x300.png        | video-12s.mov            | image | video_url | is 12.0 s long; with character_orientation image at most 10 s is allowed",
        "image-300x300.png        | video-10s-truncated.mp4  | video | video_url | is a truncated MP4",
    })
    void mediaTheProviderWouldRefuseAreA400NamingTheFieldAndTheMeasureAndNothingIsPaid(String image, String video,
            String orientation, String field, String reason) throws Exception {
        HttpResponse<String> answer = submit(enforcing, image, video, orientation);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonArray invalid = new JsonObject(answer.body()).getJsonArray("invalid_params");
        // Every problem of the field at once: the 40×30 GIF is also too small.
        assertThat(invalid.stream().map(JsonObject.class::cast)).isNotEmpty()
                .allSatisfy(param -> assertThat(param.getString("name")).isEqualTo(field))
                .anySatisfy(param -> assertThat(param.getString("reason")).contains(reason));
        assertThat(stub.requests(Route.SUBMIT)).isEmpty();
    }

    @Test
    void goodMediaReachTheProviderAndWhatWasMeasuredIsShownAtTheTasksMediaPath() throws Exception {
        HttpResponse<String> answer = submit(enforcing, "image-300x300.png", "video-10s.webm", "image");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(stub.requests(Route.SUBMIT)).hasSize(1);
        String taskId = new JsonObject(answer.body()).getJsonObject("data").getString("task_id");
        HttpResponse<String> measured = http.send(HttpRequest.newBuilder(
                        local(enforcing).resolve("v1/ai/image-to-video/kling-v2-6/" + taskId + "/media"))
                .header("x-freepik-api-key", CLIENT).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject data = new JsonObject(measured.body()).getJsonObject("data");
        assertThat(data.getJsonObject("image").getString("format")).isEqualTo("PNG");
        assertThat(data.getJsonObject("image").getInteger("width")).isEqualTo(300);
        assertThat(data.getJsonObject("video").getString("format")).isEqualTo("WEBM");
        assertThat(data.getJsonObject("video").getDouble("duration_seconds")).isBetween(9.9, 10.1);
    }

    @Test
    void warnSendsOnWhatEnforceWouldRefuse() throws Exception {
        HttpResponse<String> answer = submit(warning, "image-200x200.png", "video-31s.webm", "video");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(stub.requests(Route.SUBMIT)).hasSize(1);
    }

    @Test
    void theFakeWithEnforceMeasuresLikeTheRealService() throws Exception {
        HttpResponse<String> refused = submit(fake, "image-200x200.png", "video-3s-faststart.mp4", "video");
        HttpResponse<String> accepted = submit(fake, "image-300x300.png", "video-3s-faststart.mp4", "video");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("is 200×200 px; at least 300×300 is required");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    private static HttpResponse<String> submit(MotionControlServer server, String image, String video,
            String orientation) throws Exception {
        String base = "http://127.0.0.1:" + mediaServer.actualPort() + "/media/";
        JsonObject body = new JsonObject().put("image_url", base + image).put("video_url", base + video)
                .put("character_orientation", orientation);
        return http.send(HttpRequest.newBuilder(local(server).resolve(SUBMIT.substring(1)))
                .header("x-freepik-api-key", CLIENT).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.net.URI local(MotionControlServer server) {
        return java.net.URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
