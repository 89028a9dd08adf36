package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.WebhookUrl;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest extends ExtendedApiTestBase {

    private static final WebhookUrl TARGET = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));

    @Test
    void aRetryingDeliveryShowsItsLastAttemptAndTheNextOne(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.COMPLETED);
        deliveries.put(id, new WebhookDelivery(TARGET, WebhookDelivery.State.RETRYING, 2,
                Optional.of(Instant.parse("2025-06-01T10:15:30Z")), OptionalInt.of(500),
                Optional.of("the receiver answered 500"), Optional.of(Instant.parse("2025-06-01T10:16:30.500Z"))));
        client.get(STATUS_PATH + "/" + id + "/webhook").putHeader(FREEPIK_KEY, KEY_A).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("data", new JsonObject()
                            .put("task_id", id.value())
                            .put("webhook_url", "https://hooks.example.com/done")
                            .put("state", "RETRYING")
                            .put("attempts", 2)
                            .put("last_attempt_at", "2025-06-01T10:15:30Z")
                            .put("last_status", 500)
                            .put("last_error", "the receiver answered 500")
                            .put("next_attempt_at", "2025-06-01T10:16:30.500Z")));
                    test.completeNow();
                })));
    }

    @Test
    void aWaitingDeliveryHasNullsForWhatHasNotHappened(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.IN_PROGRESS);
        deliveries.put(id, WebhookDelivery.waiting(TARGET));
        client.get(PRO + "/" + id + "/webhook").putHeader(FREEPIK_KEY, KEY_A).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    JsonObject data = response.bodyAsJsonObject().getJsonObject("data");
                    assertThat(data.getString("state")).isEqualTo("WAITING");
                    assertThat(data.getInteger("attempts")).isZero();
                    for (String absent : List.of("last_attempt_at", "last_status", "last_error", "next_attempt_at")) {
                        assertThat(data.containsKey(absent)).as(absent).isTrue();
                        assertThat(data.getValue(absent)).as(absent).isNull();
                    }
                    test.completeNow();
                })));
    }

    @Test
    void theDeliveryOfAnUnknownTaskIsNotFound(VertxTestContext test) {
        client.get(STATUS_PATH + "/" + TaskId.random() + "/webhook").putHeader(FREEPIK_KEY, KEY_A).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "Not found"));
                    test.completeNow();
                })));
    }

    @Test
    void theDeliveryNeedsAKey(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.COMPLETED);
        deliveries.put(id, WebhookDelivery.waiting(TARGET));
        client.get(STATUS_PATH + "/" + id + "/webhook").send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(401);
                    assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Missing API key");
                    test.completeNow();
                })));
    }
}
