package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code Idempotency-Key} header of a submit, and what the service's store being away looks like. */
class IdempotencyKeyTest extends HttpApiTestBase {

    private static final String KEY = MotionControlHttpApi.IDEMPOTENCY_KEY;

    @Test
    void theSameKeyAndBodyAgainAnswerTheSameTaskAndPayOnce(VertxTestContext test) {
        expect(test, submitWithKey("order-1", validBody())
                .compose(first -> submitWithKey("order-1", validBody()).map(second -> {
                    assertThat(second.statusCode()).isEqualTo(200);
                    assertThat(taskId(second)).isEqualTo(taskId(first));
                    return second;
                })), response -> assertThat(provider.submitted).hasSize(1));
    }

    @Test
    void anotherBodyUnderAUsedKeyIsA422NamingTheHeader(VertxTestContext test) {
        expect(test, submitWithKey("order-2", validBody())
                .compose(first -> submitWithKey("order-2", bodyWith("\"prompt\":\"something else\""))),
                response -> {
                    assertThat(response.statusCode()).isEqualTo(422);
                    assertThat(response.bodyAsJsonObject().getString("message")).contains(KEY);
                    assertThat(provider.submitted).hasSize(1);
                });
    }

    @Test
    void aKeyTooLongIsA400NamingTheHeaderWithTheBodysOwnProblems(VertxTestContext test) {
        expect(test, submitWithKey("k".repeat(256), bodyWith("\"cfg_scale\":7")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(invalidParamNames(response)).contains(KEY, "cfg_scale");
            assertThat(reasonFor(response, KEY)).contains("256");
            assertThat(provider.submitted).isEmpty();
        });
    }

    @Test
    void aKeySentTwiceIsA400(VertxTestContext test) {
        expect(test, client.post(PRO).putHeader("Content-Type", "application/json").putHeader(FREEPIK_KEY, KEY_A)
                .putHeader(KEY, List.of("a", "b")).sendBuffer(Buffer.buffer(validBody())), response -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(invalidParamNames(response)).containsExactly(KEY);
                    assertThat(provider.submitted).isEmpty();
                });
    }

    @Test
    void aStoreThatIsAwayIsA503AndNothingIsPaidFor(VertxTestContext test) {
        store.becomeUnavailable();
        expect(test, submitWithKey("order-3", validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(provider.submitted).isEmpty();
        });
    }

    private Future<HttpResponse<Buffer>> submitWithKey(String key, String json) {
        return client.post(PRO).putHeader("Content-Type", "application/json").putHeader(FREEPIK_KEY, KEY_A)
                .putHeader(KEY, key).sendBuffer(Buffer.buffer(json));
    }

    private static String taskId(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("data").getString("task_id");
    }
}
