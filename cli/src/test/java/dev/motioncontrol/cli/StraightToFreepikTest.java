package dev.motioncontrol.cli;

import static dev.motioncontrol.cli.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit --freepik: straight to the provider through the library, here a local stand-in for Freepik whose videos the
 * fake service serves.
 */
class StraightToFreepikTest {

    private static final String UPSTREAM_KEY = "upstream-secret-key-of-the-cli-test";

    private static Vertx vertx;
    private static FreepikStubServer freepik;
    private static FakeService media;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        freepik = FreepikStubServer.start(vertx, "x-freepik-api-key", UPSTREAM_KEY)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        media = FakeService.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        media.close();
        freepik.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void resetTheProvider() {
        freepik.reset();
        freepik.completeAfterPolls(2).generatedUnder(media.baseUrl() + "fake-media/");
    }

    @Test
    void submitWaitDownloadThroughTheLibraryWritesTheVideoAndNeverPrintsTheKey() throws Exception {
        Path video = directory.resolve("out.mp4");

        CommandLineRun run = run(environment(UPSTREAM_KEY), "submit", "--freepik", "--image",
                "https://example.com/dancer.png", "--video", "https://example.com/moves.mp4", "--tier", "pro",
                "--download", video.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        byte[] bytes = Files.readAllBytes(video);
        assertThat(new String(Arrays.copyOfRange(bytes, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(run.out()).containsPattern("(?m)^[\\w-]+ COMPLETED after \\d+:\\d\\d http://\\S+\\.mp4$");
        assertThat(freepik.requests(FreepikStubServer.Route.SUBMIT)).singleElement()
                .satisfies(submit -> assertThat(submit.path()).isEqualTo("/v1/ai/video/kling-v2-6-motion-control-pro"));
        assertThat(run.printed()).doesNotContain(UPSTREAM_KEY);
    }

    @Test
    void aBadRequestIsRefusedByTheLibraryWithEveryViolationAndNothingIsPaid() {
        CommandLineRun run = run(environment(UPSTREAM_KEY), "submit", "--freepik",
                "--image", "https://example.com/dancer.gif", "--video", "https://example.com/moves.mp4",
                "--cfg-scale", "1.5", "--orientation", "sideways");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).containsPattern("(?m)^image_url: .+$").containsPattern("(?m)^cfg_scale: .+$")
                .containsPattern("(?m)^character_orientation: .+$");
        assertThat(freepik.requests(FreepikStubServer.Route.SUBMIT)).isEmpty();
    }

    @Test
    void aKeyFreepikRefusesExitsThreeAndIsNeverPrinted() {
        String wrongKey = "upstream-secret-key-wrong-one";

        CommandLineRun run = run(environment(wrongKey), "submit", "--freepik",
                "--image", "https://example.com/dancer.png", "--video", "https://example.com/moves.mp4");

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.printed()).doesNotContain(wrongKey);
    }

    @Test
    void aWebhookStraightToFreepikIsRefusedSinceNobodyWouldPostIt() {
        CommandLineRun run = run(environment(UPSTREAM_KEY), "submit", "--freepik", "--image",
                "https://example.com/dancer.png", "--video", "https://example.com/moves.mp4",
                "--webhook-url", "https://example.com/hook");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("--webhook-url needs a service");
        assertThat(freepik.requests(FreepikStubServer.Route.SUBMIT)).isEmpty();
    }

    @Test
    void theProvidersOwnApiServesAsAServiceAndAWaitPollsItWithoutALiveStream() throws Exception {
        Path video = directory.resolve("polled.mp4");

        CommandLineRun run = run(Map.of(ServiceConnection.URL_VARIABLE, freepik.baseUrl().toString(),
                ServiceConnection.KEY_VARIABLE, UPSTREAM_KEY), "submit", "--image", "https://example.com/dancer.png",
                "--video", "https://example.com/moves.mp4", "--download", video.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(Files.size(video)).isPositive();
        assertThat(freepik.requests(FreepikStubServer.Route.STATUS)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(run.printed()).doesNotContain(UPSTREAM_KEY);
    }

    @Test
    void withoutAFreepikKeyItExitsThree() {
        CommandLineRun run = run(Map.of(FreepikConnection.URL_VARIABLE, freepik.baseUrl().toString()), "submit",
                "--freepik", "--image", "https://example.com/dancer.png", "--video", "https://example.com/moves.mp4");

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("no Freepik API key: set FREEPIK_API_KEY");
    }

    private static Map<String, String> environment(String key) {
        return Map.of(FreepikConnection.KEY_VARIABLE, key, FreepikConnection.URL_VARIABLE, freepik.baseUrl().toString());
    }
}
