package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class StillRunningTest extends ExtendedApiTestBase {

    @Test
    void aWaitThatRanOutIsAGatewayTimeoutNotAServerError(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.IN_PROGRESS);
        tasks.failWith(new MotionTransferFailure.StillRunning(Task.created(id)));
        client.get(STATUS_PATH + "/" + id).putHeader(FREEPIK_KEY, KEY_A).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(504);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
                            .put("message", "The task had not finished within the time given"));
                    test.completeNow();
                })));
    }
}
