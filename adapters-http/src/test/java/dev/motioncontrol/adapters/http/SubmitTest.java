package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class SubmitTest extends HttpApiTestBase {

    @Test
    void submitOnProAnswersTheCreatedTaskInTheProviderEnvelope(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
            JsonObject data = response.bodyAsJsonObject().getJsonObject("data");
            assertThat(data.getString("task_id")).isNotBlank();
            assertThat(data.getString("status")).isEqualTo("CREATED");
            assertThat(data.getJsonArray("generated")).isEqualTo(new JsonArray());
        });
    }

    @Test
    void submitOnStdAnswersTheCreatedTaskInTheProviderEnvelope(VertxTestContext test) {
        expect(test, submit(STD, KEY_A, validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonObject().getJsonObject("data").getString("status")).isEqualTo("CREATED");
        });
    }

    @Test
    void submitOnProRunsOnTheProTier(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, validBody()),
                response -> assertThat(provider.submitted).extracting(transfer -> transfer.modelTier().tier()).containsExactly(Tier.PRO));
    }

    @Test
    void submitOnStdRunsOnTheStandardTier(VertxTestContext test) {
        expect(test, submit(STD, KEY_A, validBody()),
                response -> assertThat(provider.submitted).extracting(transfer -> transfer.modelTier().tier())
                        .containsExactly(Tier.STANDARD));
    }

    @Test
    void everyFieldReachesTheProviderAsSent(VertxTestContext test) {
        String body = bodyWith("\"prompt\":\"a dancer\",\"character_orientation\":\"image\",\"cfg_scale\":0.25,"
                + "\"webhook_url\":\"https://hooks.example.com/done\"");
        expect(test, submit(PRO, KEY_A, body), response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            MotionTransfer transfer = provider.submitted.get(0);
            assertThat(transfer.image().url().toString()).isEqualTo(IMAGE);
            assertThat(transfer.video().url().toString()).isEqualTo(VIDEO);
            assertThat(transfer.prompt()).contains(new Prompt("a dancer"));
            assertThat(transfer.orientation()).isEqualTo(CharacterOrientation.IMAGE);
            assertThat(transfer.cfgScale().value()).isEqualTo(0.25);
        });
    }

    @Test
    void theWebhookUrlReachesTheServiceThatDeliversIt(VertxTestContext test) {
        // The service posts the client's webhook itself; the provider is given the service's own callback.
        String body = bodyWith("\"webhook_url\":\"https://hooks.example.com/done\"");
        submit(PRO, KEY_A, body)
                .map(response -> new TaskId(response.bodyAsJsonObject().getJsonObject("data").getString("task_id")))
                .compose(id -> Future.fromCompletionStage(service.getWebhookDelivery(
                        new GetTaskStatusQuery(new ClientKey(KEY_A), id))))
                .onComplete(test.succeeding(delivery -> test.verify(() -> {
                    assertThat(delivery.target().url().toString()).isEqualTo("https://hooks.example.com/done");
                    test.completeNow();
                })));
    }

    @Test
    void anIntegerIsAValidCfgScale(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"cfg_scale\":1")), response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            assertThat(provider.submitted.get(0).cfgScale().value()).isEqualTo(1.0);
        });
    }

    @Test
    void jsonNullMeansTheFieldIsAbsent(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"prompt\":null,\"cfg_scale\":null,\"webhook_url\":null")),
                response -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
                    assertThat(provider.submitted.get(0).cfgScale().value()).isEqualTo(0.5);
                });
    }

    @Test
    void theMagnificKeyHeaderIsAcceptedToo(VertxTestContext test) {
        expect(test, client.post(PRO)
                .putHeader("Content-Type", "application/json")
                .putHeader(MotionControlHttpApi.MAGNIFIC_API_KEY_HEADER, KEY_A)
                .sendBuffer(Buffer.buffer(validBody())),
                response -> assertThat(response.statusCode()).isEqualTo(200));
    }

    @Test
    void aUtf8CharsetParameterIsAccepted(VertxTestContext test) {
        expect(test, client.post(PRO)
                .putHeader("Content-Type", "application/json; charset=UTF-8")
                .putHeader(FREEPIK_KEY, KEY_A)
                .sendBuffer(Buffer.buffer(validBody())),
                response -> assertThat(response.statusCode()).isEqualTo(200));
    }
}
