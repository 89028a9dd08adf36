package dev.motioncontrol.adapters.media;

import static dev.motioncontrol.adapters.media.MediaServer.Serving;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.motioncontrol.application.port.out.MediaProbe.Image;
import dev.motioncontrol.application.port.out.MediaProbe.Probe;
import dev.motioncontrol.application.port.out.MediaProbe.Unfetchable;
import dev.motioncontrol.application.port.out.MediaProbe.Unmeasured;
import dev.motioncontrol.application.port.out.MediaProbe.Unreadable;
import dev.motioncontrol.application.port.out.MediaProbe.Video;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.VideoFacts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpMediaProbeTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;
    private static final UrlAccessPolicy LOOPBACK_ALLOWED = UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1"));
    /** What a whole answer may deliver past the point the probe asked for before it is paused: a few reads. */
    private static final int SLACK = 128 * KIB;

    private final List<HttpMediaProbe> probes = new ArrayList<>();
    private final List<MediaServer> servers = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private Vertx vertx;
    private MediaServer server;
    private FakeHostResolver resolver;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = track(MediaServer.start(vertx));
        resolver = new FakeHostResolver().map("127.0.0.1", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        for (HttpMediaProbe probe : probes) {
            probe.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (MediaServer media : servers) {
            media.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // ---- images ---------------------------------------------------------------------------------------------------

    @Test
    void measuresAnImageFromItsHeadRangeAndTakesItsSizeFromContentRange() throws Exception {
        byte[] png = TestMedia.paddedPng(400, 300, MIB);
        server.serve("/a.png", png, Serving.withRanges());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/a.png");

        assertThat(outcome).isEqualTo(new Image(ImageFacts.of(MediaFormat.PNG, 400, 300, MIB), 64 * KIB));
        assertThat(server.requests).singleElement()
            .satisfies(seen -> assertThat(seen.header("range")).isEqualTo("bytes=0-65535"));
    }

    @Test
    void readsASmallImageWholeInOneRange() throws Exception {
        byte[] png = TestMedia.png(320, 480);
        server.serve("/small.png", png, Serving.withRanges());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/small.png");

        assertThat(outcome).isEqualTo(new Image(ImageFacts.of(MediaFormat.PNG, 320, 480, png.length), png.length));
    }

    @Test
    void cutsAWholeAnswerAfterTheHeadAndTakesTheSizeFromContentLength() throws Exception {
        server.serve("/a.png", TestMedia.paddedPng(400, 300, 4 * MIB), Serving.withoutRanges());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/a.png");

        assertThat(outcome).isInstanceOfSatisfying(Image.class, image -> {
            assertThat(image.facts()).isEqualTo(ImageFacts.of(MediaFormat.PNG, 400, 300, 4 * MIB));
            assertThat(image.bytesRead()).isBetween(64L * KIB, 64L * KIB + SLACK);
        });
        assertThat(server.aConnectionClosed).succeedsWithin(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void judgesAnImageOverTheLimitOnTheLengthItsServerSaysWithoutDownloadingIt(boolean ranges) throws Exception {
        int size = (int) MediaFactRules.MAX_IMAGE_BYTES + MIB;
        server.serve("/big.png", TestMedia.paddedPng(1000, 1000, size),
            ranges ? Serving.withRanges() : Serving.withoutRanges());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/big.png");

        assertThat(outcome).isInstanceOfSatisfying(Image.class, image -> {
            assertThat(image.facts()).isEqualTo(ImageFacts.of(MediaFormat.PNG, 1000, 1000, size));
            assertThat(image.bytesRead()).isBetween(64L * KIB, 64L * KIB + (ranges ? 0 : SLACK));
            assertThat(MediaFactRules.check(image.facts())).singleElement()
                .satisfies(v -> assertThat(v.reason()).startsWith("is 11.0 MB"));
        });
    }

    @Test
    void countsAnImageOfUnknownLengthToOneBytePastTheLimitAndSaysItIsAtLeastThat() throws Exception {
        server.endless("/endless.png", TestMedia.png(500, 500));

        Probe outcome = image(probe(settings().withMaxImageBytes(MIB), TestReaders.pngDimensions()), "/endless.png");

        assertThat(outcome).isInstanceOfSatisfying(Image.class, image -> {
            assertThat(image.facts().sizeIsAtLeast()).isTrue();
            assertThat(image.facts().sizeBytes()).isBetween(MIB + 1L, (long) MIB + SLACK);
            assertThat(image.bytesRead()).isEqualTo(image.facts().sizeBytes());
        });
        assertThat(server.aConnectionClosed).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void measuresTheExactSizeOfAnImageOfUnknownLengthThatEndsBelowTheLimit() throws Exception {
        byte[] png = TestMedia.paddedPng(400, 300, 300 * KIB);
        server.serve("/chunked.png", png, Serving.chunkedWithoutLength());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/chunked.png");

        assertThat(outcome).isEqualTo(new Image(ImageFacts.of(MediaFormat.PNG, 400, 300, 300 * KIB), 300 * KIB));
    }

    @Test
    void bytesThatAreNoImageTheReaderKnowsAreUnreadable() throws Exception {
        byte[] jpeg = TestMedia.jpeg(400, 300);
        server.serve("/a.jpg", jpeg, Serving.withRanges());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/a.jpg");

        assertThat(outcome).isEqualTo(new Unreadable(TestReaders.NOT_AN_IMAGE, jpeg.length));
    }

    @Test
    void aReaderThatFailsMakesTheMediumUnreadableRatherThanTheProbe() throws Exception {
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges());
        MediaReader broken = (known, kind) -> {
            throw new IllegalStateException("bug");
        };

        Probe outcome = image(probe(broken), "/a.png");

        assertThat(outcome).isInstanceOfSatisfying(Unreadable.class,
            unreadable -> assertThat(unreadable.reason()).isEqualTo("could not be read as an image"));
    }

    @Test
    void cutsARangeAnswerThatRunsPastWhatWasAskedFor() throws Exception {
        server.serve("/a.png", TestMedia.paddedPng(400, 300, 4 * MIB), Serving.withRanges().sendingToTheEnd());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/a.png");

        assertThat(outcome).isInstanceOfSatisfying(Image.class, image -> {
            assertThat(image.facts()).isEqualTo(ImageFacts.of(MediaFormat.PNG, 400, 300, 4 * MIB));
            assertThat(image.bytesRead()).isBetween(64L * KIB, 64L * KIB + SLACK);
        });
        assertThat(server.aConnectionClosed).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void anEmptyMediumIsReadAsWholeAndUnreadable() throws Exception {
        server.serve("/empty.png", new byte[0], Serving.withRanges());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/empty.png");

        assertThat(outcome).isEqualTo(new Unreadable(TestReaders.NOT_AN_IMAGE, 0));
    }

    // ---- videos ---------------------------------------------------------------------------------------------------

    @Test
    void measuresAVideoFromItsHeadAndItsTailInTwoRanges() throws Exception {
        server.serve("/a.mp4", TestMedia.video(2 * MIB, 12_500), Serving.withRanges());

        Probe outcome = video(probe(TestReaders.tailDuration()), "/a.mp4");

        assertThat(outcome).isEqualTo(new Video(new VideoFacts(MediaFormat.MP4, Optional.of(Duration.ofMillis(12_500)),
            false, OptionalLong.of(2 * MIB)), 128 * KIB + 8));
        assertThat(server.requests).extracting(seen -> seen.header("range"))
            .containsExactly("bytes=0-131071", "bytes=" + (2 * MIB - 8) + "-" + (2 * MIB - 1));
    }

    @Test
    void asksForTheTailAsASuffixWhenTheTotalLengthIsUnknown() throws Exception {
        server.serve("/a.mp4", TestMedia.video(2 * MIB, 4_000), Serving.withRangesOfUnknownTotal());

        Probe outcome = video(probe(TestReaders.tailDuration()), "/a.mp4");

        assertThat(outcome).isEqualTo(new Video(new VideoFacts(MediaFormat.MP4, Optional.of(Duration.ofMillis(4_000)),
            false, OptionalLong.of(2 * MIB)), 128 * KIB + 8));
        assertThat(server.requests).extracting(seen -> seen.header("range"))
            .containsExactly("bytes=0-131071", "bytes=-8");
    }

    @Test
    void readsASmallVideoWhoseServerIgnoresRangesToItsEndInOneRequest() throws Exception {
        server.serve("/a.mp4", TestMedia.video(300 * KIB, 9_000), Serving.withoutRanges());

        Probe outcome = video(probe(TestReaders.tailDuration()), "/a.mp4");

        assertThat(outcome).isEqualTo(new Video(new VideoFacts(MediaFormat.MP4, Optional.of(Duration.ofMillis(9_000)),
            false, OptionalLong.of(300 * KIB)), 300 * KIB));
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void aVideoWhoseTailLiesBeyondTheBudgetOfAServerWithoutRangesIsUnmeasuredWithoutReadingOn() throws Exception {
        server.serve("/a.mp4", TestMedia.video(5 * MIB, 9_000), Serving.withoutRanges());

        Probe outcome = video(probe(TestReaders.tailDuration()), "/a.mp4");

        assertThat(outcome).isInstanceOfSatisfying(Unmeasured.class, unreadable -> {
            assertThat(unreadable.reason()).isEqualTo("could not be measured within the 1024 KiB a probe reads of it"
                + " (its server sends it whole, not in byte ranges)");
            assertThat(unreadable.bytesRead()).isBetween(128L * KIB, 128L * KIB + SLACK);
        });
        assertThat(server.aConnectionClosed).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void cutsAnEndlessStreamAtTheBudget() throws Exception {
        server.endless("/live.mp4", TestMedia.VIDEO_MAGIC);

        Probe outcome = video(probe(TestReaders.tailDuration()), "/live.mp4");

        assertThat(outcome).isInstanceOfSatisfying(Unmeasured.class, unreadable -> {
            assertThat(unreadable.reason()).startsWith("could not be measured within the 1024 KiB");
            assertThat(unreadable.bytesRead()).isBetween((long) MIB, (long) MIB + SLACK);
        });
        assertThat(server.aConnectionClosed).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aReaderThatNeedsMoreThanTheBudgetGetsAnUnmeasuredWithoutAnotherRequest() throws Exception {
        server.serve("/a.mp4", TestMedia.video(8 * MIB, 9_000), Serving.withRanges());

        Probe outcome = video(probe(TestReaders.tail(2 * MIB)), "/a.mp4");

        assertThat(outcome).isEqualTo(new Unmeasured("could not be measured within the 1024 KiB a probe reads of it",
            128 * KIB));
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void aVideoThatChangesBetweenItsHeadAndItsTailIsLeftUnmeasured() throws Exception {
        byte[] before = TestMedia.video(MIB, 5_000);
        byte[] after = TestMedia.video(MIB, 9_000);
        AtomicLong served = new AtomicLong();
        server.route("/a.mp4", request -> {
            boolean first = served.getAndIncrement() == 0;
            MediaServer.serve(request, first ? before : after,
                Serving.withRanges().withEtag(first ? "\"v1\"" : "\"v2\""));
        });

        Probe outcome = video(probe(TestReaders.tailDuration()), "/a.mp4");

        assertThat(outcome).isInstanceOfSatisfying(Unmeasured.class, unmeasured -> assertThat(unmeasured.reason())
            .isEqualTo("could not be fetched: it changed while it was being read"));
    }

    @Test
    void aReaderThatKeepsAskingIsStoppedAfterFourRequests() throws Exception {
        server.serve("/a.mp4", TestMedia.video(MIB, 9_000), Serving.withRanges());
        MediaReader restless = (known, kind) -> {
            long offset = 256 * KIB;
            while (known.has(offset, 16)) {
                offset += 128 * KIB;
            }
            return new Reading.Needs(offset, 16);
        };

        Probe outcome = video(probe(restless), "/a.mp4");

        assertThat(outcome).isEqualTo(new Unmeasured("could not be measured in 4 requests", 128 * KIB + 3 * 16));
        assertThat(server.requests).hasSize(4);
    }

    @Test
    void anImageAskedForAsAVideoIsUnreadable() throws Exception {
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges());

        Probe outcome = video(probe(TestReaders.pngDimensions()), "/a.png");

        assertThat(outcome).isInstanceOfSatisfying(Unreadable.class,
            unreadable -> assertThat(unreadable.reason()).isEqualTo("is an image (PNG), not a video"));
    }

    // ---- redirects, errors, timeouts ------------------------------------------------------------------------------

    @Test
    void followsARelativeRedirectAndReadsTheRestFromWhereItLed() throws Exception {
        server.redirect("/media/a.mp4", 302, "../cdn/a.mp4")
            .serve("/cdn/a.mp4", TestMedia.video(MIB, 5_000), Serving.withRanges());

        Probe outcome = video(probe(TestReaders.tailDuration()), "/media/a.mp4");

        assertThat(outcome).isInstanceOf(Video.class);
        assertThat(server.paths()).containsExactly("/media/a.mp4", "/cdn/a.mp4", "/cdn/a.mp4");
    }

    @Test
    void resolvesAndChecksTheHostARedirectLeadsTo() throws Exception {
        resolver.map("media.test", "127.0.0.1").map("cdn.test", "127.0.0.1");
        server.redirect("/a.png", 307, "http://cdn.test:" + server.port() + "/b.png")
            .serve("/b.png", TestMedia.png(400, 300), Serving.withRanges());
        MediaProbeSettings bothHosts = settings()
            .withAccessPolicy(UrlAccessPolicy.publicOnlyExcept(List.of("media.test", "cdn.test")));

        Probe outcome = await(probe(bothHosts, TestReaders.pngDimensions())
            .probe(HttpUrl.of("http://media.test:" + server.port() + "/a.png"), MediaFormat.Kind.IMAGE));

        assertThat(outcome).isInstanceOf(Image.class);
        assertThat(resolver.lookups).hasValue(2);
        assertThat(server.requests).extracting(seen -> seen.header("host"))
            .containsExactly("media.test:" + server.port(), "cdn.test:" + server.port());
    }

    @Test
    void refusesMoreThanThreeRedirects() throws Exception {
        server.redirect("/r0", 301, "/r1").redirect("/r1", 307, "/r2").redirect("/r2", 308, "/r3")
            .redirect("/r3", 303, "/r4").serve("/r4", TestMedia.png(400, 300), Serving.withRanges());

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/r0");

        assertThat(outcome).isEqualTo(new Unfetchable("could not be fetched: more than 3 redirects", 0));
        assertThat(server.paths()).containsExactly("/r0", "/r1", "/r2", "/r3");
    }

    @Test
    void anErrorAnswerIsUnfetchableWithItsStatusAndWithoutItsBody() throws Exception {
        server.answer("/gone.png", 404);

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/gone.png");

        assertThat(outcome).isEqualTo(new Unfetchable("could not be fetched: the server answered 404 Not Found", 0));
    }

    @Test
    void aServerThatNeverAnswersTimesOutTheFetch() throws Exception {
        server.silent("/slow.png");

        Probe outcome = image(probe(settings().withFetchTimeout(Duration.ofMillis(200)), TestReaders.pngDimensions()),
            "/slow.png");

        assertThat(outcome).isEqualTo(new Unfetchable("could not be fetched within 200 ms", 0));
    }

    @Test
    void theProbeTimeoutBoundsAllItsFetches() throws Exception {
        server.silent("/slow.png");

        Probe outcome = image(probe(settings().withProbeTimeout(Duration.ofMillis(300)), TestReaders.pngDimensions()),
            "/slow.png");

        assertThat(outcome).isEqualTo(new Unfetchable("could not be fetched within 300 ms", 0));
    }

    @Test
    void aHostThatDoesNotResolveIsUnfetchable() throws Exception {
        Probe outcome = await(probe(settings(), TestReaders.pngDimensions())
            .probe(HttpUrl.of("https://media.example.com/a.png"), MediaFormat.Kind.IMAGE));

        assertThat(outcome).isEqualTo(new Unfetchable("could not be fetched: host media.example.com does not resolve",
            0));
    }

    @Test
    void aServerThatRefusesTheConnectionIsUnfetchable() throws Exception {
        MediaServer closed = MediaServer.start(vertx);
        String url = closed.url("/a.png");
        closed.close();

        Probe outcome = await(probe(TestReaders.pngDimensions()).probe(HttpUrl.of(url), MediaFormat.Kind.IMAGE));

        assertThat(outcome).isEqualTo(new Unfetchable("could not be fetched: its server refused the connection", 0));
    }

    @Test
    void aRedirectToWhatIsNoHttpUrlIsUnfetchable() throws Exception {
        server.redirect("/a.png", 302, "ftp://files.example.com/a.png");

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/a.png");

        assertThat(outcome).isEqualTo(new Unfetchable("could not be fetched: the server redirected to an invalid URL",
            0));
    }

    // ---- the address policy ---------------------------------------------------------------------------------------

    @Test
    void refusesAPrivateAddressWithThePublicOnlyPolicy() throws Exception {
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges());

        Probe outcome = image(probe(MediaProbeSettings.defaults(), TestReaders.pngDimensions()), "/a.png");

        assertThat(outcome).isEqualTo(new Unfetchable("must be publicly accessible; 127.0.0.1 is a loopback address",
            0));
        assertThat(server.requests).isEmpty();
    }

    @Test
    void refusesANameThatResolvesToAPrivateAddress() throws Exception {
        resolver.map("media.example.com", "203.0.113.9", "127.0.0.1");

        Probe outcome = await(probe(MediaProbeSettings.defaults(), TestReaders.pngDimensions())
            .probe(HttpUrl.of("http://media.example.com:" + server.port() + "/a.png"), MediaFormat.Kind.IMAGE));

        assertThat(outcome).isEqualTo(new Unfetchable(
            "must be publicly accessible; media.example.com resolves to 127.0.0.1, a loopback address", 0));
        assertThat(server.requests).isEmpty();
    }

    @Test
    void refusesARedirectToAPrivateAddress() throws Exception {
        resolver.map("cdn.test", "127.0.0.1");
        server.redirect("/a.png", 302, "http://127.0.0.1:" + server.port() + "/b.png")
            .serve("/b.png", TestMedia.png(400, 300), Serving.withRanges());
        MediaProbeSettings onlyTheCdn = settings()
            .withAccessPolicy(UrlAccessPolicy.publicOnlyExcept(List.of("cdn.test")));

        Probe outcome = await(probe(onlyTheCdn, TestReaders.pngDimensions())
            .probe(HttpUrl.of("http://cdn.test:" + server.port() + "/a.png"), MediaFormat.Kind.IMAGE));

        assertThat(outcome).isEqualTo(new Unfetchable(
            "redirects to 127.0.0.1, which must be publicly accessible; 127.0.0.1 is a loopback address", 0));
        assertThat(server.paths()).containsExactly("/a.png");
        assertThat(server.requests.get(0).header("host")).isEqualTo("cdn.test:" + server.port());
    }

    @Test
    void resolvesTheHostOnceAndDialsTheSameCheckedAddressForEveryRange() throws Exception {
        resolver.map("media.test", "127.0.0.1");
        server.serve("/a.mp4", TestMedia.video(MIB, 5_000), Serving.withRanges());
        MediaProbeSettings onlyThatHost = settings().withAccessPolicy(UrlAccessPolicy.publicOnlyExcept(
            List.of("media.test")));

        Probe outcome = await(probe(onlyThatHost, TestReaders.tailDuration())
            .probe(HttpUrl.of("http://media.test:" + server.port() + "/a.mp4"), MediaFormat.Kind.VIDEO));

        assertThat(outcome).isInstanceOf(Video.class);
        assertThat(resolver.lookups).hasValue(1);
        assertThat(server.requests).hasSize(2).allSatisfy(seen -> assertThat(seen.header("host"))
            .isEqualTo("media.test:" + server.port()));
    }

    @Test
    void tlsNamesAndVerifiesTheUrlsHostWhileConnectingToTheResolvedAddress() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("media.test");
        MediaServer tls = track(MediaServer.start(vertx, new HttpServerOptions().setSsl(true).setSni(true)
            .setKeyCertOptions(certificate.keyCertOptions())));
        tls.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges());
        resolver.map("media.test", "127.0.0.1").map("other.test", "127.0.0.1");
        HttpMediaProbe probe = track(new HttpMediaProbe(vertx,
            settings().withAccessPolicy(UrlAccessPolicy.publicOnlyExcept(List.of("media.test", "other.test"))),
            resolver, TestReaders.pngDimensions(), new HttpClientOptions().setTrustOptions(certificate.trustOptions()),
            Ticker.systemTicker()));

        Probe matching = await(probe.probe(HttpUrl.of("https://media.test:" + tls.port() + "/a.png"),
            MediaFormat.Kind.IMAGE));
        Probe mismatching = await(probe.probe(HttpUrl.of("https://other.test:" + tls.port() + "/a.png"),
            MediaFormat.Kind.IMAGE));

        assertThat(matching).isInstanceOf(Image.class);
        assertThat(tls.requests).singleElement()
            .satisfies(seen -> assertThat(seen.serverName()).isEqualTo("media.test"));
        assertThat(mismatching).isEqualTo(
            new Unfetchable("could not be fetched: the TLS handshake with its server failed", 0));
    }

    // ---- remembering and sharing ----------------------------------------------------------------------------------

    @Test
    void reusesAnOutcomeOnceTheServerConfirmsItsEtagWithoutSendingTheMediumAgain() throws Exception {
        server.serve("/a.png", TestMedia.paddedPng(400, 300, MIB), Serving.withRanges().withEtag("\"v1\""));
        HttpMediaProbe probe = probe(TestReaders.pngDimensions());

        Probe first = image(probe, "/a.png");
        Probe second = image(probe, "/a.png");

        assertThat(first).isEqualTo(new Image(ImageFacts.of(MediaFormat.PNG, 400, 300, MIB), 64 * KIB));
        assertThat(second).isEqualTo(new Image(ImageFacts.of(MediaFormat.PNG, 400, 300, MIB), 0));
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(1).headers())
            .containsEntry("if-none-match", "\"v1\"")
            .containsEntry("range", "bytes=0-0");
    }

    @Test
    void reusesAnOutcomeOnceTheServerConfirmsItsLastModified() throws Exception {
        String lastModified = "Tue, 01 Dec 2026 10:00:00 GMT";
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges().withLastModified(lastModified));
        HttpMediaProbe probe = probe(TestReaders.pngDimensions());

        image(probe, "/a.png");
        Probe second = image(probe, "/a.png");

        assertThat(second.bytesRead()).isZero();
        assertThat(server.requests.get(1).header("if-modified-since")).isEqualTo(lastModified);
    }

    @Test
    void reusesAnOutcomeWhenTheServerIgnoresTheConditionButSendsTheSameEtag() throws Exception {
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges().withEtag("\"v1\"").ignoringConditions());
        HttpMediaProbe probe = probe(TestReaders.pngDimensions());

        Probe first = image(probe, "/a.png");
        Probe second = image(probe, "/a.png");

        assertThat(second).isEqualTo(new Image(((Image) first).facts(), 0));
        assertThat(server.requests).extracting(seen -> seen.header("range"))
            .containsExactly("bytes=0-65535", "bytes=0-0");
    }

    @Test
    void remembersNothingWithACacheOfSizeZero() throws Exception {
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges().withEtag("\"v1\""));
        HttpMediaProbe probe = probe(settings().withCache(0, Duration.ofMinutes(1), Duration.ofSeconds(1)),
            TestReaders.pngDimensions());

        Probe first = image(probe, "/a.png");
        Probe second = image(probe, "/a.png");

        assertThat(second).isEqualTo(first);
        assertThat(server.requests).extracting(seen -> seen.header("if-none-match")).containsOnlyNulls();
    }

    @Test
    void measuresAgainWhenTheMediumChanged() throws Exception {
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges().withEtag("\"v1\""));
        HttpMediaProbe probe = probe(TestReaders.pngDimensions());
        image(probe, "/a.png");
        byte[] changed = TestMedia.png(800, 600);
        server.serve("/a.png", changed, Serving.withRanges().withEtag("\"v2\""));

        Probe second = image(probe, "/a.png");

        assertThat(second).isInstanceOfSatisfying(Image.class, image -> {
            assertThat(image.facts()).isEqualTo(ImageFacts.of(MediaFormat.PNG, 800, 600, changed.length));
            assertThat(image.bytesRead()).isEqualTo(changed.length);
        });
        assertThat(server.requests).extracting(seen -> seen.header("range"))
            .containsExactly("bytes=0-65535", "bytes=0-0", "bytes=0-65535");
    }

    @Test
    void reusesAnOutcomeWithoutAValidatorOnlyWhileItIsYoung() throws Exception {
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges());
        HttpMediaProbe probe = probe(settings(), TestReaders.pngDimensions());

        image(probe, "/a.png");
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        Probe young = image(probe, "/a.png");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        Probe old = image(probe, "/a.png");

        assertThat(young.bytesRead()).isZero();
        assertThat(old.bytesRead()).isPositive();
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void doesNotRememberThatAMediumCouldNotBeFetched() throws Exception {
        server.answer("/a.png", 404);
        HttpMediaProbe probe = probe(TestReaders.pngDimensions());
        Probe first = image(probe, "/a.png");
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges());

        Probe second = image(probe, "/a.png");

        assertThat(first).isEqualTo(new Unfetchable("could not be fetched: the server answered 404 Not Found", 0));
        assertThat(second).isInstanceOf(Image.class);
    }

    @Test
    void aServerBusyForNowLetsTheMediumThroughUnmeasuredAndIsAskedAgainNextTime() throws Exception {
        server.answer("/a.png", 503);
        HttpMediaProbe probe = probe(TestReaders.pngDimensions());
        Probe first = image(probe, "/a.png");
        server.serve("/a.png", TestMedia.png(400, 300), Serving.withRanges());

        Probe second = image(probe, "/a.png");

        assertThat(first).isEqualTo(new Unmeasured("could not be fetched: the server answered 503 Service Unavailable",
            0));
        assertThat(second).isInstanceOf(Image.class);
    }

    @Test
    void aRangeThatStartsEarlierThanAskedButCoversTheStartWillDo() throws Exception {
        byte[] video = TestMedia.video(512 * KIB, 7_000);
        server.route("/a.mp4", request -> request.response().setStatusCode(206)
            // Whatever was asked, from its start: a server that answers in blocks of its own.
            .putHeader("Content-Range", "bytes 0-" + (video.length - 1) + "/" + video.length)
            .end(io.vertx.core.buffer.Buffer.buffer(video)));

        Probe outcome = video(probe(TestReaders.tailDuration()), "/a.mp4");

        assertThat(outcome).isInstanceOfSatisfying(Video.class, measured -> assertThat(measured.facts().duration())
            .contains(Duration.ofMillis(7_000)));
    }

    @Test
    void aHeadSentOneByteAtATimeIsMeasured() throws Exception {
        byte[] png = TestMedia.paddedPng(400, 300, 256 * KIB);
        server.route("/a.png", request -> {
            io.vertx.core.http.HttpServerResponse response = request.response().setChunked(true);
            for (int i = 0; i < 64 * KIB; i++) {
                response.write(io.vertx.core.buffer.Buffer.buffer(new byte[] {png[i]}));
            }
            response.end();
        });

        Probe outcome = image(probe(TestReaders.pngDimensions()), "/a.png");

        assertThat(outcome).isInstanceOfSatisfying(Image.class, image -> assertThat(image.facts().widthPx())
            .isEqualTo(400));
    }

    @Test
    void overlappingProbesOfOneUrlShareOneFetch() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        server.serveAfter("/a.png", TestMedia.png(400, 300), Serving.withRanges(), gate);
        HttpMediaProbe probe = probe(TestReaders.pngDimensions());
        HttpUrl url = HttpUrl.of(server.url("/a.png"));

        List<CompletionStage<Probe>> overlapping = List.of(probe.probe(url, MediaFormat.Kind.IMAGE),
            probe.probe(url, MediaFormat.Kind.IMAGE), probe.probe(url, MediaFormat.Kind.IMAGE));
        gate.complete(null);

        Probe first = await(overlapping.get(0));
        assertThat(await(overlapping.get(1))).isEqualTo(first);
        assertThat(await(overlapping.get(2))).isEqualTo(first);
        assertThat(first).isInstanceOf(Image.class);
        assertThat(server.requests).hasSize(1);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private MediaProbeSettings settings() {
        return MediaProbeSettings.of(LOOPBACK_ALLOWED);
    }

    private HttpMediaProbe probe(MediaReader reader) {
        return probe(settings(), reader);
    }

    private HttpMediaProbe probe(MediaProbeSettings settings, MediaReader reader) {
        return track(new HttpMediaProbe(vertx, settings, resolver, reader, new HttpClientOptions(), nanos::get));
    }

    private Probe image(HttpMediaProbe probe, String path) throws Exception {
        return await(probe.probe(HttpUrl.of(server.url(path)), MediaFormat.Kind.IMAGE));
    }

    private Probe video(HttpMediaProbe probe, String path) throws Exception {
        return await(probe.probe(HttpUrl.of(server.url(path)), MediaFormat.Kind.VIDEO));
    }

    private static Probe await(CompletionStage<Probe> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private HttpMediaProbe track(HttpMediaProbe probe) {
        probes.add(probe);
        return probe;
    }

    private MediaServer track(MediaServer media) {
        servers.add(media);
        return media;
    }
}
