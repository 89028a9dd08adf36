package dev.motioncontrol.adapters.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.GeneratedVideoFetcher.Failed;
import dev.motioncontrol.application.port.out.GeneratedVideoFetcher.Fetch;
import dev.motioncontrol.application.port.out.GeneratedVideoFetcher.Fetched;
import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.domain.UrlAccessPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResultFetcherTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;
    /** Small enough that a test passes it in milliseconds. */
    private static final int CAP = 4 * MIB;
    /**
     * What may be under way past the cap when the fetcher cuts: the (small) socket buffers of both ends, what the
     * origin queued, and a read or two; about 450 KiB were seen.
     */
    private static final int SLACK = MIB;
    private static final UrlAccessPolicy LOOPBACK_ALLOWED = UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1"));

    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    private final HostResolver resolver = host -> names.containsKey(host)
        ? CompletableFuture.completedFuture(names.get(host))
        : CompletableFuture.failedFuture(new UnknownHostException(host));
    private final List<HttpResultFetcher> fetchers = new ArrayList<>();
    private final List<MediaOrigin> origins = new ArrayList<>();
    private Vertx vertx;
    private MediaOrigin origin;
    @TempDir
    Path directory;
    private Path into;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        origin = track(MediaOrigin.start(vertx));
        map("127.0.0.1", "127.0.0.1");
        into = directory.resolve("video.part");
    }

    @AfterEach
    void stop() throws Exception {
        for (HttpResultFetcher fetcher : fetchers) {
            fetcher.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (MediaOrigin media : origins) {
            media.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // ---- videos that come ---------------------------------------------------------------------------------------

    @Test
    void keepsAServedVideoWithItsSizeSha256AndContentType() throws Exception {
        byte[] video = bytes(3 * MIB + 17);
        origin.serve("/v/a.mp4", video, "video/mp4");

        Fetch outcome = fetch(fetcher(), origin.uri("/v/a.mp4"));

        assertThat(outcome).isEqualTo(new Fetched(video.length, sha256(video), "video/mp4"));
        assertThat(Files.readAllBytes(into)).isEqualTo(video);
    }

    @Test
    void keepsAChunkedVideoWhoseLengthTheServerDoesNotSay() throws Exception {
        byte[] video = bytes(2 * MIB + 5);
        origin.serveChunked("/a.webm", video, "video/webm");

        Fetch outcome = fetch(fetcher(), origin.uri("/a.webm"));

        assertThat(outcome).isEqualTo(new Fetched(video.length, sha256(video), "video/webm"));
        assertThat(Files.readAllBytes(into)).isEqualTo(video);
    }

    @Test
    void keepsAnEmptyVideo() throws Exception {
        origin.serve("/empty.mp4", new byte[0], "video/mp4");

        Fetch outcome = fetch(fetcher(), origin.uri("/empty.mp4"));

        assertThat(outcome).isEqualTo(new Fetched(0, sha256(new byte[0]), "video/mp4"));
        assertThat(into).isEmptyFile();
    }

    @Test
    void takesTheMediaTypeOfAVideoContentTypeAndVideoMp4ForAnyOther() throws Exception {
        byte[] video = bytes(KIB);
        origin.serve("/quicktime", video, "Video/QuickTime; charset=binary")
            .serve("/octets", video, "application/octet-stream")
            .serve("/untyped", video, null);
        HttpResultFetcher fetcher = fetcher();

        assertThat(fetch(fetcher, origin.uri("/quicktime"))).isEqualTo(new Fetched(KIB, sha256(video),
            "video/quicktime"));
        assertThat(fetch(fetcher, origin.uri("/octets"))).isEqualTo(new Fetched(KIB, sha256(video), "video/mp4"));
        assertThat(fetch(fetcher, origin.uri("/untyped"))).isEqualTo(new Fetched(KIB, sha256(video), "video/mp4"));
    }

    @Test
    void replacesAFileThatWasAlreadyThere() throws Exception {
        Files.write(into, bytes(2 * MIB));
        byte[] video = bytes(KIB);
        origin.serve("/a.mp4", video, "video/mp4");

        Fetch outcome = fetch(fetcher(), origin.uri("/a.mp4"));

        assertThat(outcome).isInstanceOf(Fetched.class);
        assertThat(Files.readAllBytes(into)).isEqualTo(video);
    }

    @Test
    void sendsTheQueryAndTheUrlsHostToTheAddressItResolvedTo() throws Exception {
        map("cdn.test", "127.0.0.1");
        origin.serve("/a.mp4", bytes(KIB), "video/mp4");
        String token = "X-Amz-Signature=" + "ab".repeat(3000);

        Fetch outcome = fetch(fetcher(settings().withAccessPolicy(UrlAccessPolicy.publicOnlyExcept(
            List.of("cdn.test")))), URI.create("http://cdn.test:" + origin.port() + "/a.mp4?" + token + "#t=5"));

        assertThat(outcome).isInstanceOf(Fetched.class);
        assertThat(origin.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.target()).isEqualTo("/a.mp4?" + token);
            assertThat(seen.host()).isEqualTo("cdn.test:" + origin.port());
        });
    }

    @Test
    void tlsNamesAndVerifiesTheUrlsHostWhileConnectingToTheResolvedAddress() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("cdn.test");
        MediaOrigin tls = track(MediaOrigin.start(vertx, new HttpServerOptions().setSsl(true).setSni(true)
            .setKeyCertOptions(certificate.keyCertOptions())));
        byte[] video = bytes(64 * KIB);
        tls.serve("/a.mp4", video, "video/mp4");
        map("cdn.test", "127.0.0.1");
        map("other.test", "127.0.0.1");
        HttpResultFetcher fetcher = track(new HttpResultFetcher(vertx, settings().withAccessPolicy(
            UrlAccessPolicy.publicOnlyExcept(List.of("cdn.test", "other.test"))), resolver,
            new HttpClientOptions().setTrustOptions(certificate.trustOptions())));

        Fetch matching = fetch(fetcher, URI.create("https://cdn.test:" + tls.port() + "/a.mp4"));
        Fetch mismatching = fetch(fetcher, URI.create("https://other.test:" + tls.port() + "/a.mp4"));

        assertThat(matching).isEqualTo(new Fetched(video.length, sha256(video), "video/mp4"));
        assertThat(tls.requests()).singleElement()
            .satisfies(seen -> assertThat(seen.serverName()).isEqualTo("cdn.test"));
        assertThat(mismatching).isEqualTo(new Failed("the TLS handshake with other.test failed", true));
    }

    // ---- redirects ----------------------------------------------------------------------------------------------

    @Test
    void followsRedirectsToTheVideo() throws Exception {
        byte[] video = bytes(MIB);
        origin.redirect("/task/1", 302, "/cdn/1.mp4?sig=abc").redirect("/cdn/1.mp4", 307, "../store/1.mp4?sig=def")
            .serve("/store/1.mp4", video, "video/mp4");

        Fetch outcome = fetch(fetcher(), origin.uri("/task/1"));

        assertThat(outcome).isEqualTo(new Fetched(video.length, sha256(video), "video/mp4"));
        assertThat(origin.targets()).containsExactly("/task/1", "/cdn/1.mp4?sig=abc", "/store/1.mp4?sig=def");
    }

    @Test
    void refusesARedirectToAHostWithARefusedAddressWithoutDiallingIt() throws Exception {
        map("cdn.test", "127.0.0.1", "10.1.2.3");
        origin.redirect("/a.mp4", 302, "http://cdn.test:" + origin.port() + "/b.mp4")
            .serve("/b.mp4", bytes(KIB), "video/mp4");

        Fetch outcome = fetch(fetcher(settings().withAccessPolicy(UrlAccessPolicy.publicOnlyExcept(
            List.of("127.0.0.1/32")))), origin.uri("/a.mp4"));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.mayRetry()).isFalse();
            assertThat(failed.reason()).startsWith("the video's URL redirects to cdn.test, which must be publicly "
                + "accessible").contains("10.1.2.3");
        });
        assertThat(origin.targets()).containsExactly("/a.mp4");
        assertThat(into).doesNotExist();
    }

    @Test
    void refusesAUrlWhoseHostThePolicyRefuses() throws Exception {
        origin.serve("/a.mp4", bytes(KIB), "video/mp4");

        Fetch outcome = fetch(fetcher(settings().withAccessPolicy(UrlAccessPolicy.publicOnly())),
            origin.uri("/a.mp4"));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.mayRetry()).isFalse();
            assertThat(failed.reason()).startsWith("the video's URL must be publicly accessible");
        });
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void followsThreeRedirectsButNotFour() throws Exception {
        byte[] video = bytes(KIB);
        origin.redirect("/r0", 301, "/r1").redirect("/r1", 302, "/r2").redirect("/r2", 303, "/r3")
            .redirect("/r3", 308, "/r4").serve("/r4", video, "video/mp4");
        HttpResultFetcher fetcher = fetcher();

        Fetch threeAway = fetch(fetcher, origin.uri("/r1"));
        Fetch fourAway = fetch(fetcher, origin.uri("/r0"));

        assertThat(threeAway).isEqualTo(new Fetched(video.length, sha256(video), "video/mp4"));
        assertThat(fourAway).isEqualTo(new Failed("the video's URL led through more than 3 redirects", false));
        assertThat(origin.targets()).endsWith("/r0", "/r1", "/r2", "/r3");
        assertThat(into).doesNotExist();
    }

    @Test
    void aRedirectToWhatIsNoHttpUrlFailsForGood() throws Exception {
        origin.redirect("/a.mp4", 302, "ftp://files.example.com/a.mp4");

        Fetch outcome = fetch(fetcher(), origin.uri("/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("127.0.0.1 redirected to something other than an http or https URL",
            false));
    }

    // ---- statuses -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 410})
    void aClientErrorFailsForGoodAndRemovesTheFileThatWasThere(int status) throws Exception {
        Files.write(into, bytes(KIB));
        origin.answer("/a.mp4", status);

        Fetch outcome = fetch(fetcher(), origin.uri("/a.mp4"));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.mayRetry()).isFalse();
            assertThat(failed.reason()).startsWith("the server at 127.0.0.1 answered " + status + " ");
        });
        assertThat(into).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void aServerThatIsBusyOrDownMayBeAskedAgain(int status) throws Exception {
        origin.answer("/a.mp4", status);

        Fetch outcome = fetch(fetcher(), origin.uri("/a.mp4"));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.mayRetry()).isTrue();
            assertThat(failed.reason()).startsWith("the server at 127.0.0.1 answered " + status + " ");
        });
        assertThat(into).doesNotExist();
    }

    @Test
    void namesTheStatusAndItsPhrase() throws Exception {
        origin.answer("/gone.mp4", 404);

        assertThat(fetch(fetcher(), origin.uri("/gone.mp4")))
            .isEqualTo(new Failed("the server at 127.0.0.1 answered 404 Not Found", false));
    }

    // ---- the cap ------------------------------------------------------------------------------------------------

    @Test
    void keepsAVideoOfExactlyTheCap() throws Exception {
        byte[] video = bytes(CAP);
        origin.serve("/a.mp4", video, "video/mp4").serveChunked("/chunked.mp4", video, "video/mp4");
        HttpResultFetcher fetcher = fetcher();

        assertThat(fetch(fetcher, origin.uri("/a.mp4"))).isEqualTo(new Fetched(CAP, sha256(video), "video/mp4"));
        assertThat(fetch(fetcher, origin.uri("/chunked.mp4"))).isEqualTo(new Fetched(CAP, sha256(video),
            "video/mp4"));
    }

    @Test
    void refusesAStatedLengthOverTheCapWithoutReadingTheBody() throws Exception {
        MediaOrigin.EndlessBody body = origin.serveEndless("/big.mp4", 64L * CAP);

        Fetch outcome = fetch(withSmallSocketBuffers(), origin.uri("/big.mp4"));

        assertThat(outcome).isEqualTo(new Failed("the video is " + 64L * CAP + " bytes, larger than the cap of " + CAP
            + " bytes", false));
        assertThat(into).doesNotExist();
        assertThat(body.stopped()).succeedsWithin(Duration.ofSeconds(10))
            .satisfies(written -> assertThat(written).isLessThan((long) CAP));
    }

    @Test
    void refusesAStatedLengthOfOneByteOverTheCap() throws Exception {
        origin.serve("/a.mp4", bytes(CAP + 1), "video/mp4");

        assertThat(fetch(fetcher(), origin.uri("/a.mp4"))).isEqualTo(new Failed("the video is " + (CAP + 1)
            + " bytes, larger than the cap of " + CAP + " bytes", false));
    }

    @Test
    void cutsAChunkedVideoOneByteOverTheCapAndRemovesWhatCame() throws Exception {
        origin.serveChunked("/a.mp4", bytes(CAP + 1), "video/mp4");

        Fetch outcome = fetch(fetcher(), origin.uri("/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("the video is larger than the cap of " + CAP + " bytes", false));
        assertThat(into).doesNotExist();
    }

    @Test
    void cutsAnEndlessBodyAtTheCapSoItsServerStopsSending() throws Exception {
        MediaOrigin.EndlessBody body = origin.serveEndless("/live.mp4");

        Fetch outcome = fetch(withSmallSocketBuffers(), origin.uri("/live.mp4"));

        assertThat(outcome).isEqualTo(new Failed("the video is larger than the cap of " + CAP + " bytes", false));
        assertThat(into).doesNotExist();
        assertThat(body.stopped()).succeedsWithin(Duration.ofSeconds(10))
            .satisfies(written -> assertThat(written).isBetween((long) CAP, (long) CAP + SLACK));
    }

    // ---- time ---------------------------------------------------------------------------------------------------

    @Test
    void givesUpOnAServerThatStopsSendingAndRemovesWhatCame() throws Exception {
        origin.stall("/a.mp4", bytes(64 * KIB));

        Fetch outcome = fetch(fetcher(settings().withIdleTimeout(Duration.ofMillis(200))), origin.uri("/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("nothing came from 127.0.0.1 for 200 ms", true));
        assertThat(into).doesNotExist();
    }

    @Test
    void givesUpOnAServerThatNeverAnswers() throws Exception {
        origin.silent("/a.mp4");

        Fetch outcome = fetch(fetcher(settings().withIdleTimeout(Duration.ofMillis(200))), origin.uri("/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("nothing came from 127.0.0.1 for 200 ms", true));
    }

    @Test
    void givesUpOnAVideoThatKeepsComingPastTheTotalTimeout() throws Exception {
        origin.trickle("/a.mp4", KIB, Duration.ofMillis(20));

        Fetch outcome = fetch(fetcher(settings().withTotalTimeout(Duration.ofMillis(400))), origin.uri("/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("the video did not come from 127.0.0.1 within 400 ms", true));
        assertThat(into).doesNotExist();
    }

    @Test
    void givesUpOnAHostThatDoesNotResolveInTime() throws Exception {
        HostResolver silent = host -> new CompletableFuture<>();
        HttpResultFetcher fetcher = track(new HttpResultFetcher(vertx, settings()
            .withAccessPolicy(UrlAccessPolicy.publicOnly()).withConnectTimeout(Duration.ofMillis(100)), silent,
            new HttpClientOptions()));

        Fetch outcome = fetch(fetcher, URI.create("https://cdn.example.com/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("cdn.example.com did not resolve within 100 ms", true));
    }

    // ---- connections --------------------------------------------------------------------------------------------

    @Test
    void aHostThatDoesNotResolveMayBeAskedAgain() throws Exception {
        Fetch outcome = fetch(fetcher(settings().withAccessPolicy(UrlAccessPolicy.publicOnly())),
            URI.create("https://cdn.example.com/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("cdn.example.com does not resolve", true));
    }

    @Test
    void aServerThatRefusesTheConnectionMayBeAskedAgain() throws Exception {
        MediaOrigin closed = MediaOrigin.start(vertx);
        URI uri = closed.uri("/a.mp4");
        closed.close();

        Fetch outcome = fetch(fetcher(), uri);

        assertThat(outcome).isEqualTo(new Failed("127.0.0.1 refused the connection", true));
    }

    @Test
    void aVideoCutShortOfItsStatedLengthMayBeAskedAgainAndLeavesNoFile() throws Exception {
        origin.serveCutShort("/a.mp4", bytes(2 * MIB), MIB);

        Fetch outcome = fetch(fetcher(), origin.uri("/a.mp4"));

        // How much came before the break depends on what was still under way when it was noticed.
        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.mayRetry()).isTrue();
            assertThat(failed.reason()).matches("the connection to 127\\.0\\.0\\.1 broke off after \\d+ bytes");
        });
        assertThat(into).doesNotExist();
    }

    @Test
    void aFileThatCannotBeWrittenMayBeTriedAgain() throws Exception {
        origin.serve("/a.mp4", bytes(KIB), "video/mp4");
        into = directory.resolve("missing-directory").resolve("video.part");

        Fetch outcome = fetch(fetcher(), origin.uri("/a.mp4"));

        assertThat(outcome).isEqualTo(new Failed("the video could not be written to its file", true));
        assertThat(into).doesNotExist();
    }

    @Test
    void closingTheFetcherEndsTheDownloadsInFlight() throws Exception {
        origin.stall("/a.mp4", bytes(KIB));
        HttpResultFetcher fetcher = fetcher();
        CompletionStage<Fetch> fetching = fetcher.fetch(origin.uri("/a.mp4"), into);

        fetcher.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(await(fetching)).isInstanceOfSatisfying(Failed.class,
            failed -> assertThat(failed.mayRetry()).isTrue());
        assertThat(into).doesNotExist();
    }

    // ---- secrets ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/missing", "/busy", "/stalled", "/endless", "/refused", "/too-many"})
    void noFailureMentionsTheUrlsQuery(String path) throws Exception {
        map("private.test", "10.0.0.1");
        origin.answer("/busy", 503).stall("/stalled", bytes(KIB)).serveEndless("/endless");
        origin.redirect("/refused", 302, "http://private.test:" + origin.port() + "/x?token=secret")
            .redirect("/too-many", 302, "/too-many?token=secret");

        Fetch outcome = fetch(fetcher(settings().withIdleTimeout(Duration.ofMillis(200))),
            origin.uri(path + "?token=secret"));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class,
            failed -> assertThat(failed.reason()).doesNotContain("secret").doesNotContain("token"));
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutQuotingThem() throws Exception {
        Fetch outcome = fetch(fetcher(), URI.create("http://user:secret@127.0.0.1:" + origin.port() + "/a.mp4"));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.mayRetry()).isFalse();
            assertThat(failed.reason()).startsWith("the video's URL must not carry credentials")
                .doesNotContain("secret");
        });
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void aUrlThatIsNoHttpUrlIsRefused() throws Exception {
        Fetch outcome = fetch(fetcher(), URI.create("file:///etc/passwd"));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.mayRetry()).isFalse());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private ResultFetcherSettings settings() {
        return ResultFetcherSettings.of(LOOPBACK_ALLOWED).withMaxBytes(CAP);
    }

    private HttpResultFetcher fetcher() {
        return fetcher(settings());
    }

    private HttpResultFetcher fetcher(ResultFetcherSettings settings) {
        return track(new HttpResultFetcher(vertx, settings, resolver));
    }

    /**
     * A fetcher whose socket does not grow its receive buffer to megabytes, as a loopback socket does: what the origin
     * manages to write is then what the fetcher read, and a little more.
     */
    private HttpResultFetcher withSmallSocketBuffers() {
        return track(new HttpResultFetcher(vertx, settings(), resolver,
            new HttpClientOptions().setReceiveBufferSize(64 * KIB)));
    }

    private Fetch fetch(HttpResultFetcher fetcher, URI source) throws Exception {
        return await(fetcher.fetch(source, into));
    }

    private static Fetch await(CompletionStage<Fetch> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void map(String host, String... addresses) throws UnknownHostException {
        List<InetAddress> resolved = new ArrayList<>();
        for (String address : addresses) {
            resolved.add(InetAddress.getByName(address));   // literals only: no look-up
        }
        names.put(host, List.copyOf(resolved));
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private HttpResultFetcher track(HttpResultFetcher fetcher) {
        fetchers.add(fetcher);
        return fetcher;
    }

    private MediaOrigin track(MediaOrigin media) {
        origins.add(media);
        return media;
    }
}
