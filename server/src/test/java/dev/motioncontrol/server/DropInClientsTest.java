package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.RecordedRequest;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Freepik clients as people write them, run against the service with only the base URL changed. Each nested
 * class is one habit seen in public clients (see {@code freepik-kling-motion-control.md}, "What public clients
 * of this API do"), written here from that description with the JDK's {@link HttpClient} — not copied from
 * any client — and each client submits, polls to {@code COMPLETED} and downloads the video: on the fake, the
 * MP4 the service serves itself; in freepik mode, against {@link FreepikStubServer}, where the video is the
 * provider's URL passed through and the stub's recorded requests show what went upstream.
 *
 * <p>The paths are written out as a client writes them, not taken from the service's path table, so that a
 * change to that table which breaks a client fails here.
 */
class DropInClientsTest {

    @TempDir
    static Path data;

    // ---- the API as a client knows it ----

    private static final String FREEPIK_KEY_HEADER = "x-freepik-api-key";
    private static final String MAGNIFIC_KEY_HEADER = "x-magnific-api-key";
    private static final String IGNORED_FIELDS_HEADER = "x-motion-control-ignored-fields";

    private static final String V26_SUBMIT_PRO = "/v1/ai/video/kling-v2-6-motion-control-pro";
    private static final String V26_SUBMIT_STD = "/v1/ai/video/kling-v2-6-motion-control-std";
    private static final String V26_TASKS = "/v1/ai/image-to-video/kling-v2-6";
    private static final String V3_PRO = "/v1/ai/video/kling-v3-motion-control-pro";
    private static final String V3_STD = "/v1/ai/video/kling-v3-motion-control-std";

    /** Every path under which a client may look a task up by its id, v3 first. */
    private static final List<String> STATUS_PATHS = List.of(V3_PRO, V3_STD, V26_TASKS, V26_SUBMIT_PRO, V26_SUBMIT_STD);
    /** The order in which a model-scanning client tries status paths: Kling 3's tiers, then Kling 2.6's. */
    private static final List<String> SCAN_ORDER = List.of(V3_PRO, V3_STD, V26_TASKS);

    private static final String BODY = """
            {"image_url":"https://example.com/dancer.png","video_url":"https://example.com/moves.mp4",
             "prompt":"a dancer on a rooftop","character_orientation":"video","cfg_scale":0.5}""";

    // ---- how a client waits ----

    private static final int MAX_POLLS = 50;
    private static final Duration POLL_PAUSE = Duration.ofMillis(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    // ---- the two services ----

    private static final String UPSTREAM_KEY = "upstream-key-DropIn-4c91e";
    private static final String FREEPIK_MODE_CLIENT_KEY = "drop-in-client-key";
    /** A client of the freepik-mode service that only the list test uses, so that its lists are its own. */
    private static final String FREEPIK_MODE_LISTING_KEY = "drop-in-listing-key";

    private static MotionControlServer fake;
    private static Vertx stubVertx;
    private static FreepikStubServer stub;
    private static MotionControlServer freepik;
    private static HttpClient http;
    /** Every answer any client here got, headers and body, checked at the end for the upstream key. */
    private static final List<String> answers = new ArrayList<>();

    @BeforeAll
    static void startTheServiceInBothModes() throws Exception {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        fake = MotionControlServer.start(ServerConfig.from(Map.of(
                        "PROVIDER", "fake", "PORT", "0", "HOST", "127.0.0.1",
                        "FAKE_QUEUE_DELAY", "0", "FAKE_GENERATION_DELAY", "200ms")))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        stubVertx = Vertx.vertx();
        stub = FreepikStubServer.start(stubVertx, FREEPIK_KEY_HEADER, UPSTREAM_KEY)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        freepik = MotionControlServer.start(ServerConfig.from(Map.ofEntries(
                        Map.entry("PROVIDER", "freepik"), Map.entry("PORT", "0"), Map.entry("HOST", "127.0.0.1"),
                        // Its media URLs are examples no one serves: not measured (the preflight has its own tests).
                        Map.entry("MEDIA_PREFLIGHT", "off"),
                        Map.entry("FREEPIK_BASE_URL", stub.baseUrl().toString()),
                        Map.entry("FREEPIK_API_KEY", UPSTREAM_KEY),
                        // Every status asks the provider: the tests move tasks at the stub and look at once.
                        Map.entry("STATUS_RECHECK_MIN", "0s"), Map.entry("STATUS_RECHECK_MAX", "0s"),
                        Map.entry("PROVIDER_WEBHOOK_WAIT", "0s"),
                        Map.entry("FREEPIK_REQUEST_TIMEOUT", "2s"),
                        Map.entry("FREEPIK_DEADLINE", "5s"),
                        Map.entry("CLIENT_API_KEYS", FREEPIK_MODE_CLIENT_KEY + "," + FREEPIK_MODE_LISTING_KEY),
                        Map.entry("STORE", "sqlite:" + data.resolve("state.db")))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopAndCheckThatNoAnswerCarriedTheUpstreamKey() throws Exception {
        try {
            freepik.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            fake.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            stubVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        synchronized (answers) {
            assertThat(answers).isNotEmpty();
            // A boolean, so that a failure does not print the key it found.
            assertThat(answers.stream().noneMatch(answer -> answer.contains(UPSTREAM_KEY)))
                    .as("no answer to a client carries the upstream key").isTrue();
        }
    }

    @BeforeEach
    void aFreshProviderWhoseTasksCompleteAtTheThirdRead() {
        stub.reset();
        stub.completeAfterPolls(3);
    }

    @Nested
    class AClientSendingItsKeyInTheMagnificHeaderAndABearerToken {

        @Test
        void completesAndDownloadsTheVideoOnTheFake() throws Exception {
            DropInClient client = DropInClient.of(fake, MAGNIFIC_KEY_HEADER, uniqueKey())
                    .alsoSending("Authorization", "Bearer some-oauth-token");

            String taskId = client.submit(V26_SUBMIT_PRO, BODY);
            JsonObject completed = client.pollUntilCompleted(V26_TASKS, taskId);

            assertIsAnMp4(client.download(firstGenerated(completed)));
        }

        @Test
        void ownsItsTaskByTheKeyNotByTheBearerToken() throws Exception {
            String key = uniqueKey();
            DropInClient withBearer = DropInClient.of(fake, MAGNIFIC_KEY_HEADER, key)
                    .alsoSending("Authorization", "Bearer some-oauth-token");
            String taskId = withBearer.submit(V26_SUBMIT_STD, BODY);

            HttpResponse<String> sameKeyWithoutBearer = DropInClient.of(fake, FREEPIK_KEY_HEADER, key)
                    .get(V26_TASKS + "/" + taskId);
            HttpResponse<String> bearerAsAKey = DropInClient.of(fake, FREEPIK_KEY_HEADER, "some-oauth-token")
                    .get(V26_TASKS + "/" + taskId);

            assertThat(sameKeyWithoutBearer.statusCode()).as(shown(sameKeyWithoutBearer)).isEqualTo(200);
            assertThat(bearerAsAKey.statusCode()).as(shown(bearerAsAKey)).isEqualTo(404);
        }

        @Test
        void completesInFreepikModeAndOnlyTheServicesKeyGoesUpstream() throws Exception {
            DropInClient client = DropInClient.of(freepik, MAGNIFIC_KEY_HEADER, FREEPIK_MODE_CLIENT_KEY)
                    .alsoSending("Authorization", "Bearer some-oauth-token");

            String taskId = client.submit(V26_SUBMIT_PRO, BODY);
            JsonObject completed = client.pollUntilCompleted(V26_TASKS, taskId);

            assertThat(firstGenerated(completed)).isEqualTo(FreepikStubServer.GENERATED_URL_PREFIX + taskId + ".mp4");
            RecordedRequest upstream = theOneUpstreamSubmit();
            assertThat(upstream.path()).isEqualTo(V26_SUBMIT_PRO);
            assertThat(upstream.header(FREEPIK_KEY_HEADER).map(UPSTREAM_KEY::equals))
                    .as("the provider gets the service's key").contains(true);
            assertThat(upstream.headers().keySet()).doesNotContain("authorization", MAGNIFIC_KEY_HEADER);
            assertThat(headerValuesOtherThanTheUpstreamKey(upstream))
                    .noneMatch(value -> value.contains(FREEPIK_MODE_CLIENT_KEY) || value.contains("some-oauth-token"));
        }
    }

    /**
     * A task as a model-scanning client meets it: where it is submitted, which status paths answer it (every
     * other one is a 404), where the scan stops, and where the service asks the provider about it.
     */
    record ScannedTask(String submitPath, Set<String> answeredAt, String foundByScanAt, String upstreamTasksPath) {

        Map<String, Integer> expectedStatusCodes() {
            Map<String, Integer> codes = new LinkedHashMap<>();
            STATUS_PATHS.forEach(path -> codes.put(path, answeredAt.contains(path) ? 200 : 404));
            return codes;
        }
    }

    static Stream<Arguments> scannedTasks() {
        return Stream.of(
                Arguments.of(Named.of("a Kling 2.6 task",
                        new ScannedTask(V26_SUBMIT_STD, Set.of(V26_TASKS, V26_SUBMIT_PRO, V26_SUBMIT_STD), V26_TASKS,
                                V26_TASKS))),
                Arguments.of(Named.of("a Kling 3 Standard task",
                        new ScannedTask(V3_STD, Set.of(V3_PRO, V3_STD), V3_PRO, V3_STD))),
                Arguments.of(Named.of("a Kling 3 Pro task",
                        new ScannedTask(V3_PRO, Set.of(V3_PRO, V3_STD), V3_PRO, V3_PRO))));
    }

    @Nested
    class AClientFindingATasksModelByScanningStatusPaths {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.motioncontrol.server.DropInClientsTest#scannedTasks")
        void findsTheTaskOnlyAtItsOwnModelsPathsAndCompletesOnTheFake(ScannedTask scanned) throws Exception {
            DropInClient client = DropInClient.of(fake, FREEPIK_KEY_HEADER, uniqueKey());
            String taskId = client.submit(scanned.submitPath(), BODY);

            Map<String, Integer> codes = client.statusCodesAt(STATUS_PATHS, taskId);
            String found = client.scanForModel(taskId);
            JsonObject completed = client.pollUntilCompleted(found, taskId);

            assertThat(codes).containsExactlyEntriesOf(scanned.expectedStatusCodes());
            assertThat(found).isEqualTo(scanned.foundByScanAt());
            assertIsAnMp4(client.download(firstGenerated(completed)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.motioncontrol.server.DropInClientsTest#scannedTasks")
        void findsTheTaskOnlyAtItsOwnModelsPathsInFreepikModeAndTheProviderIsAskedAtThatModelsPath(
                ScannedTask scanned) throws Exception {
            DropInClient client = DropInClient.of(freepik, FREEPIK_KEY_HEADER, FREEPIK_MODE_CLIENT_KEY);
            String taskId = client.submit(scanned.submitPath(), BODY);

            Map<String, Integer> codes = client.statusCodesAt(STATUS_PATHS, taskId);
            String found = client.scanForModel(taskId);
            JsonObject completed = client.pollUntilCompleted(found, taskId);

            assertThat(codes).containsExactlyEntriesOf(scanned.expectedStatusCodes());
            assertThat(found).isEqualTo(scanned.foundByScanAt());
            assertThat(firstGenerated(completed)).isEqualTo(FreepikStubServer.GENERATED_URL_PREFIX + taskId + ".mp4");
            assertThat(theOneUpstreamSubmit().path()).isEqualTo(scanned.submitPath());
            assertThat(upstreamReadsOf(taskId)).isNotEmpty()
                    .allMatch(path -> path.equals(scanned.upstreamTasksPath() + "/" + taskId));
        }
    }

    @Nested
    class AClientPollingAKling26TaskAtTheOtherTiersAlias {

        @ParameterizedTest(name = "submitted at {0}, polled at {1}")
        @CsvSource({
                V26_SUBMIT_PRO + "," + V26_SUBMIT_STD,
                V26_SUBMIT_STD + "," + V26_SUBMIT_PRO})
        void findsItCompletesAndDownloadsTheVideo(String submittedAt, String polledAt) throws Exception {
            DropInClient client = DropInClient.of(fake, FREEPIK_KEY_HEADER, uniqueKey());

            String taskId = client.submit(submittedAt, BODY);
            JsonObject completed = client.pollUntilCompleted(polledAt, taskId);

            assertIsAnMp4(client.download(firstGenerated(completed)));
        }
    }

    @Nested
    class AClientSendingFieldsTheMotionControlApiDoesNotDocument {

        private static final String WITH_UNDOCUMENTED_FIELDS = BODY.replace("\"prompt\"",
                "\"negative_prompt\":\"blurry, low quality\",\"guidance_prompt\":\"keep the face\",\"prompt\"");

        @Test
        void isAcceptedToldWhichFieldsWereIgnoredAndCompletesOnTheFake() throws Exception {
            DropInClient client = DropInClient.of(fake, FREEPIK_KEY_HEADER, uniqueKey());

            HttpResponse<String> submitted = client.post(V26_SUBMIT_PRO, WITH_UNDOCUMENTED_FIELDS);
            String taskId = taskIdOf(submitted);
            JsonObject completed = client.pollUntilCompleted(V26_TASKS, taskId);

            assertThat(ignoredFields(submitted)).containsExactlyInAnyOrder("negative_prompt", "guidance_prompt");
            assertIsAnMp4(client.download(firstGenerated(completed)));
        }

        @Test
        void isAcceptedInFreepikModeAndTheFieldsNeverReachTheProvider() throws Exception {
            DropInClient client = DropInClient.of(freepik, FREEPIK_KEY_HEADER, FREEPIK_MODE_CLIENT_KEY);

            HttpResponse<String> submitted = client.post(V26_SUBMIT_STD, WITH_UNDOCUMENTED_FIELDS);
            String taskId = taskIdOf(submitted);
            JsonObject completed = client.pollUntilCompleted(V26_TASKS, taskId);

            assertThat(ignoredFields(submitted)).containsExactlyInAnyOrder("negative_prompt", "guidance_prompt");
            assertThat(firstGenerated(completed)).isEqualTo(FreepikStubServer.GENERATED_URL_PREFIX + taskId + ".mp4");
            RecordedRequest upstream = theOneUpstreamSubmit();
            assertThat(upstream.path()).isEqualTo(V26_SUBMIT_STD);
            JsonObject forwarded = new JsonObject(upstream.body());
            assertThat(forwarded.fieldNames()).doesNotContain("negative_prompt", "guidance_prompt");
            assertThat(forwarded.getString("prompt")).isEqualTo("a dancer on a rooftop");
        }
    }

    @Nested
    class AClientReadingOnlyTheMessageOfAnError {

        @Test
        void getsANonBlankMessageForABadRequestAndCompletesOnceItFixesTheBody() throws Exception {
            DropInClient client = DropInClient.of(fake, FREEPIK_KEY_HEADER, uniqueKey());

            HttpResponse<String> rejected = client.post(V26_SUBMIT_PRO,
                    BODY.replace("https://example.com/dancer.png", "not a url"));
            String taskId = client.submit(V26_SUBMIT_PRO, BODY);
            JsonObject completed = client.pollUntilCompleted(V26_TASKS, taskId);

            assertThat(rejected.statusCode()).as(shown(rejected)).isEqualTo(400);
            assertThat(new JsonObject(rejected.body()).getValue("message")).isInstanceOf(String.class);
            assertThat(new JsonObject(rejected.body()).getString("message")).isNotBlank();
            assertIsAnMp4(client.download(firstGenerated(completed)));
        }
    }

    /** One task submitted at Kling 2.6 Pro, Kling 3 Pro and Kling 3 Std, and the three lists read after. */
    private record Listed(String v26, String pro, String std, List<String> v26List, List<String> proList,
            List<String> stdList) {

        static Listed bySubmittingOneOfEachAndListing(DropInClient client) throws Exception {
            String v26 = client.submit(V26_SUBMIT_PRO, BODY);
            String pro = client.submit(V3_PRO, BODY);
            String std = client.submit(V3_STD, BODY);
            List<String> proList = client.listedTaskIds(V3_PRO);
            List<String> stdList = client.listedTaskIds(V3_STD);
            return new Listed(v26, pro, std, client.listedTaskIds(V26_TASKS), proList, stdList);
        }

        void assertEachListHoldsItsOwnTaskOnly() {
            assertThat(proList).containsExactly(pro);
            assertThat(stdList).containsExactly(std);
            // The 2.6 task is there, so that the list is not simply empty.
            assertThat(v26List).containsExactly(v26);
        }
    }

    @Nested
    class AClientListingKling3TasksPerTier {

        @Test
        void seesEachTaskOnlyInItsOwnTiersListAndNeitherInTheKling26List() throws Exception {
            DropInClient client = DropInClient.of(fake, FREEPIK_KEY_HEADER, uniqueKey());

            Listed listed = Listed.bySubmittingOneOfEachAndListing(client);

            listed.assertEachListHoldsItsOwnTaskOnly();
            assertIsAnMp4(client.download(firstGenerated(client.pollUntilCompleted(V3_PRO, listed.pro()))));
            assertIsAnMp4(client.download(firstGenerated(client.pollUntilCompleted(V3_STD, listed.std()))));
        }

        @Test
        void seesEachTaskOnlyInItsOwnTiersListInFreepikModeAndTheProviderIsAskedForThatList() throws Exception {
            DropInClient client = DropInClient.of(freepik, FREEPIK_KEY_HEADER, FREEPIK_MODE_LISTING_KEY);

            Listed listed = Listed.bySubmittingOneOfEachAndListing(client);

            listed.assertEachListHoldsItsOwnTaskOnly();
            assertThat(stub.requests(Route.LIST)).extracting(RecordedRequest::path)
                    .containsExactly(V3_PRO, V3_STD, V26_TASKS);
        }
    }

    /**
     * A small Freepik client on the JDK's {@link HttpClient}, as integrators write them: a base URL, a key in
     * a header (and whatever else it habitually sends), submit, poll with a pause, download.
     */
    private static final class DropInClient {

        private final URI baseUrl;
        private final Map<String, String> headers;

        private DropInClient(URI baseUrl, Map<String, String> headers) {
            this.baseUrl = baseUrl;
            this.headers = Map.copyOf(headers);
        }

        /** A client of {@code service} sending {@code key} in {@code keyHeader}. */
        static DropInClient of(MotionControlServer service, String keyHeader, String key) {
            return new DropInClient(URI.create("http://127.0.0.1:" + service.port() + "/"), Map.of(keyHeader, key));
        }

        /** The same client, also sending {@code name: value} with every request. */
        DropInClient alsoSending(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new DropInClient(baseUrl, more);
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return send(request(path).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET().build());
        }

        /** Submits {@code body} at {@code path}; the new task's id. */
        String submit(String path, String body) throws Exception {
            return taskIdOf(post(path, body));
        }

        /** The status code of a look-up of {@code taskId} under each of {@code paths}, in order. */
        Map<String, Integer> statusCodesAt(List<String> paths, String taskId) throws Exception {
            Map<String, Integer> codes = new LinkedHashMap<>();
            for (String path : paths) {
                codes.put(path, get(path + "/" + taskId).statusCode());
            }
            return codes;
        }

        /**
         * Tries {@link DropInClientsTest#SCAN_ORDER} until a path answers 200: the status path of the task's
         * model.
         */
        String scanForModel(String taskId) throws Exception {
            for (String path : SCAN_ORDER) {
                HttpResponse<String> response = get(path + "/" + taskId);
                if (response.statusCode() == 200) {
                    return path;
                }
                assertThat(response.statusCode()).as("%s at %s: %s", taskId, path, shown(response)).isEqualTo(404);
            }
            return fail("no status path knows task %s", taskId);
        }

        /**
         * Polls {@code path/taskId} until the task is {@code COMPLETED}: at most
         * {@value DropInClientsTest#MAX_POLLS} reads, a short pause between two, as a client's poll loop does
         * (only shorter than a real client's 5–10 s).
         */
        JsonObject pollUntilCompleted(String path, String taskId) throws Exception {
            HttpRequest poll = request(path + "/" + taskId).GET().build();
            List<String> seen = new ArrayList<>();
            for (int read = 1; read <= MAX_POLLS; read++) {
                HttpResponse<String> response = read == 1 ? send(poll) : sendAfterPause(poll);
                assertThat(response.statusCode()).as("poll %d of %s at %s: %s", read, taskId, path, shown(response))
                        .isEqualTo(200);
                JsonObject task = new JsonObject(response.body()).getJsonObject("data");
                assertThat(task.getString("task_id")).isEqualTo(taskId);
                String status = task.getString("status");
                seen.add(status);
                if (status.equals("COMPLETED")) {
                    return task;
                }
                assertThat(status).as("task %s on its way", taskId).isIn("CREATED", "IN_PROGRESS");
            }
            return fail("task %s not COMPLETED after %d polls at %s; statuses seen: %s", taskId, MAX_POLLS, path, seen);
        }

        /** The ids listed at {@code path}, in the order listed. */
        List<String> listedTaskIds(String path) throws Exception {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as("list at %s: %s", path, shown(response)).isEqualTo(200);
            JsonArray data = new JsonObject(response.body()).getJsonArray("data");
            return data.stream().map(task -> ((JsonObject) task).getString("task_id")).toList();
        }

        /** The generated video, fetched as a client fetches it: a plain GET of the URL, without the key. */
        HttpResponse<byte[]> download(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path.substring(1)))
                    .timeout(REQUEST_TIMEOUT);
            headers.forEach(builder::header);
            return builder;
        }

        private static HttpResponse<String> send(HttpRequest request) throws Exception {
            return remembered(http.send(request, HttpResponse.BodyHandlers.ofString()));
        }

        /** Sends {@code request} after {@link DropInClientsTest#POLL_PAUSE}, on a delayed executor, not a sleep. */
        private static HttpResponse<String> sendAfterPause(HttpRequest request) throws Exception {
            Executor afterPause = CompletableFuture.delayedExecutor(POLL_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            return remembered(CompletableFuture.supplyAsync(() -> request, afterPause)
                    .thenCompose(poll -> http.sendAsync(poll, HttpResponse.BodyHandlers.ofString()))
                    .get(REQUEST_TIMEOUT.plus(POLL_PAUSE).toMillis(), TimeUnit.MILLISECONDS));
        }

        private static HttpResponse<String> remembered(HttpResponse<String> response) {
            synchronized (answers) {
                answers.add(response.headers().map() + " " + response.body());
            }
            return response;
        }
    }

    // ---- what the tests read ----

    private static String uniqueKey() {
        return "drop-in-" + UUID.randomUUID();
    }

    private static String taskIdOf(HttpResponse<String> submitted) {
        assertThat(submitted.statusCode()).as("submit: %s", shown(submitted)).isEqualTo(200);
        return new JsonObject(submitted.body()).getJsonObject("data").getString("task_id");
    }

    private static String firstGenerated(JsonObject completedTask) {
        JsonArray generated = completedTask.getJsonArray("generated");
        assertThat(generated).as("generated of %s", completedTask.getString("task_id")).isNotEmpty();
        return generated.getString(0);
    }

    private static void assertIsAnMp4(HttpResponse<byte[]> video) {
        assertThat(video.statusCode()).as("download of %s", video.uri()).isEqualTo(200);
        assertThat(video.body()).hasSizeGreaterThan(8);
        assertThat(new String(Arrays.copyOfRange(video.body(), 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    }

    private static Set<String> ignoredFields(HttpResponse<String> submitted) {
        String header = submitted.headers().firstValue(IGNORED_FIELDS_HEADER).orElse("");
        Set<String> names = new LinkedHashSet<>();
        for (String name : header.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    /** The one submit the provider received (there must be exactly one). */
    private static RecordedRequest theOneUpstreamSubmit() {
        List<RecordedRequest> submits = stub.requests().stream()
                .filter(request -> request.method().equals("POST")).toList();
        assertThat(submits).as("submits that reached the provider").hasSize(1);
        return submits.get(0);
    }

    /** The paths at which the service asked the provider about {@code taskId}, in order. */
    private static List<String> upstreamReadsOf(String taskId) {
        return stub.requests().stream()
                .filter(request -> request.method().equals("GET") && request.path().endsWith("/" + taskId))
                .map(RecordedRequest::path)
                .toList();
    }

    private static List<String> headerValuesOtherThanTheUpstreamKey(RecordedRequest upstream) {
        return upstream.headers().entrySet().stream()
                .filter(header -> !header.getKey().equals(FREEPIK_KEY_HEADER))
                .flatMap(header -> header.getValue().stream())
                .toList();
    }

    /** An answer for a failure message, with the upstream key (should a bug ever echo it) blacked out. */
    private static String shown(HttpResponse<String> response) {
        return (response.statusCode() + " " + response.body()).replace(UPSTREAM_KEY, "(upstream key)");
    }
}
