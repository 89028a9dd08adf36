package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.service.MotionTransferUseCases;
import dev.motioncontrol.application.service.WiredUseCases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API document as the router serves it: to anyone, in YAML and in JSON, cacheable, and only when asked to. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ApiDocumentRoutesTest {

    private static ApiDocument document;

    private HttpServer server;
    private WebClient client;

    @BeforeAll
    static void read() {
        document = ApiDocument.read();
    }

    @AfterEach
    void stop(VertxTestContext test) {
        client.close();
        server.close().onComplete(test.succeedingThenComplete());
    }

    @Test
    void theYamlIsServedAsWrittenWithoutAKey(Vertx vertx, VertxTestContext test) {
        fetch(vertx, true, HttpMethod.GET, ApiDocument.YAML_PATH).onComplete(test.succeeding(response ->
                test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/yaml");
                    assertThat(response.bodyAsString(StandardCharsets.UTF_8.name())).isEqualTo(document.yaml());
                    assertThat(response.getHeader("Cache-Control")).isEqualTo("public, max-age=3600");
                    assertThat(response.getHeader("ETag")).matches("\"[0-9a-f]{64}\"");
                    test.completeNow();
                })));
    }

    @Test
    void theJsonIsTheSameDocument(Vertx vertx, VertxTestContext test) {
        fetch(vertx, true, HttpMethod.GET, ApiDocument.JSON_PATH).onComplete(test.succeeding(response ->
                test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject(document.json()));
                    assertThat(response.bodyAsJsonObject().getString("openapi")).isEqualTo("3.1.0");
                    test.completeNow();
                })));
    }

    @Test
    void aClientHoldingTheDocumentGetsA304WithoutABody(Vertx vertx, VertxTestContext test) {
        fetch(vertx, true, HttpMethod.GET, ApiDocument.JSON_PATH)
                .compose(first -> client.get(ApiDocument.JSON_PATH)
                        .putHeader("If-None-Match", first.getHeader("ETag")).send()
                        .map(again -> {
                            assertThat(again.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
                            return again;
                        }))
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(304);
                    assertThat(response.body()).isNull();
                    test.completeNow();
                })));
    }

    @Test
    void aHeadGetsTheLengthWithoutTheBody(Vertx vertx, VertxTestContext test) {
        fetch(vertx, true, HttpMethod.HEAD, ApiDocument.YAML_PATH).onComplete(test.succeeding(response ->
                test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.getHeader("Content-Length"))
                            .isEqualTo(Integer.toString(document.yaml().getBytes(StandardCharsets.UTF_8).length));
                    assertThat(response.body()).isNull();
                    test.completeNow();
                })));
    }

    @Test
    void aRouterNotToldToServeItHasNoDocument(Vertx vertx, VertxTestContext test) {
        fetch(vertx, false, HttpMethod.GET, ApiDocument.YAML_PATH).onComplete(test.succeeding(response ->
                test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(404);
                    test.completeNow();
                })));
    }

    /** Starts a router (serving the document or not) and asks it for {@code path}, without a key. */
    private Future<HttpResponse<Buffer>> fetch(Vertx vertx, boolean withDocument, HttpMethod method, String path) {
        MotionTransferUseCases service = WiredUseCases.over(new StubVideoProvider(), new MapStateStore())
                .acceptedKeys(AcceptedClientKeys.only(Set.of("key-of-client-a"))).build();
        MotionControlHttpApi.Builder api = MotionControlHttpApi.builder(service, service, service);
        Router router = (withDocument ? api.apiDocument(document) : api).build(vertx);
        return vertx.createHttpServer().requestHandler(router).listen(0).compose(started -> {
            server = started;
            client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
                    .setDefaultPort(started.actualPort()));
            return client.request(method, path).send();
        });
    }
}
