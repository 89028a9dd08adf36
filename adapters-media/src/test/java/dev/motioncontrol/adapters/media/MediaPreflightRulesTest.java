package dev.motioncontrol.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.media.MediaServer.Serving;
import dev.motioncontrol.application.port.out.MediaProbe.Image;
import dev.motioncontrol.application.port.out.MediaProbe.Probe;
import dev.motioncontrol.application.port.out.MediaProbe.Unreadable;
import dev.motioncontrol.application.port.out.MediaProbe.Video;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.Violation;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prober with the real reader, on the project's media, served by a local server with and without byte ranges,
 * judged by the provider's rules: what the service will say of each medium at the boundaries of the rules.
 */
class MediaPreflightRulesTest {

    private static Vertx vertx;
    private static MediaServer server;
    private static HttpMediaProbe probe;
    private static int served;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = MediaServer.start(vertx);
        probe = new HttpMediaProbe(vertx, MediaProbeSettings.of(UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1"))),
                new FakeHostResolver().map("127.0.0.1", "127.0.0.1"), new ContainerReader());
    }

    @AfterAll
    static void stop() throws Exception {
        probe.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Each medium under its own path, so that no probe answers from another's remembered outcome. */
    private static Probe probe(byte[] medium, Serving how, MediaFormat.Kind kind) throws Exception {
        String path = "/m" + served++;
        server.serve(path, medium, how);
        return probe.probe(HttpUrl.of(server.url(path)), kind).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Stream<Arguments> servings() {
        return Stream.of(Arguments.of("ranges", Serving.withRanges()), Arguments.of("no ranges", Serving.withoutRanges()),
                Arguments.of("chunked, no length", Serving.chunkedWithoutLength()));
    }

    static Stream<Arguments> videos() {
        return servings().flatMap(serving -> Stream.of(
                "video-2_9s-faststart.mp4, video-2_9s-moov-last.mp4, video-2_9s.webm",
                "video-3s-faststart.mp4, video-3s-moov-last.mp4, video-3s.webm",
                "video-10s-faststart.mp4, video-10s-moov-last.mp4, video-10s.webm, video-10s.mov, video-10s.m4v,"
                        + " video-10s-no-duration.webm",
                "video-10_1s-faststart.mp4, video-10_1s-moov-last.mp4, video-10_1s.webm",
                "video-30s-faststart.mp4, video-30s-moov-last.mp4, video-30s.webm",
                "video-30_1s-faststart.mp4, video-30_1s-moov-last.mp4, video-30_1s.webm")
                .flatMap(names -> Stream.of(names.split(",\\s*")))
                .map(name -> Arguments.of(serving.get()[0], serving.get()[1], name)));
    }

    @ParameterizedTest(name = "{2}, {0}")
    @MethodSource("videos")
    void everyVideoIsJudgedByItsLengthWhateverItsContainerAndServer(String serving, Serving how, String fixture)
            throws Exception {
        Probe outcome = probe(TestMedia.fixture(fixture), how, MediaFormat.Kind.VIDEO);

        assertThat(outcome).isInstanceOf(Video.class);
        List<Violation> asVideo = MediaFactRules.check(((Video) outcome).facts(), CharacterOrientation.VIDEO);
        List<Violation> asImage = MediaFactRules.check(((Video) outcome).facts(), CharacterOrientation.IMAGE);
        boolean tooShort = fixture.contains("2_9s");
        boolean tooLong = fixture.contains("30_1s");
        boolean overTenSeconds = fixture.contains("10_1s") || fixture.contains("30");
        assertThat(asVideo).as("orientation video").hasSize(tooShort || tooLong ? 1 : 0);
        assertThat(asImage).as("orientation image").hasSize(tooShort || overTenSeconds ? 1 : 0);
        assertThat(outcome.bytesRead()).isLessThanOrEqualTo(TestMedia.fixture(fixture).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servings")
    void anImageIsJudgedAtTheBoundariesOfItsSideAndItsSize(String serving, Serving how) throws Exception {
        assertThat(violations(TestMedia.fixture("image-300x300.png"), how)).isEmpty();
        assertThat(violations(TestMedia.fixture("image-299x300.jpg"), how)).singleElement()
                .extracting(Violation::reason).isEqualTo("is 299×300 px; at least 300×300 is required");
        assertThat(violations(TestMedia.fixture("image-299x300-lossless.webp"), how)).hasSize(1);
        assertThat(violations(TestMedia.paddedPng(400, 400, TestMedia.TEN_MB), how)).isEmpty();
        assertThat(violations(TestMedia.paddedPng(400, 400, TestMedia.TEN_MB + 1), how)).singleElement()
                .extracting(Violation::reason).asString().contains("10485761 bytes", "at most 10 MB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gif-named.png, is a GIF image", "png-named.mp4, is a PNG image, not a video",
        "video-10s-truncated.mp4, is a truncated MP4", "garbage.bin, is not"})
    void theBytesSayWhatAMediumIsWhateverItsName(String fixture, String reason) throws Exception {
        MediaFormat.Kind kind = fixture.endsWith(".png") ? MediaFormat.Kind.IMAGE : MediaFormat.Kind.VIDEO;
        Probe outcome = probe(TestMedia.fixture(fixture), Serving.withRanges(), kind);

        String said = outcome instanceof Unreadable unreadable ? unreadable.reason()
                : MediaFactRules.check(((Image) outcome).facts()).get(0).reason();
        assertThat(said).startsWith(reason);
    }

    private static List<Violation> violations(byte[] image, Serving how) throws Exception {
        Probe outcome = probe(image, how, MediaFormat.Kind.IMAGE);
        assertThat(outcome).isInstanceOf(Image.class);
        // Its head, and a few reads more from a server that sends it whole; one whose size the server does not say
        // is counted (not kept) to a byte past 10 MB, to learn whether it is larger.
        assertThat(outcome.bytesRead()).isLessThanOrEqualTo(how.chunked() ? TestMedia.TEN_MB + 1 + 128 * 1024
                : 64 * 1024 + 128 * 1024);
        return MediaFactRules.check(((Image) outcome).facts());
    }
}
