package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kling 3 at its own paths, and a task found only under its own model's paths. */
class Kling3RoutesTest extends HttpApiTestBase {

    static final String V3_PRO = "/v1/ai/video/kling-v3-motion-control-pro";
    static final String V3_STD = "/v1/ai/video/kling-v3-motion-control-std";

    @Test
    void aSubmitToAKling3PathRunsOnKling3AtThatTier(VertxTestContext test) {
        expect(test, submit(V3_STD, KEY_A, validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(provider.submitted).extracting(transfer -> transfer.modelTier())
                    .containsExactly(new ModelTier(Model.KLING_3, Tier.STANDARD));
        });
    }

    @Test
    void aKling3TaskIsFoundAtEitherTiersKling3PathAndAtNo26Path(VertxTestContext test) {
        taskAt(V3_PRO).compose(id -> Future.all(get(V3_PRO + "/" + id, KEY_A), get(V3_STD + "/" + id, KEY_A),
                        get(STATUS_PATH + "/" + id, KEY_A), get(PRO + "/" + id, KEY_A), get(STD + "/" + id, KEY_A))
                .map(all -> statuses(all.list())))
                .onComplete(test.succeeding(statuses -> test.verify(() -> {
                    assertThat(statuses).containsExactly(200, 200, 404, 404, 404);
                    test.completeNow();
                })));
    }

    @Test
    void a26TaskIsNotFoundAtAnyKling3Path(VertxTestContext test) {
        createdTask(KEY_A).compose(id -> Future.all(get(V3_PRO + "/" + id, KEY_A), get(V3_STD + "/" + id, KEY_A))
                .map(all -> statuses(all.list())))
                .onComplete(test.succeeding(statuses -> test.verify(() -> {
                    assertThat(statuses).containsExactly(404, 404);
                    test.completeNow();
                })));
    }

    @Test
    void eachKling3TierListsItsOwnTasksAndThe26ListNone(VertxTestContext test) {
        taskAt(V3_PRO).compose(pro -> taskAt(V3_STD).compose(std -> Future.all(
                        get(V3_PRO, KEY_A), get(V3_STD, KEY_A), get(STATUS_PATH, KEY_A))
                .map(all -> {
                    List<HttpResponse<Buffer>> lists = all.list();
                    return List.of(List.of(pro), List.of(std), ids(lists.get(0)), ids(lists.get(1)), ids(lists.get(2)));
                })))
                .onComplete(test.succeeding(found -> test.verify(() -> {
                    assertThat(found.get(2)).isEqualTo(found.get(0));
                    assertThat(found.get(3)).isEqualTo(found.get(1));
                    assertThat(found.get(4)).isEmpty();
                    test.completeNow();
                })));
    }

    private static List<Integer> statuses(List<HttpResponse<Buffer>> responses) {
        return responses.stream().map(HttpResponse::statusCode).toList();
    }

    private Future<String> taskAt(String path) {
        return submit(path, KEY_A, validBody())
                .map(response -> response.bodyAsJsonObject().getJsonObject("data").getString("task_id"));
    }

    private static List<String> ids(HttpResponse<Buffer> response) {
        JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
        return data.stream().map(task -> ((JsonObject) task).getString("task_id")).toList();
    }
}
