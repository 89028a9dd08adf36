package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The download path of the service's copies, over real HTTP: what a video player and a careful client expect of a
 * file server (length, type, ETag, one range, 304, 416), a redirect to a store's own signed link, and a clear 4xx
 * for every request that cannot be served, never a 500.
 */
class ResultDownloadsTest {

    private static final String OWNER = "owner-key";
    private static final TaskId TASK = new TaskId("task-1");
    private static final TaskId IN_S3 = new TaskId("task-in-s3");
    private static final TaskId GONE = new TaskId("task-gone");
    private static final TaskId MISSING_FILE = new TaskId("task-missing-file");
    private static final URI PRESIGNED = URI.create("https://s3.example.com/bucket/task-in-s3/0.mp4?X-Amz-Signature=x");

    @TempDir
    static Path dir;

    private static byte[] video;
    private static String sha256;
    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        video = new byte[10_000];
        for (int i = 0; i < video.length; i++) {
            video[i] = (byte) (i * 31);
        }
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video));
        Path file = Files.write(dir.resolve("0.mp4"), video);
        DownloadResultUseCase downloads = query -> {
            if (query.access() instanceof DownloadResultUseCase.BySignature signed
                    && !signed.signature().equals("good")) {
                return CompletableFuture.failedFuture(new MotionTransferFailure.LinkRefused("This link expired"));
            }
            if (query.access() instanceof DownloadResultUseCase.ByKey byKey && !byKey.caller().value().equals(OWNER)) {
                return CompletableFuture.failedFuture(new MotionTransferFailure.UnknownTask(query.taskId()));
            }
            if (query.taskId().equals(GONE)) {
                return CompletableFuture.failedFuture(new MotionTransferFailure.ResultUnavailable(
                        "Video 0 of task task-gone was deleted on 2026-12-01T00:00:00Z", true));
            }
            if (query.index() != 0) {
                return CompletableFuture.failedFuture(new MotionTransferFailure.ResultUnavailable(
                        "Video " + query.index() + " does not exist", false));
            }
            ResultStore.Location location = query.taskId().equals(IN_S3)
                    ? new ResultStore.SignedLink(PRESIGNED, Instant.now().plusSeconds(300))
                    : new ResultStore.LocalFile(query.taskId().equals(MISSING_FILE) ? dir.resolve("nothing.mp4")
                            : file);
            return CompletableFuture.completedFuture(new DownloadResultUseCase.Download(
                    new ResultCopies.StoredVideo(query.taskId().value() + "/0.mp4", video.length, sha256,
                            "video/mp4"), location, Instant.parse("2026-12-03T10:00:00Z")));
        };
        SubmitMotionTransferUseCase submit = command -> CompletableFuture.failedFuture(
                new MotionTransferFailure.ProviderUnavailable("not used here"));
        ListTasksUseCase list = query -> CompletableFuture.completedFuture(List.of());
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(MotionControlHttpApi.builder(submit,
                                query -> CompletableFuture.failedFuture(new MotionTransferFailure.UnknownTask(
                                        query.taskId())), list)
                        .resultDownloads(downloads)
                        .build(vertx))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theWholeVideoComesWithItsLengthTypeAndETag() throws Exception {
        HttpResponse<byte[]> response = get(TASK, "0?expires=1&signature=good", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(video);
        assertThat(response.headers().firstValue("content-type")).hasValue("video/mp4");
        assertThat(response.headers().firstValue("content-length")).hasValue("10000");
        assertThat(response.headers().firstValue("etag")).hasValue("\"" + sha256 + "\"");
        assertThat(response.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void theOwnersKeyServesWithoutASignature() throws Exception {
        assertThat(get(TASK, "0", Map.of("x-freepik-api-key", OWNER)).body()).isEqualTo(video);
    }

    @Test
    void aHeadRequestHasTheHeadersAndNoBody() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url(TASK, "0?expires=1&signature=good"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue("10000");
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest(name = "Range: {0}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99       | 0    | 99",
        "bytes=9990-      | 9990 | 9999",
        "bytes=-10        | 9990 | 9999",
        "bytes=9000-20000 | 9000 | 9999",
        "bytes=-20000     | 0    | 9999",
        "bytes=5-5        | 5    | 5",
        "bytes=0-999999999999999999 | 0 | 9999",
    })
    void oneRangeIsAnsweredWithPartialContent(String range, int first, int last) throws Exception {
        HttpResponse<byte[]> response = get(TASK, "0?expires=1&signature=good", Map.of("Range", range));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(video, first, last + 1));
        assertThat(response.headers().firstValue("content-range")).hasValue("bytes " + first + "-" + last + "/10000");
        assertThat(response.headers().firstValue("content-length")).hasValue(Integer.toString(last - first + 1));
    }

    @ParameterizedTest(name = "Range: {0}")
    @CsvSource({"bytes=0-1\\,5-6", "items=0-5", "bytes=9-5", "bytes=99999999999999999999-", "bytes=9999999999999999999-",
        "bytes=0-9999999999999999999", "bytes=-9999999999999999999", "bytes=-", "bytes=x-y"})
    void aRangeThatIsNoSingleRangeGetsTheWholeVideo(String range) throws Exception {
        HttpResponse<byte[]> response = get(TASK, "0?expires=1&signature=good", Map.of("Range", range));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(video);
    }

    @ParameterizedTest(name = "Range: {0}")
    @CsvSource({"bytes=10000-", "bytes=20000-30000", "bytes=-0"})
    void aRangePastTheEndIsUnsatisfiable(String range) throws Exception {
        HttpResponse<byte[]> response = get(TASK, "0?expires=1&signature=good", Map.of("Range", range));

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("content-range")).hasValue("bytes */10000");
    }

    @Test
    void aRangeUnderAnotherVersionsETagGetsTheWholeVideo() throws Exception {
        HttpResponse<byte[]> response = get(TASK, "0?expires=1&signature=good",
                Map.of("Range", "bytes=0-9", "If-Range", "\"another\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(video);
    }

    @Test
    void aClientThatHasTheVideoGetsNotModified() throws Exception {
        HttpResponse<byte[]> response = get(TASK, "0?expires=1&signature=good",
                Map.of("If-None-Match", "\"" + sha256 + "\""));

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aVideoInObjectStorageIsARedirectToItsSignedLink() throws Exception {
        HttpResponse<byte[]> response = get(IN_S3, "0", Map.of("x-freepik-api-key", OWNER));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("location")).hasValue(PRESIGNED.toString());
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "task-1            | 0                               |          | 401",
        "task-1            | 0?signature=good                |          | 403",
        "task-1            | 0?expires=soon&signature=good   |          | 403",
        "task-1            | 0?expires=1&signature=forged    |          | 403",
        "task-1            | 0                               | intruder | 404",
        "task-1            | 1?expires=1&signature=good      |          | 404",
        "task-1            | x?expires=1&signature=good      |          | 404",
        "task-1            | 99999?expires=1&signature=good  |          | 404",
        "task.1            | 0?expires=1&signature=good      |          | 404",
        "task-gone         | 0?expires=1&signature=good      |          | 410",
        "task-missing-file | 0?expires=1&signature=good      |          | 404",
    })
    void whatCannotBeServedIsAClear4xx(String task, String rest, String key, int status) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.actualPort() + MotionControlHttpApi.RESULTS_PATH + task
                                + "/" + rest))
                        .headers(key == null ? new String[] {"accept", "*/*"} : new String[] {"x-freepik-api-key", key})
                        .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("etag")).isEmpty();
        assertThat(response.headers().firstValue("cache-control")).isEmpty();
        assertThat(new String(response.body())).startsWith("{\"message\":");
    }

    private static HttpResponse<byte[]> get(TaskId task, String rest, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(task, rest));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI url(TaskId task, String rest) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + MotionControlHttpApi.RESULTS_PATH + task.value()
                + "/" + rest);
    }
}
