package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends HttpApiTestBase {

    private static final JsonObject MISSING = new JsonObject().put("message", "Missing API key");
    private static final JsonObject INVALID = new JsonObject().put("message", "Invalid API key");

    @Test
    void submitWithoutAKeyIsMissingApiKeyWhateverTheBody(VertxTestContext test) {
        expect(test, submit(PRO, null, "this is not even JSON"), response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject()).isEqualTo(MISSING);
        });
    }

    @Test
    void statusWithoutAKeyIsMissingApiKey(VertxTestContext test) {
        expect(test, get(STATUS_PATH + "/some-task", null), response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject()).isEqualTo(MISSING);
        });
    }

    @Test
    void listWithoutAKeyIsMissingApiKey(VertxTestContext test) {
        expect(test, get(STATUS_PATH, null), response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject()).isEqualTo(MISSING);
        });
    }

    @Test
    void aBlankKeyIsMissingApiKey(VertxTestContext test) {
        expect(test, client.get(STATUS_PATH).putHeader(FREEPIK_KEY, "   ").send(), response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject()).isEqualTo(MISSING);
        });
    }

    @Test
    void aKeyTheServiceDoesNotAcceptIsInvalidApiKey(VertxTestContext test) {
        expect(test, get(STATUS_PATH, "not-a-client-key"), response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject()).isEqualTo(INVALID);
        });
    }

    @Test
    void submitWithAKeyTheServiceDoesNotAcceptIsInvalidApiKey(VertxTestContext test) {
        expect(test, submit(STD, "not-a-client-key", validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject()).isEqualTo(INVALID);
            assertThat(provider.submitted).isEmpty();
        });
    }

    @Test
    void aRefusedKeyIsNeverEchoed(VertxTestContext test) {
        String key = "sk-very-secret-key-123";
        expect(test, client.post(PRO)
                .putHeader("Content-Type", "application/json")
                .putHeader(FREEPIK_KEY, key)
                .sendBuffer(Buffer.buffer("{\"" + key + "\":1}")), response -> {
            assertThat(response.bodyAsString()).doesNotContain(key);
            response.headers().forEach(header -> assertThat(header.getValue()).doesNotContain(key));
        });
    }
}
