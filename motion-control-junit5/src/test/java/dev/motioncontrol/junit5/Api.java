package dev.motioncontrol.junit5;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fake service's HTTP API as a client calls it, with the JDK's HTTP client. */
final class Api {

    static final String SUBMIT = "v1/ai/video/kling-v2-6-motion-control-pro";
    static final String TASKS = "v1/ai/image-to-video/kling-v2-6";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern TASK_ID = Pattern.compile("\"task_id\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI baseUrl;
    private final String apiKey;

    Api(FakeMotionControl fake) {
        this(fake.baseUrl(), fake.apiKey());
    }

    Api(URI baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** Submits a valid request, with {@code webhookUrl} when it is not null. */
    HttpResponse<String> submit(String webhookUrl) throws IOException, InterruptedException {
        String body = "{\"image_url\":\"https://example.com/dancer.png\",\"video_url\":\"https://example.com/moves.mp4\""
                + (webhookUrl == null ? "" : ",\"webhook_url\":\"" + webhookUrl + "\"") + "}";
        return http.send(HttpRequest.newBuilder(baseUrl.resolve(SUBMIT)).timeout(TIMEOUT)
                .header("x-freepik-api-key", apiKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Submits a valid request and gives the new task's id. */
    String submitted(String webhookUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = submit(webhookUrl);
        if (response.statusCode() != 200) {
            throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
        }
        return taskIdIn(response.body());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(TIMEOUT)
                .header("x-freepik-api-key", apiKey).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> status(String taskId) throws IOException, InterruptedException {
        return get(TASKS + "/" + taskId);
    }

    HttpResponse<byte[]> download(URI video) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(video).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The task's live status stream, its lines as they come. */
    HttpResponse<java.util.stream.Stream<String>> liveStatus(String taskId) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(baseUrl.resolve(TASKS + "/" + taskId)).timeout(TIMEOUT)
                        .header("x-freepik-api-key", apiKey).header("accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    static String taskIdIn(String body) {
        Matcher matcher = TASK_ID.matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no task_id in " + body);
        }
        return matcher.group(1);
    }

    static String statusIn(String body) {
        Matcher matcher = Pattern.compile("\"status\":\"([^\"]+)\"").matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no status in " + body);
        }
        return matcher.group(1);
    }
}
