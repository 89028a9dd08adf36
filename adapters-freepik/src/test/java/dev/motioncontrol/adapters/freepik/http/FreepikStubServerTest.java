package dev.motioncontrol.adapters.freepik.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stub answers as the provider documents, for what the client cannot show on its own. */
class FreepikStubServerTest extends StubbedProviderTest {

    private static final String PRO = "/v1/ai/video/kling-v2-6-motion-control-pro";
    private static final String TASKS = "/v1/ai/image-to-video/kling-v2-6";

    private WebClient http;

    @BeforeEach
    void createClient() {
        http = WebClient.create(vertx);
    }

    @AfterEach
    void closeClient() {
        http.close();
    }

    private HttpResponse<Buffer> post(String key, String body) {
        var request = http.postAbs(stub.baseUrl() + PRO);
        if (key != null) {
            request.putHeader("x-freepik-api-key", key);
        }
        return Await.value(request.sendBuffer(Buffer.buffer(body)));
    }

    private HttpResponse<Buffer> get(String path) {
        return Await.value(http.getAbs(stub.baseUrl() + path).putHeader("x-freepik-api-key", stub.apiKey()).send());
    }

    @Test
    void withoutAKeyItAnswers401MissingApiKey() {
        HttpResponse<Buffer> response = post(null, "{}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Missing API key");
    }

    @Test
    void withAnotherKeyItAnswers401InvalidApiKey() {
        HttpResponse<Buffer> response = post("wrong", "{}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Invalid API key");
    }

    @Test
    void aSubmitWithoutImageUrlIs400WithInvalidParams() {
        HttpResponse<Buffer> response = post(stub.apiKey(), "{\"video_url\":\"https://x.example/v.mp4\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonArray("invalid_params").getJsonObject(0).getString("name"))
                .isEqualTo("image_url");
        assertThat(stub.taskIds()).isEmpty();
    }

    @Test
    void aTaskGoesFromCreatedToInProgressToCompletedAfterTheConfiguredPolls() {
        stub.completeAfterPolls(3);
        JsonObject created = post(stub.apiKey(),
                "{\"image_url\":\"https://x.example/a.png\",\"video_url\":\"https://x.example/v.mp4\"}")
                .bodyAsJsonObject().getJsonObject("data");
        String id = created.getString("task_id");

        String first = get(TASKS + "/" + id).bodyAsJsonObject().getJsonObject("data").getString("status");
        String second = get(TASKS + "/" + id).bodyAsJsonObject().getJsonObject("data").getString("status");
        JsonObject third = get(TASKS + "/" + id).bodyAsJsonObject().getJsonObject("data");

        assertThat(created.getString("status")).isEqualTo("CREATED");
        assertThat(first).isEqualTo("CREATED");
        assertThat(second).isEqualTo("IN_PROGRESS");
        assertThat(third.getString("status")).isEqualTo("COMPLETED");
        assertThat(third.getJsonArray("generated")).containsExactly(FreepikStubServer.GENERATED_URL_PREFIX + id + ".mp4");
    }

    @Test
    void itRecordsEveryRequest() {
        get(TASKS);

        assertThat(stub.requests()).singleElement().satisfies(request -> {
            assertThat(request.route()).isEqualTo(FreepikStubServer.Route.LIST);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo(TASKS);
        });
    }
}
