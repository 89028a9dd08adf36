package dev.motioncontrol.cli;

import static dev.motioncontrol.cli.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command against the real service on the fake provider, as a user runs it, its output and exit code checked. */
class CommandsAgainstTheFakeServiceTest {

    private static final String IMAGE = "https://example.com/dancer.png";
    private static final String VIDEO = "https://example.com/moves.mp4";
    private static final Pattern SUBMITTED = Pattern.compile("^([A-Za-z0-9_-]+) [A-Z_]+$", Pattern.MULTILINE);

    private static FakeService service;

    @TempDir
    Path directory;

    @BeforeAll
    static void startService() throws Exception {
        service = FakeService.start(Map.of());
    }

    @AfterAll
    static void stopService() throws Exception {
        service.close();
    }

    @Test
    void submitWaitDownloadWritesAValidMp4AndExitsZero() throws Exception {
        Path video = directory.resolve("out.mp4");

        CommandLineRun run = run(service.environment(), "submit", "--image", IMAGE, "--video", VIDEO,
                "--prompt", "a dancer on a rooftop", "--wait", "--download", video.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        byte[] bytes = Files.readAllBytes(video);
        assertThat(new String(Arrays.copyOfRange(bytes, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(run.out()).containsPattern("(?m)^[A-Za-z0-9_-]+ COMPLETED after \\d+:\\d\\d http://\\S+\\.mp4$")
                .contains("saved " + video + " (" + bytes.length + " bytes)");
        // Off a terminal, the progress is a plain line per status, on stderr.
        assertThat(run.err()).containsPattern("(?m)^Submitted [A-Za-z0-9_-]+ to Kling 2\\.6 std$")
                .containsPattern("(?m)^\\d+:\\d\\d COMPLETED$").doesNotContain("\r");
    }

    @Test
    void aBadRequestExitsTwoAndPrintsEveryViolationOnALineOfItsOwn() {
        CommandLineRun run = run(service.environment(), "submit", "--image", "https://example.com/dancer.gif",
                "--video", "https://example.com/moves.gif", "--cfg-scale", "1.5", "--orientation", "sideways",
                "--wait");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("400 Your request parameters didn't validate.")
                .containsPattern("(?m)^image_url: .+$")
                .containsPattern("(?m)^video_url: .+$")
                .containsPattern("(?m)^cfg_scale: .+$")
                .containsPattern("(?m)^character_orientation: .+$");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void submitWithoutWaitPrintsTheTaskIdAndItsStatusAndExitsAtOnce() {
        CommandLineRun run = run(service.environment(), "submit", "--image", IMAGE, "--video", VIDEO,
                "--model", "3", "--tier", "pro");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).matches("[A-Za-z0-9_-]+ CREATED\\R");
    }

    @Test
    void aFailedTaskExitsOne() {
        CommandLineRun run = run(service.environment(), "submit", "--image", IMAGE, "--video", VIDEO,
                "--prompt", "[fake:fail]", "--wait");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^[A-Za-z0-9_-]+ FAILED after \\d+:\\d\\d$");
    }

    @Test
    void aTaskStillRunningAtTheTimeoutExitsSixAndSaysHowToFollowIt() {
        CommandLineRun run = run(service.environment(), "submit", "--image", IMAGE, "--video", VIDEO,
                "--prompt", "[fake:slow]", "--wait", "--timeout", "300ms");

        assertThat(run.exit()).as(run.toString()).isEqualTo(6);
        assertThat(run.err()).containsPattern("task ([A-Za-z0-9_-]+) was still (?:CREATED|IN_PROGRESS) after 0:00; it goes on: "
                + "follow it with 'motion-control watch \\1'");
    }

    @Test
    void statusPrintsTheTaskAndFindsItWhateverItsModel() {
        String taskId = submitted("--model", "3", "--tier", "std");

        CommandLineRun any = run(service.environment(), "status", taskId);
        CommandLineRun asKling3 = run(service.environment(), "status", taskId, "--model", "3", "--json");

        assertThat(any.exit()).as(any.toString()).isZero();
        assertThat(any.out()).startsWith(taskId + " ");
        assertThat(asKling3.exit()).as(asKling3.toString()).isZero();
        assertThat(asKling3.out()).startsWith("{\"data\":{\"task_id\":\"" + taskId + "\",\"status\":");
    }

    @Test
    void statusOfAnotherKeysTaskIsNotFoundAndExitsFour() {
        String taskId = submitted();

        CommandLineRun run = run(service.environment(FakeService.OTHER_KEY), "status", taskId);

        assertThat(run.exit()).as(run.toString()).isEqualTo(4);
        assertThat(run.err()).contains("no task " + taskId + " for this API key under any model");
    }

    @Test
    void listShowsTheCallersTasksInATable() {
        String taskId = submitted();

        CommandLineRun run = run(service.environment(), "list", "--model", "2.6");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().lines().findFirst()).hasValueSatisfying(header ->
                assertThat(header.split("\\s+")).containsExactly("TASK", "ID", "STATUS", "MODEL", "VIDEOS"));
        assertThat(run.out()).containsPattern("(?m)^" + taskId + " +(CREATED|IN_PROGRESS|COMPLETED) +2\\.6 +[01]$");
        assertThat(run(service.environment(FakeService.OTHER_KEY), "list").out()).doesNotContain(taskId);
    }

    @Test
    void watchFollowsTheLiveStatusToTheEnd() {
        String taskId = submitted();

        CommandLineRun run = run(service.environment(), "watch", taskId, "--progress", "plain");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("(?m)^" + taskId + " COMPLETED after \\d+:\\d\\d http://\\S+\\.mp4$");
        assertThat(run.err()).containsPattern("(?m)^\\d+:\\d\\d COMPLETED$");
    }

    @Test
    void fancyProgressRedrawsOneLineAndClearsItAtTheEnd() {
        String taskId = submitted();

        CommandLineRun run = run(service.environment(), "watch", taskId, "--progress", "fancy");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).containsPattern("\r[|/\\-\\\\] (CREATED|IN_PROGRESS|COMPLETED)  \\d+:\\d\\d")
                .doesNotContain("\n").doesNotContain("\u001b").endsWith("\r");
    }

    @Test
    void downloadWaitsForTheTaskThenSavesItsVideo() throws Exception {
        String taskId = submitted();
        Path video = directory.resolve("nested/video.mp4");

        CommandLineRun run = run(service.environment(), "download", taskId, "-o", video.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        byte[] bytes = Files.readAllBytes(video);
        assertThat(new String(Arrays.copyOfRange(bytes, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        try (var left = Files.list(video.getParent())) {
            assertThat(left).containsExactly(video);
        }
    }

    @Test
    void downloadingAFailedTaskExitsOneAndWritesNothing() throws Exception {
        String taskId = submitted("--prompt", "[fake:fail]");
        Path video = directory.resolve("never.mp4");

        CommandLineRun run = run(service.environment(), "download", taskId, "-o", video.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains(taskId + " FAILED");
        try (var left = Files.list(directory)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theSameIdempotencyKeyAndRequestAnswerTheFirstTask() {
        String key = "order-" + System.nanoTime();

        String first = submitted("--idempotency-key", key);
        String again = submitted("--idempotency-key", key);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void withoutAKeyItExitsThreeBeforeAskingAnything() {
        CommandLineRun run = run(Map.of(ServiceConnection.URL_VARIABLE, service.baseUrl()), "list");

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("no API key: set MOTION_CONTROL_API_KEY or give --api-key");
    }

    @Test
    void aKeyTheServiceDoesNotAcceptExitsThreeAndIsNeverPrinted() {
        String wrongKey = "not-a-key-of-this-service-5e1b";

        CommandLineRun run = run(Map.of(), "list", "--base-url", service.baseUrl(), "--api-key", wrongKey);

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("401 Invalid API key");
        assertThat(run.printed()).doesNotContain(wrongKey);
    }

    @Test
    void aServiceThatCannotBeReachedExitsFive() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(service.environment());
        env.put(ServiceConnection.URL_VARIABLE, "http://127.0.0.1:" + closedPort);

        CommandLineRun run = run(env, "status", "task-1");

        assertThat(run.exit()).as(run.toString()).isEqualTo(5);
        assertThat(run.err()).startsWith("cannot reach the service at http://127.0.0.1:" + closedPort);
        assertThat(run.printed()).doesNotContain(FakeService.KEY);
    }

    @Test
    void aBaseUrlThatRedirectsIsNotFollowedWithTheKeyButNamed() throws Exception {
        HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirecting.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", "https://elsewhere.example/v1/ai/image-to-video/kling-v2-6");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        redirecting.start();
        try {
            CommandLineRun run = run(Map.of(ServiceConnection.KEY_VARIABLE, FakeService.KEY), "list", "--model", "2.6",
                    "--base-url", "http://127.0.0.1:" + redirecting.getAddress().getPort());

            assertThat(run.exit()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("301 redirected to https://elsewhere.example/v1/ai/image-to-video/kling-v2-6;"
                    + " point --base-url where it leads");
        } finally {
            redirecting.stop(0);
        }
    }

    @Test
    void aTaskIdThatCannotBeOneIsAUsageErrorAndNoRequest() {
        CommandLineRun run = run(service.environment(), "status", "../../etc");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("'../../etc' is not a task id");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestion() {
        CommandLineRun run = run(service.environment(), "submit", "--image", IMAGE, "--video", VIDEO, "--promt", "x");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown options: '--promt', 'x'").contains("--prompt")
                .contains("Try 'motion-control submit --help'.");
    }

    private static String submitted(String... options) {
        String[] args = Arrays.copyOf(new String[] {"submit", "--image", IMAGE, "--video", VIDEO}, 5 + options.length);
        System.arraycopy(options, 0, args, 5, options.length);
        CommandLineRun run = run(service.environment(), args);
        assertThat(run.exit()).as(run.toString()).isZero();
        Matcher matcher = SUBMITTED.matcher(run.out());
        assertThat(matcher.find()).as(run.toString()).isTrue();
        return matcher.group(1);
    }
}
