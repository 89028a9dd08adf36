package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAndListTest extends HttpApiTestBase {

    @Test
    void statusOnTheImageToVideoPathAnswersTheTask(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id ->
                expect(test, get(STATUS_PATH + "/" + id, KEY_A), response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                    JsonObject data = response.bodyAsJsonObject().getJsonObject("data");
                    assertThat(data.getString("task_id")).isEqualTo(id);
                    assertThat(data.getString("status")).isEqualTo("CREATED");
                    assertThat(data.getJsonArray("generated")).isEqualTo(new JsonArray());
                })));
    }

    @Test
    void statusOnTheProMotionControlAliasAnswersTheTask(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id ->
                expect(test, get(PRO + "/" + id, KEY_A), response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.bodyAsJsonObject().getJsonObject("data").getString("task_id")).isEqualTo(id);
                })));
    }

    @Test
    void statusOnTheStdMotionControlAliasAnswersTheTask(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id ->
                expect(test, get(STD + "/" + id, KEY_A), response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.bodyAsJsonObject().getJsonObject("data").getString("task_id")).isEqualTo(id);
                })));
    }

    @Test
    void statusOfACompletedTaskListsTheGeneratedUrls(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id -> {
            provider.complete(new TaskId(id), URI.create("https://cdn.example.com/out.mp4"));
            expect(test, get(STATUS_PATH + "/" + id, KEY_A), response -> {
                JsonObject data = response.bodyAsJsonObject().getJsonObject("data");
                assertThat(data.getString("status")).isEqualTo("COMPLETED");
                assertThat(data.getJsonArray("generated")).containsExactly("https://cdn.example.com/out.mp4");
            });
        }));
    }

    @Test
    void anotherCallersTaskIsNotFound(VertxTestContext test) {
        createdTask(KEY_A).onComplete(test.succeeding(id ->
                expect(test, get(STATUS_PATH + "/" + id, KEY_B), response -> {
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "Not found"));
                })));
    }

    @Test
    void aTaskNobodyCreatedIsNotFound(VertxTestContext test) {
        expect(test, get(STATUS_PATH + "/" + TaskId.random(), KEY_A), response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Not found");
        });
    }

    @Test
    void aTaskIdWithCharactersNoTaskIdHasIsNotFound(VertxTestContext test) {
        expect(test, get(STATUS_PATH + "/not%20an%20id!", KEY_A), response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Not found");
        });
    }

    @Test
    void aTaskIdThatCannotBeDecodedIsNotFound(VertxTestContext test) {
        expect(test, get(STATUS_PATH + "/%zz", KEY_A), response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Not found");
        });
    }

    @Test
    void aTaskIdLongerThanAnyTaskIdIsNotFound(VertxTestContext test) {
        expect(test, get(STATUS_PATH + "/" + "a".repeat(TaskId.MAX_LENGTH + 1), KEY_A),
                response -> assertThat(response.statusCode()).isEqualTo(404));
    }

    @Test
    void listShowsOnlyTheCallersTasksNewestFirst(VertxTestContext test) {
        List<String> mine = new ArrayList<>();
        createdTask(KEY_A)
                .compose(first -> {
                    mine.add(first);
                    return createdTask(KEY_B);
                })
                .compose(others -> createdTask(KEY_A))
                .compose(second -> {
                    mine.add(0, second);
                    return get(STATUS_PATH, KEY_A);
                })
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < data.size(); i++) {
                        ids.add(data.getJsonObject(i).getString("task_id"));
                        assertThat(data.getJsonObject(i).getString("status")).isEqualTo("CREATED");
                        assertThat(data.getJsonObject(i).getJsonArray("generated")).isEmpty();
                    }
                    assertThat(ids).isEqualTo(mine);
                    test.completeNow();
                })));
    }

    @Test
    void listOfACallerWithoutTasksIsEmpty(VertxTestContext test) {
        Future<String> othersTask = createdTask(KEY_B);
        othersTask.onComplete(test.succeeding(id -> expect(test, get(STATUS_PATH, KEY_A), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("data", new JsonArray()));
        })));
    }
}
