package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.VideoFacts;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TaskMediaTest extends ExtendedApiTestBase {

    @Test
    void whatWasMeasuredOfATasksMediaIsAtItsMediaPath(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.IN_PROGRESS);
        media.put(id, new MediaFacts(Optional.of(ImageFacts.of(MediaFormat.PNG, 640, 480, 51_234)),
                Optional.of(new VideoFacts(MediaFormat.WEBM, Optional.of(Duration.ofMillis(12_345)), true,
                        OptionalLong.empty()))));
        client.get(STATUS_PATH + "/" + id + "/media").putHeader(FREEPIK_KEY, KEY_A).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("data", new JsonObject()
                            .put("task_id", id.value())
                            .put("image", new JsonObject().put("format", "PNG").put("width", 640).put("height", 480)
                                    .put("size_bytes", 51_234).put("size_at_least", false))
                            .put("video", new JsonObject().put("format", "WEBM").put("duration_seconds", 12.345)
                                    .put("duration_estimated", true).putNull("size_bytes"))));
                    test.completeNow();
                })));
    }

    @Test
    void aTaskWhoseMediaWereNotMeasuredHasOnlyItsId(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.COMPLETED);
        media.put(id, MediaFacts.NONE);
        client.get(PRO + "/" + id + "/media").putHeader(FREEPIK_KEY, KEY_A).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.bodyAsJsonObject())
                            .isEqualTo(new JsonObject().put("data", new JsonObject().put("task_id", id.value())));
                    test.completeNow();
                })));
    }

    @Test
    void theMediaOfAnotherClientsTaskAreNotFound(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.COMPLETED);
        media.put(id, MediaFacts.NONE);
        client.get(STATUS_PATH + "/" + id + "/media").putHeader(FREEPIK_KEY, "someone-else").send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(404);
                    test.completeNow();
                })));
    }
}
