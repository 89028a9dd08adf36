package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.service.MotionTransferUseCases;
import dev.motioncontrol.application.service.WiredUseCases;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the API on port 0 in front of the real use cases ({@link WiredUseCases}), with two accepted keys, a
 * {@link StubVideoProvider} and webhook hosts that resolve to a public address, and offers a client that speaks
 * to it over real HTTP.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
abstract class HttpApiTestBase {

    static final String KEY_A = "key-of-client-a";
    static final String KEY_B = "key-of-client-b";
    static final String FREEPIK_KEY = MotionControlHttpApi.FREEPIK_API_KEY_HEADER;
    static final String STATUS_PATH = "/v1/ai/image-to-video/kling-v2-6";
    static final String PRO = "/v1/ai/video/kling-v2-6-motion-control-pro";
    static final String STD = "/v1/ai/video/kling-v2-6-motion-control-std";
    static final String IMAGE = "https://cdn.example.com/character.png";
    static final String VIDEO = "https://cdn.example.com/dance.mp4";

    StubVideoProvider provider;
    MapStateStore store;
    MotionTransferUseCases service;
    Router router;
    WebClient client;
    private HttpServer server;

    @BeforeEach
    void startApi(Vertx vertx, VertxTestContext test) {
        provider = new StubVideoProvider();
        store = new MapStateStore();
        service = WiredUseCases.over(provider, store)
                .acceptedKeys(AcceptedClientKeys.only(Set.of(KEY_A, KEY_B)))
                .webhookHostsResolveTo(WiredUseCases.PUBLIC_ADDRESS)
                .build();
        router = MotionControlHttpApi.router(vertx, service, service, service);
        vertx.createHttpServer()
                .requestHandler(router)
                .listen(0)
                .onComplete(test.succeeding(started -> {
                    server = started;
                    client = WebClient.create(vertx, new WebClientOptions()
                            .setDefaultHost("localhost")
                            .setDefaultPort(started.actualPort()));
                    test.completeNow();
                }));
    }

    @AfterEach
    void stopApi(VertxTestContext test) {
        client.close();
        server.close().onComplete(test.succeedingThenComplete());
    }

    /** A valid submit body with {@code extra} fields (a JSON fragment, or empty) added. */
    static String bodyWith(String extra) {
        return "{\"image_url\":\"" + IMAGE + "\",\"video_url\":\"" + VIDEO + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String validBody() {
        return bodyWith("");
    }

    Future<HttpResponse<Buffer>> submit(String path, String key, String json) {
        return submit(path, key, Buffer.buffer(json));
    }

    Future<HttpResponse<Buffer>> submit(String path, String key, Buffer body) {
        HttpRequest<Buffer> request = client.post(path).putHeader("Content-Type", "application/json");
        if (key != null) {
            request.putHeader(FREEPIK_KEY, key);
        }
        return request.sendBuffer(body);
    }

    Future<HttpResponse<Buffer>> get(String path, String key) {
        HttpRequest<Buffer> request = client.request(HttpMethod.GET, path);
        if (key != null) {
            request.putHeader(FREEPIK_KEY, key);
        }
        return request.send();
    }

    /** Submits a valid request as {@code key} and yields the new task's id. */
    Future<String> createdTask(String key) {
        return submit(PRO, key, validBody()).map(response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            return response.bodyAsJsonObject().getJsonObject("data").getString("task_id");
        });
    }

    /** Runs {@code check} on the response and completes the test, or fails it. */
    static void expect(VertxTestContext test, Future<HttpResponse<Buffer>> response,
            Consumer<HttpResponse<Buffer>> check) {
        response.onComplete(test.succeeding(r -> test.verify(() -> {
            check.accept(r);
            test.completeNow();
        })));
    }

    /** The {@code invalid_params} names of a 400, in order. */
    static List<String> invalidParamNames(HttpResponse<Buffer> response) {
        JsonArray params = response.bodyAsJsonObject().getJsonArray("invalid_params");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            names.add(params.getJsonObject(i).getString("name"));
        }
        return names;
    }

    /** The reason given for {@code field} in a 400's {@code invalid_params}. */
    static String reasonFor(HttpResponse<Buffer> response, String field) {
        JsonArray params = response.bodyAsJsonObject().getJsonArray("invalid_params");
        for (int i = 0; i < params.size(); i++) {
            JsonObject param = params.getJsonObject(i);
            if (field.equals(param.getString("name"))) {
                return param.getString("reason");
            }
        }
        throw new AssertionError("no invalid param named " + field + " in " + response.bodyAsString());
    }

    static String submitPath(Tier tier) {
        return tier == Tier.PRO ? PRO : STD;
    }
}
