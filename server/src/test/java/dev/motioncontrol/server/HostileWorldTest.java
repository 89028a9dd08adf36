package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.motioncontrol.adapters.freepik.http.Fault;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Misbehaviour;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import dev.motioncontrol.server.RawHttp.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The service against a hostile world, end to end: clients that attack the protocol and the text, written byte by
 * byte over raw sockets where a client library would hide the bytes, and a provider (the local stub) that
 * misbehaves. Every case gets a status line and a JSON body (never a 500, a hang or an empty reply), nothing is
 * paid for that nobody asked for, the upstream key appears in no answer and no log line, no log line carries a
 * stack trace, and the service still serves normal traffic afterwards.
 */
class HostileWorldTest {

    private static final String UPSTREAM_KEY = "upstream-secret-key-HOSTILE-51c0";
    private static final String CLIENT = "client-a-key";
    private static final String OTHER_CLIENT = "client-b-key";
    private static final String SUBMIT = "/v1/ai/video/kling-v2-6-motion-control-pro";
    private static final String TASKS = "/v1/ai/image-to-video/kling-v2-6";
    private static final String VALID = "{\"image_url\":\"https://example.com/dancer.png\","
            + "\"video_url\":\"https://example.com/moves.mp4\",\"prompt\":\"a dancer\"}";
    /** How long past a deadline the service may take to act on it (its sweep, the machine's load). */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);

    private static Vertx stubVertx;
    private static FreepikStubServer stub;
    private static MotionControlServer server;
    private static HttpClient http;
    private static final List<String> answers = new ArrayList<>();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        logs.start();
        root().addAppender(logs);
        stubVertx = Vertx.vertx();
        stub = FreepikStubServer.start(stubVertx, "x-freepik-api-key", UPSTREAM_KEY)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        server = MotionControlServer.start(ServerConfig.from(Map.ofEntries(
                        Map.entry("PORT", "0"), Map.entry("HOST", "127.0.0.1"),
                        Map.entry("PROVIDER", "freepik"),
                        // Its media URLs are examples no one serves: not measured (the preflight has its own tests).
                        Map.entry("MEDIA_PREFLIGHT", "off"),
                        Map.entry("FREEPIK_API_KEY", UPSTREAM_KEY),
                        // Every status asks the provider: the tests move tasks at the stub and look at once.
                        Map.entry("STATUS_RECHECK_MIN", "0s"), Map.entry("STATUS_RECHECK_MAX", "0s"),
                        Map.entry("PROVIDER_WEBHOOK_WAIT", "0s"),
                        Map.entry("FREEPIK_BASE_URL", stub.baseUrl().toString()),
                        Map.entry("FREEPIK_REQUEST_TIMEOUT", "1s"),
                        Map.entry("FREEPIK_DEADLINE", "2s"),
                        // One provider request at a time: a second one waits in the queue, where a client that
                        // leaves must take it out.
                        Map.entry("FREEPIK_MAX_CONCURRENT", "1"),
                        Map.entry("REQUEST_HEAD_TIMEOUT", HEAD_TIMEOUT.toSeconds() + "s"),
                        Map.entry("REQUEST_BODY_TIMEOUT", BODY_TIMEOUT.toSeconds() + "s"),
                        Map.entry("CLIENT_API_KEYS", CLIENT + "," + OTHER_CLIENT),
                        Map.entry("STORE", "memory"))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            stub.reset();
            // After all of it, the service still serves: a submit and its status.
            HttpResponse<String> submitted = post(CLIENT, SUBMIT, VALID);
            assertThat(submitted.statusCode()).isEqualTo(200);
            String id = new JsonObject(submitted.body()).getJsonObject("data").getString("task_id");
            assertThat(get(CLIENT, TASKS + "/" + id).statusCode()).isEqualTo(200);
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            stubVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            root().detachAppender(logs);
        }
        synchronized (answers) {
            assertThat(answers).as("no answer holds the key, nor any ten characters of it")
                    .noneMatch(HostileWorldTest::holdsAPieceOfTheKey);
        }
        List<ILoggingEvent> logged = List.copyOf(logs.list);
        assertThat(logged).as("the capture works").isNotEmpty();
        assertThat(logged).as("no log line holds the key, nor any ten characters of it")
                .noneMatch(event -> holdsAPieceOfTheKey(event.getFormattedMessage()));
        assertThat(logged).as("no stack trace in the log, whatever a client sent")
                .noneMatch(event -> event.getThrowableProxy() != null);
        assertThat(logged).as("nothing a client sent is an error of the service")
                .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    @BeforeEach
    void resetTheStub() {
        stub.reset();
    }

    /** Whether {@code text} holds the upstream key or ten characters of it in a row (a cut-off key). */
    private static boolean holdsAPieceOfTheKey(String text) {
        for (int i = 0; i + 10 <= UPSTREAM_KEY.length(); i++) {
            if (text.contains(UPSTREAM_KEY.substring(i, i + 10))) {
                return true;
            }
        }
        return false;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    // ---- clients that attack the protocol ----

    @Nested
    class TheProtocol {

        @Test
        void aContentLengthBesideChunksIsAnsweredThenTheConnectionIsClosedAndWhatFollowsIsNeverServed()
                throws IOException {
            String smuggled = request("POST", SUBMIT, CLIENT, "Content-Type: application/json\r\nContent-Length: "
                    + VALID.length() + "\r\n", VALID);
            try (RawHttp raw = raw()) {
                raw.send("POST " + SUBMIT + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + CLIENT + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\n\r\n" + smuggled);

                Answer answer = answered(raw.answer());

                assertThat(answer.status()).isEqualTo(400);
                assertThat(answer.header("connection")).isEqualTo("close");
                assertThat(raw.untilClosed()).as("the smuggled request got no answer").isEmpty();
            }
            assertThat(stub.submitCount()).as("the smuggled submit was never paid for").isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"zz", "-5", "fffffffffffffffffffff", "5;\u0000", " "})
        void anInvalidChunkSizeIsA400ThenTheConnectionIsClosed(String size) throws IOException {
            try (RawHttp raw = raw()) {
                raw.send("POST " + SUBMIT + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + CLIENT + "\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size
                        + "\r\n{\"a\":1}\r\n0\r\n\r\n");

                Answer answer = answered(raw.answer());

                assertThat(answer.status()).isEqualTo(400);
                assertThat(new JsonObject(answer.body()).getString("message")).startsWith("The request body could not be read");
                assertThat(raw.closedWithin(SLACK)).isTrue();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"gzip, chunked", "identity", "chunked, chunked", "deflate"})
        void aTransferCodingOtherThanChunkedIs501(String coding) throws IOException {
            try (RawHttp raw = raw()) {
                raw.send("POST " + SUBMIT + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + CLIENT + "\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: " + coding + "\r\n\r\n0\r\n\r\n");

                Answer answer = answered(raw.answer());

                assertThat(answer.status()).isEqualTo(501);
                assertThat(new JsonObject(answer.body()).getString("message")).contains("not supported");
                assertThat(raw.closedWithin(SLACK)).isTrue();
            }
        }

        @Test
        void twoHostHeadersAreA400() throws IOException {
            try (RawHttp raw = raw()) {
                raw.send("GET " + TASKS + " HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nx-freepik-api-key: "
                        + CLIENT + "\r\n\r\n");

                Answer answer = answered(raw.answer());

                assertThat(answer.status()).isEqualTo(400);
                assertThat(new JsonObject(answer.body()).getString("message")).contains("2 Host headers");
                assertThat(raw.closedWithin(SLACK)).isTrue();
            }
        }

        @Test
        void twoContentLengthsAreA400WithABody() throws IOException {
            try (RawHttp raw = raw()) {
                raw.send("POST " + SUBMIT + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + CLIENT + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");

                Answer answer = answered(raw.answer());

                assertThat(answer.status()).isEqualTo(400);
                assertThat(new JsonObject(answer.body()).getString("message")).isNotBlank();
                assertThat(raw.closedWithin(SLACK)).isTrue();
            }
            assertThat(stub.submitCount()).isZero();
        }

        @Test
        void everyGetRouteAnswersHeadWithTheHeadOfItsGetAndNoBody() throws Exception {
            String id = submitted(CLIENT);
            // What a GET answers (a task without a webhook has no delivery to show: 404).
            Map<String, Integer> statusOf = Map.of(TASKS, 200, TASKS + "/" + id, 200,
                    "/v1/ai/video/kling-v2-6-motion-control-std/" + id, 200, TASKS + "/" + id + "/events", 200,
                    TASKS + "/" + id + "/webhook", get(CLIENT, TASKS + "/" + id + "/webhook").statusCode(),
                    "/v1/ai/video/kling-v3-motion-control-pro", 200, TASKS + "/no-such-task", 404,
                    TASKS + "/no-such-task/events", 404);
            for (Map.Entry<String, Integer> path : statusOf.entrySet()) {
                try (RawHttp raw = raw()) {
                    // The HEAD, then a GET on the same connection: a body after the HEAD's head would garble it.
                    raw.send(request("HEAD", path.getKey(), CLIENT, "", "") + request("GET", TASKS, CLIENT, "", ""));

                    Answer head = raw.answer(true);
                    Answer next = answered(raw.answer());

                    assertThat(head.status()).as(path.getKey()).isEqualTo(path.getValue());
                    assertThat(head.header("content-type")).as(path.getKey())
                            .isEqualTo(path.getKey().endsWith("/events") && path.getValue() == 200
                                    ? "text/event-stream" : "application/json");
                    assertThat(next.status()).as("the answer after the HEAD's").isEqualTo(200);
                    assertThat(next.body()).startsWith("{\"data\":[");
                }
            }
            try (RawHttp raw = raw()) {
                raw.send("HEAD " + TASKS + "/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");

                assertThat(raw.answer(true).status()).as("as a GET without a key").isEqualTo(401);
            }
        }

        @Test
        void anUpgradeToH2cIsIgnoredAndAnsweredInHttp11() throws IOException {
            try (RawHttp raw = raw()) {
                raw.send("GET " + TASKS + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + CLIENT + "\r\n"
                        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");

                Answer answer = answered(raw.answer());

                assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(answer.header("upgrade")).isNull();
            }
        }

        @Test
        void http2WithPriorKnowledgeIsRefusedAndTheConnectionClosed() throws IOException {
            try (RawHttp raw = raw()) {
                raw.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

                String reply = raw.untilClosed();

                assertThat(reply).startsWith("HTTP/").contains(" 501 ");
            }
        }

        @Test
        void aHeadTrickledAByteAtATimeIsCutAtItsDeadlineThoughBytesKeepComing() throws Exception {
            try (RawHttp raw = raw()) {
                raw.send("GET " + TASKS + " HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
                long start = System.nanoTime();

                boolean cut = trickle(raw, HEAD_TIMEOUT.plus(SLACK).plus(SLACK));

                assertThat(cut).as("the connection was closed while the head trickled in").isTrue();
                assertThat(raw.untilClosed()).as("no answer to a head that never ended").isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HEAD_TIMEOUT.plus(SLACK));
            }
        }

        @Test
        void aConnectionThatSendsNothingIsClosedAtTheHeadDeadline() throws IOException {
            try (RawHttp raw = raw()) {
                assertThat(raw.closedWithin(HEAD_TIMEOUT.plus(SLACK))).isTrue();
            }
        }

        @Test
        void aBodyTrickledAByteAtATimeIsA408AtItsDeadline() throws Exception {
            try (RawHttp raw = raw()) {
                raw.send("POST " + SUBMIT + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + CLIENT + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
                long start = System.nanoTime();

                assertThat(trickle(raw, BODY_TIMEOUT.plus(SLACK))).as("answered while the body trickled in").isTrue();
                Answer answer = answered(raw.answer());

                assertThat(answer.status()).isEqualTo(408);
                assertThat(new JsonObject(answer.body()).getString("message")).contains("did not arrive within");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BODY_TIMEOUT.plus(SLACK));
            }
            assertThat(stub.submitCount()).isZero();
        }

        @ParameterizedTest
        @CsvSource({"headers, 431", "line, 414", "garbage, 400"})
        void aHeadTheServerCannotReadIsAnsweredWithABody(String what, int status) throws IOException {
            String request = switch (what) {
                case "headers" -> "GET " + TASKS + " HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\n\r\n";
                case "line" -> "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
                default -> "GET " + TASKS + " HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n";
            };
            try (RawHttp raw = raw()) {
                raw.send(request);

                Answer answer = answered(raw.answer());

                assertThat(answer.status()).isEqualTo(status);
                assertThat(new JsonObject(answer.body()).getString("message")).isNotBlank();
                assertThat(raw.closedWithin(SLACK)).isTrue();
            }
        }
    }

    // ---- text that is not text ----

    @Nested
    class Text {

        static Stream<Arguments> notUtf8() {
            return Stream.of(
                    Arguments.of("an overlong '/'", new int[] {0xc0, 0xaf}),
                    Arguments.of("an overlong NUL", new int[] {0xc0, 0x80}),
                    Arguments.of("an encoded surrogate", new int[] {0xed, 0xa0, 0x80}),
                    Arguments.of("a code point above U+10FFFF", new int[] {0xf4, 0x90, 0x80, 0x80}),
                    Arguments.of("Latin-1", new int[] {0xe9}));
        }

        @ParameterizedTest(name = "{0} in the prompt")
        @MethodSource("notUtf8")
        void bytesThatAreNotUtf8AreA400NamingTheField(String what, int[] bytes) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(VALID.substring(0, VALID.length() - 2).getBytes(StandardCharsets.UTF_8));
            for (int b : bytes) {
                body.write(b);
            }
            body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));

            Answer answer = rawSubmit(body.toByteArray(), "application/json");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(reasonFor(answer, "prompt")).startsWith("is not valid UTF-8");
            assertThat(stub.submitCount()).isZero();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {"\\ud800|d800", "\\udc00\\ud800|dc00", "x\\udbff|dbff"})
        void aLoneSurrogateEscapeIsA400NamingTheField(String escaped, String code) throws IOException {
            String body = VALID.replace("a dancer", escaped);

            Answer answer = rawSubmit(body.getBytes(StandardCharsets.UTF_8), "application/json");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(reasonFor(answer, "prompt")).contains("\\u" + code).contains("lone surrogate");
            assertThat(stub.submitCount()).isZero();
        }

        @ParameterizedTest
        @CsvSource({"UTF-16LE, true", "UTF-16LE, false", "UTF-16BE, false", "UTF-16, false", "UTF-32LE, false",
            "UTF-32BE, false"})
        void aBodyInUtf16OrUtf32IsA415(String charset, boolean withBom) throws IOException {
            byte[] encoded = ((withBom ? "\ufeff" : "") + VALID).getBytes(Charset.forName(charset));

            Answer answer = rawSubmit(encoded, "application/json");

            assertThat(answer.status()).isEqualTo(415);
            assertThat(new JsonObject(answer.body()).getString("message")).contains("UTF-8");
            assertThat(stub.submitCount()).isZero();
        }

        @Test
        void aCharsetOtherThanUtf8IsA415() throws IOException {
            Answer answer = rawSubmit(VALID.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-16");

            assertThat(answer.status()).isEqualTo(415);
        }

        @Test
        void thousandsOfBadFieldsGetASmallAnswer() throws IOException {
            StringBuilder body = new StringBuilder("{");
            for (int i = 0; i < 3000; i++) {
                body.append("\"f").append(i).append("\":\"\\ud800\",");
            }
            body.append("\"cfg_scale\":7}");

            Answer answer = rawSubmit(body.toString().getBytes(StandardCharsets.UTF_8), "application/json");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().length()).isLessThan(8192);
            JsonArray params = new JsonObject(answer.body()).getJsonArray("invalid_params");
            assertThat(params).hasSize(21);
            assertThat(params.getJsonObject(20).getString("reason")).contains("more problems are not listed");
        }

        @ParameterizedTest
        @CsvSource({
            "image_url, https://user:pass@example.com/dancer.png, credentials",
            "video_url, https://token@example.com/moves.mp4, credentials",
            "webhook_url, https://a:b@hooks.example.com/done, credentials",
            "image_url, https://example.com:99999/dancer.png, out of range",
            "video_url, https://example.com:0/moves.mp4, out of range",
            "webhook_url, https://hooks.example.com:65536/done, out of range"})
        void aUrlWithCredentialsOrAnImpossiblePortIsRefusedInEveryUrlField(String field, String url, String reason)
                throws IOException {
            JsonObject body = new JsonObject(VALID).put(field, url);

            Answer answer = rawSubmit(body.encode().getBytes(StandardCharsets.UTF_8), "application/json");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(reasonFor(answer, field)).contains(reason);
            assertThat(stub.submitCount()).isZero();
        }
    }

    // ---- a provider that misbehaves ----

    @Nested
    class TheProvider {

        @Test
        void theKeyInAStatusNeverReachesAClient() throws Exception {
            String id = submitted(CLIENT);
            stub.misbehave(Misbehaviour.KEY_IN_STATUS);

            HttpResponse<String> status = get(CLIENT, TASKS + "/" + id);
            HttpResponse<String> list = get(CLIENT, TASKS);

            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"status\":\"QUEUED_REDACTED\"");
            assertThat(list.body()).contains("QUEUED_REDACTED");
        }

        @Test
        void theKeyInAGeneratedUrlNeverReachesAClient() throws Exception {
            String id = submitted(CLIENT);
            stub.complete(id);
            stub.misbehave(Misbehaviour.KEY_IN_GENERATED_URL);

            HttpResponse<String> status = get(CLIENT, TASKS + "/" + id);

            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("?token=REDACTED");
        }

        @ParameterizedTest
        @ValueSource(strings = {"SCRIPT_AND_FILE_URLS", "CREDENTIALS_IN_URL"})
        void aVideoThatIsNotAtAnHttpUrlIsNeverRelayedAndTheTaskStaysUnfinished(Misbehaviour way) throws Exception {
            String id = submitted(CLIENT);
            stub.complete(id);
            stub.misbehave(way);

            HttpResponse<String> status = get(CLIENT, TASKS + "/" + id);

            assertThat(status.statusCode()).isEqualTo(503);
            assertThat(status.body()).doesNotContain("javascript").doesNotContain("file:").doesNotContain("hunter2");
        }

        @Test
        void aHugeStatusReachesTheClientAsABoundedWord() throws Exception {
            String id = submitted(CLIENT);
            stub.misbehave(Misbehaviour.HUGE_STATUS);

            HttpResponse<String> status = get(CLIENT, TASKS + "/" + id);

            String kept = new JsonObject(status.body()).getJsonObject("data").getString("status");
            assertThat(kept).hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9_.-]+").endsWith("REDACTED");
            assertThat(holdsAPieceOfTheKey(kept)).as("the key, cut where the status was cut, is out too").isFalse();
        }

        @Test
        void aStatusAboutAnotherTaskIsA503NotThatTask() throws Exception {
            String id = submitted(CLIENT);
            stub.misbehave(Misbehaviour.OTHER_TASK_ID);

            HttpResponse<String> status = get(CLIENT, TASKS + "/" + id);

            assertThat(status.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(status.body()).getString("message"))
                    .isEqualTo("Service Unavailable. Please try again later.");
        }

        @Test
        void aSubmitAnsweredWithAnotherClientsTaskIsMayHaveCreatedAndNeverHandsThatTaskOver() throws Exception {
            String others = submitted(OTHER_CLIENT);
            stub.misbehave(Misbehaviour.REPEATED_TASK_ID);

            HttpResponse<String> submit = post(CLIENT, SUBMIT, VALID);

            assertThat(submit.statusCode()).isEqualTo(502);
            assertThat(new JsonObject(submit.body()).getString("message")).contains("list your tasks");
            assertThat(submit.body()).doesNotContain(others);
            assertThat(get(CLIENT, TASKS + "/" + others).statusCode()).isEqualTo(404);
            assertThat(get(CLIENT, TASKS).body()).doesNotContain(others);
            assertThat(get(OTHER_CLIENT, TASKS + "/" + others).statusCode()).as("still its owner's").isEqualTo(200);
        }

        /** The Freepik client's own deadline answers here; the HTTP layer's, past it, is AnswerDeadlineTest's. */
        @Test
        void aProviderSlowerThanTheDeadlineGetsTheClientAnAnswerNotAClosedConnection() throws Exception {
            stub.onNextSubmit(Fault.delay(Duration.ofSeconds(8)));
            long start = System.nanoTime();

            HttpResponse<String> submit = post(CLIENT, SUBMIT, VALID);

            assertThat(submit.statusCode()).isEqualTo(502);
            assertThat(new JsonObject(submit.body()).getString("message")).contains("may have created");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }

        /**
         * Whether the client's leaving takes the submit out of the queue or stops it before it joins depends on
         * timing here; FreepikVideoProviderCancellationTest holds each case apart.
         */
        @Test
        void aClientThatLeavesBeforeItsSubmitIsSentCostsNothing() throws Exception {
            String id = submitted(CLIENT);
            int before = stub.submitCount();
            // The one provider slot is taken by a slow read of another request.
            stub.onNextStatus(Fault.delay(Duration.ofMillis(900)));
            var occupying = http.sendAsync(HttpRequest.newBuilder(server.baseUrl().resolve(TASKS + "/" + id))
                    .header("x-freepik-api-key", CLIENT).timeout(RawHttp.ANSWER_WITHIN).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitRequests(Route.STATUS, 1);

            try (RawHttp raw = raw()) {
                raw.send(request("POST", SUBMIT, CLIENT, "Content-Type: application/json\r\nContent-Length: "
                        + VALID.length() + "\r\n", VALID));
            }
            // The client has gone; once the slot is free, the next request gets it.
            assertThat(occupying.get(RawHttp.ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(get(CLIENT, TASKS).statusCode()).isEqualTo(200);

            assertThat(stub.submitCount()).as("the abandoned submit never reached the provider").isEqualTo(before);
        }
    }

    // ---- helpers ----

    private static RawHttp raw() throws IOException {
        return new RawHttp(server.port());
    }

    private static String request(String method, String path, String key, String headers, String body) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + key + "\r\n" + headers
                + "\r\n" + body;
    }

    private static Answer rawSubmit(byte[] body, String contentType) throws IOException {
        try (RawHttp raw = raw()) {
            raw.send(("POST " + SUBMIT + " HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: " + CLIENT + "\r\n"
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            raw.send(body);
            return answered(raw.answer());
        }
    }

    /** Every answer is kept, to be searched for the key at the end. */
    private static Answer answered(Answer answer) {
        synchronized (answers) {
            answers.add(answer.statusLine() + " " + answer.headers() + " " + answer.body());
        }
        assertThat(answer.header("content-type")).as("every answer has a JSON body").startsWith("application/json");
        return answer;
    }

    private static String reasonFor(Answer answer, String field) {
        JsonArray params = new JsonObject(answer.body()).getJsonArray("invalid_params");
        for (int i = 0; i < params.size(); i++) {
            if (params.getJsonObject(i).getString("name").equals(field)) {
                return params.getJsonObject(i).getString("reason");
            }
        }
        throw new AssertionError("no invalid_params entry for " + field + " in " + answer.body());
    }

    /**
     * Sends a byte every 100 ms, as a slow client would, until the server answers or closes the connection, or
     * {@code limit} has passed; true when the server answered or closed it (its answer is left to be read).
     */
    private static boolean trickle(RawHttp raw, Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                raw.send("a");
            } catch (IOException closed) {
                return true;
            }
            if (raw.inputWithin(Duration.ofMillis(100))) {
                return true;
            }
        }
        return false;
    }

    private static String submitted(String client) throws Exception {
        HttpResponse<String> submitted = post(client, SUBMIT, VALID);
        assertThat(submitted.statusCode()).isEqualTo(200);
        return new JsonObject(submitted.body()).getJsonObject("data").getString("task_id");
    }

    private static HttpResponse<String> post(String key, String path, String body) throws Exception {
        return record(http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path))
                .header("x-freepik-api-key", key).header("Content-Type", "application/json")
                .timeout(RawHttp.ANSWER_WITHIN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> get(String key, String path) throws Exception {
        return record(http.send(HttpRequest.newBuilder(server.baseUrl().resolve(path))
                .header("x-freepik-api-key", key).timeout(RawHttp.ANSWER_WITHIN).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> record(HttpResponse<String> response) {
        synchronized (answers) {
            answers.add(response.statusCode() + " " + response.headers().map() + " " + response.body());
        }
        return response;
    }

    /** Waits (spinning, without a fixed sleep) until the stub has received {@code count} of {@code route}. */
    private static void awaitRequests(Route route, int count) {
        long deadline = System.nanoTime() + RawHttp.ANSWER_WITHIN.toNanos();
        while (stub.requests(route).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the stub did not receive " + count + " " + route + " requests");
            }
            Thread.onSpinWait();
        }
    }
}
