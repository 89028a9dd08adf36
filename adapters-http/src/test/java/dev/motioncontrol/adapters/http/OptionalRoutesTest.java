package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/** The router made without the optional use cases serves none of their routes. */
class OptionalRoutesTest extends HttpApiTestBase {

    @Test
    void withoutAWatchTheEventsPathIsNotFound(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id ->
                expect(test, get(STATUS_PATH + "/" + id + "/events", KEY_A),
                        response -> assertThat(response.statusCode()).isEqualTo(404))));
    }

    @Test
    void withoutAWatchTheEventStreamAcceptGetsTheJsonStatus(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id ->
                expect(test, client.get(STATUS_PATH + "/" + id).putHeader(FREEPIK_KEY, KEY_A)
                        .putHeader("Accept", "text/event-stream").send(), response -> {
                            assertThat(response.statusCode()).isEqualTo(200);
                            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                        })));
    }

    @Test
    void withoutDeliveriesTheWebhookPathIsNotFound(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id ->
                expect(test, get(STATUS_PATH + "/" + id + "/webhook", KEY_A),
                        response -> assertThat(response.statusCode()).isEqualTo(404))));
    }

    @Test
    void withoutAReceiverTheCallbackPathIsNotFound(VertxTestContext test) {
        expect(test, client.post(MotionControlHttpApi.PROVIDER_CALLBACK_PATH).sendBuffer(Buffer.buffer("{}")),
                response -> assertThat(response.statusCode()).isEqualTo(404));
    }
}
