package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real headless browser (Debian's chromium, installed when missing), on the real server with
 * the fake provider: a person's submit, the state followed live to {@code COMPLETED} and the video playing; a refused
 * submit marked field by field; the list of one's tasks. Each test leaves a screenshot in
 * {@code target/playground-screenshots/}.
 */
class PlaygroundBrowserTest {

    private static final Path TARGET = Path.of("target");
    private static final Path SCREENSHOTS = TARGET.resolve("playground-screenshots");
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String IS_PLAYING =
            "const v = document.getElementById('result-video'); return !v.paused && v.readyState >= 2 && v.currentTime > 0;";

    private static MotionControlServer server;
    private static ChromeDriverService driverService;
    private static ChromeDriver browser;
    private static Path profile;
    private static HttpClient http;

    private WebDriverWait waiting;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        DebianChromium.ensureInstalled(TARGET.resolve("chromium-install.log"));
        server = MotionControlServer.start(ServerConfig.from(Map.of(
                        "PORT", "0", "HOST", "127.0.0.1",
                        "CLIENT_API_KEYS", "browser-submitter,browser-mistakes,browser-lister,browser-someone-else",
                        "FAKE_QUEUE_DELAY", "200ms", "FAKE_GENERATION_DELAY", "400ms")))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        profile = Files.createTempDirectory("playground-chromium-");
        // The driver named outright: Selenium Manager, which would try to download one, never runs.
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(DebianChromium.DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(TARGET.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(DebianChromium.BROWSER.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-quic",
                        "--no-first-run", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000");
        browser = new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stopBrowserAndServer() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // A file the browser's last process still held: a temporary directory the system clears anyway.
            }
        }
    }

    @BeforeEach
    void openThePage() {
        waiting = new WebDriverWait(browser, DEADLINE, Duration.ofMillis(50));
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.baseUrl().toString());
        waiting.until(driver -> "true".equals(script("return document.documentElement.dataset.ready;")));
    }

    @AfterEach
    void keepAScreenshot(TestInfo test) throws IOException {
        // The whole page from its top: the window made as tall as the document (plus what the window's frame takes),
        // so that the task list is in the picture too.
        Number height = (Number) script("window.scrollTo(0, 0); return document.documentElement.scrollHeight"
                + " + window.outerHeight - window.innerHeight;");
        browser.manage().window().setSize(new Dimension(1280, Math.max(1000, height.intValue())));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aTaskSubmittedFromThePageIsFollowedLiveToCompletedAndItsVideoPlays() {
        assertThat(browser.getCurrentUrl()).as("/ leads to the playground").endsWith("/playground");
        enterKey("browser-submitter");
        new Select(field("model")).selectByVisibleText("Kling 2.6");
        new Select(field("tier")).selectByVisibleText("Pro");
        field("image_url").sendKeys("https://example.com/dancer.png");
        field("video_url").sendKeys("https://example.com/moves.mp4");
        field("orientation-image").click();
        field("prompt").sendKeys("a dancer on a rooftop");
        field("cfg_scale").sendKeys("0.7");

        field("submit-button").click();

        waiting.until(ExpectedConditions.textToBe(By.id("task-state"), "COMPLETED"));
        waiting.until(driver -> Boolean.TRUE.equals(script(IS_PLAYING)));
        String taskId = field("watch-id").getText();
        assertThat(taskId).isNotBlank();
        assertThat(field("result-video").getAttribute("src")).endsWith("/fake-media/" + taskId + ".mp4");
        assertThat(field("state-history").getText()).contains("COMPLETED");
        assertThat(field("watch-via").getText()).isEqualTo("finished; followed by the live stream");
        assertThat(field("watch-error").isDisplayed()).isFalse();
    }

    @Test
    void withoutItsLiveStreamThePageFollowsTheTaskByPollingToTheVideo() {
        // The network refuses the stream (a proxy that buffers or drops Server-Sent Events, say); the rest goes through.
        script("const fetchAnything = window.fetch;"
                + "window.fetch = (url, init) => String(url).endsWith('/events')"
                + " ? Promise.reject(new TypeError('no stream here')) : fetchAnything(url, init);");
        enterKey("browser-submitter");
        new Select(field("model")).selectByVisibleText("Kling 3");
        new Select(field("tier")).selectByVisibleText("Standard");
        field("image_url").sendKeys("https://example.com/dancer.png");
        field("video_url").sendKeys("https://example.com/moves.mp4");

        field("submit-button").click();

        waiting.until(ExpectedConditions.textToBe(By.id("task-state"), "COMPLETED"));
        waiting.until(driver -> Boolean.TRUE.equals(script(IS_PLAYING)));
        assertThat(field("watch-via").getText()).isEqualTo("finished; followed by polling");
        assertThat(field("watch-model").getText()).isEqualTo("Kling 3 Standard");
    }

    @Test
    void aRefusedSubmissionMarksEachFieldTheServiceNamedWithItsReason() {
        enterKey("browser-mistakes");
        field("image_url").sendKeys("not a url");
        field("video_url").sendKeys("https://example.com/moves.gif");
        field("cfg_scale").sendKeys("1.5");

        field("submit-button").click();

        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-summary")));
        for (String name : List.of("image_url", "video_url", "cfg_scale")) {
            WebElement marked = browser.findElement(By.cssSelector(".field[data-field='" + name + "']"));
            assertThat(marked.getAttribute("class")).as(name).contains("invalid");
            assertThat(field(name).getAttribute("aria-invalid")).as(name).isEqualTo("true");
            assertThat(field(name + "-error").isDisplayed()).as(name).isTrue();
            assertThat(field(name + "-error").getText()).as(name).isNotBlank();
        }
        assertThat(field("cfg_scale-error").getText()).contains("between 0 and 1");
        assertThat(field("video_url-error").getText()).contains(".gif");
        for (String name : List.of("prompt", "character_orientation")) {
            WebElement unmarked = browser.findElement(By.cssSelector(".field[data-field='" + name + "']"));
            assertThat(unmarked.getAttribute("class")).as(name).doesNotContain("invalid");
        }
        assertThat(browser.findElements(By.cssSelector("#form-summary li"))).hasSize(3);
        assertThat(field("watch-body").isDisplayed()).as("nothing was submitted").isFalse();
    }

    @Test
    void aKeyTheServiceRefusesIsSaidSoAtTheKeyAndAboveTheForm() {
        enterKey("a-key-nobody-gave");
        field("image_url").sendKeys("https://example.com/dancer.png");
        field("video_url").sendKeys("https://example.com/moves.mp4");

        field("submit-button").click();

        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("submit-error")));
        assertThat(field("submit-error").getText()).isEqualTo("The service refused the API key (401): Invalid API key");
        assertThat(field("api-key-error").getText()).isEqualTo("Invalid API key");
        assertThat(field("api-key").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(field("watch-body").isDisplayed()).as("nothing was submitted").isFalse();
    }

    @Test
    void theListShowsOnlyTheCallersTasksWithTheirStatesAndWatchesTheOneClicked() throws Exception {
        String completed = submitThroughTheApi("browser-lister", "kling-v3-motion-control-std", "a dancer");
        String failed = submitThroughTheApi("browser-lister", "kling-v2-6-motion-control-pro", "[fake:fail]");
        String someoneElses = submitThroughTheApi("browser-someone-else", "kling-v2-6-motion-control-pro", "a dancer");
        awaitTheEnd("browser-lister", "kling-v3-motion-control-std", completed);
        awaitTheEnd("browser-lister", "kling-v2-6-motion-control-pro", failed);
        enterKey("browser-lister");

        field("refresh-tasks").click();

        waiting.until(driver -> stateInList(completed).equals("COMPLETED") && stateInList(failed).equals("FAILED"));

        assertThat(browser.findElements(By.cssSelector("#tasks-body tr")).stream()
                .map(row -> row.getAttribute("data-task-id"))).containsExactlyInAnyOrder(completed, failed)
                .doesNotContain(someoneElses);
        assertThat(row(completed).getText()).contains("Kling 3 Standard");
        row(completed).findElement(By.tagName("button")).click();
        waiting.until(ExpectedConditions.textToBe(By.id("task-state"), "COMPLETED"));
        waiting.until(driver -> Boolean.TRUE.equals(script(IS_PLAYING)));
        assertThat(field("watch-id").getText()).isEqualTo(completed);
        assertThat(row(completed).getAttribute("aria-current")).isEqualTo("true");
    }

    private void enterKey(String key) {
        WebElement field = field("api-key");
        field.clear();
        field.sendKeys(key);
    }

    private WebElement field(String id) {
        return browser.findElement(By.id(id));
    }

    private WebElement row(String taskId) {
        return browser.findElement(By.cssSelector("#tasks-body tr[data-task-id='" + taskId + "']"));
    }

    private String stateInList(String taskId) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#tasks-body tr[data-task-id='" + taskId + "'] .state"));
        return rows.isEmpty() ? "" : rows.get(0).getText();
    }

    private Object script(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** Waits for the task's end on its live status stream, which the service closes after the terminal state. */
    private static void awaitTheEnd(String key, String endpoint, String taskId) throws Exception {
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("v1/ai/video/" + endpoint + "/" + taskId + "/events"))
                .header("x-freepik-api-key", key).timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        assertThat(events.body()).containsAnyOf("\"status\":\"COMPLETED\"", "\"status\":\"FAILED\"");
    }

    private static String submitThroughTheApi(String key, String endpoint, String prompt) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("v1/ai/video/" + endpoint))
                        .header("x-freepik-api-key", key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                .put("image_url", "https://example.com/dancer.png")
                                .put("video_url", "https://example.com/moves.mp4")
                                .put("prompt", prompt).encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("data").getString("task_id");
    }
}
