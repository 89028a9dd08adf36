package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveStatusTest extends ExtendedApiTestBase {

    private static final String EVENT_STREAM = "text/event-stream";

    private HttpClientAgent http;

    @BeforeEach
    void startClient(Vertx vertx) {
        http = vertx.createHttpClient();
    }

    @AfterEach
    void stopClient(VertxTestContext test) {
        http.close().onComplete(test.succeedingThenComplete());
    }

    @Test
    void aStreamSendsEveryStatusInOrderAndEndsAfterTheTerminalOne(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.CREATED);
        open(STATUS_PATH + "/" + id, EVENT_STREAM, KEY_A).onComplete(test.succeeding(response -> {
            test.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.getHeader("Content-Type")).isEqualTo(EVENT_STREAM);
                assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
                assertThat(response.getHeader("Transfer-Encoding")).isEqualTo("chunked");
            });
            StringBuilder text = new StringBuilder();
            int[] driven = {0};
            response.handler(chunk -> {
                text.append(chunk);
                // Each status moves on only once the previous one has arrived, so the order is the test's.
                int seen = EventStream.events(text).size();
                if (seen > driven[0]) {
                    driven[0] = seen;
                    if (seen == 1) {
                        tasks.advance(id, TaskStatus.IN_PROGRESS);
                    } else if (seen == 2) {
                        tasks.advance(id, TaskStatus.COMPLETED);
                    }
                }
            });
            response.endHandler(ended -> test.verify(() -> {
                List<Map<String, String>> events = EventStream.events(text);
                assertThat(events).extracting(event -> event.get("event"))
                        .containsExactly("status", "status", "status");
                assertThat(events).extracting(event -> event.get("id")).containsExactly("1", "2", "3");
                assertThat(events).extracting(event -> new JsonObject(event.get("data")))
                        .containsExactly(envelope(id, "CREATED"), envelope(id, "IN_PROGRESS"),
                                envelope(id, "COMPLETED", "https://cdn.example.com/out.mp4"));
                test.completeNow();
            }));
            response.resume();
        }));
    }

    @Test
    void aTaskThatCanNoLongerBeFollowedEndsTheStreamWithAnErrorEvent(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.IN_PROGRESS);
        open(STATUS_PATH + "/" + id, EVENT_STREAM, KEY_A).onComplete(test.succeeding(response -> {
            StringBuilder text = new StringBuilder();
            response.handler(chunk -> {
                text.append(chunk);
                if (EventStream.events(text).size() == 1) {
                    tasks.end(id, new MotionTransferFailure.UnknownTask(id));
                }
            });
            response.endHandler(ended -> test.verify(() -> {
                List<Map<String, String>> events = EventStream.events(text);
                assertThat(events).hasSize(2);
                assertThat(events.get(1).get("event")).isEqualTo("error");
                assertThat(new JsonObject(events.get(1).get("data")).getString("message")).isEqualTo("Not found");
                test.completeNow();
            }));
            response.resume();
        }));
    }

    @Test
    void aClientThatConnectsAfterCompletionGetsTheFinalStateAtOnceAndTheEnd(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.COMPLETED);
        open(STATUS_PATH + "/" + id, EVENT_STREAM, KEY_A)
                .compose(LiveStatusTest::bodyOf)
                .onComplete(test.succeeding(body -> test.verify(() -> {
                    List<Map<String, String>> events = EventStream.events(body.toString());
                    assertThat(events).hasSize(1);
                    assertThat(new JsonObject(events.get(0).get("data")))
                            .isEqualTo(envelope(id, "COMPLETED", "https://cdn.example.com/out.mp4"));
                    test.completeNow();
                })));
    }

    @Test
    void aFailedTaskEndsTheStreamToo(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.FAILED);
        open(STATUS_PATH + "/" + id, EVENT_STREAM, KEY_A)
                .compose(LiveStatusTest::bodyOf)
                .onComplete(test.succeeding(body -> test.verify(() -> {
                    assertThat(EventStream.events(body.toString()))
                            .extracting(event -> new JsonObject(event.get("data")))
                            .containsExactly(envelope(id, "FAILED"));
                    test.completeNow();
                })));
    }

    @Test
    void theEventsPathStreamsWithoutAnAcceptHeader(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.COMPLETED);
        open(STATUS_PATH + "/" + id + "/events", null, KEY_A).onComplete(test.succeeding(response -> {
            test.verify(() -> assertThat(response.getHeader("Content-Type")).isEqualTo(EVENT_STREAM));
            bodyOf(response).onComplete(test.succeeding(body -> test.verify(() -> {
                assertThat(EventStream.events(body.toString())).hasSize(1);
                test.completeNow();
            })));
        }));
    }

    @Test
    void theMotionControlAliasStreamsWithTheAcceptHeader(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.COMPLETED);
        open(STD + "/" + id, "application/json, text/event-stream", KEY_A).onComplete(test.succeeding(response -> {
            test.verify(() -> assertThat(response.getHeader("Content-Type")).isEqualTo(EVENT_STREAM));
            bodyOf(response).onComplete(test.succeeding(body -> test.verify(() -> {
                assertThat(EventStream.events(body.toString())).hasSize(1);
                test.completeNow();
            })));
        }));
    }

    @Test
    void aStatusRequestWithoutTheAcceptHeaderStillGetsTheJsonEnvelope(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.IN_PROGRESS);
        open(STATUS_PATH + "/" + id, null, KEY_A).onComplete(test.succeeding(response -> {
            test.verify(() -> assertThat(response.getHeader("Content-Type")).isEqualTo("application/json"));
            bodyOf(response).onComplete(test.succeeding(body -> test.verify(() -> {
                assertThat(body.toJsonObject()).isEqualTo(envelope(id, "IN_PROGRESS"));
                assertThat(tasks.watches).isEmpty();
                test.completeNow();
            })));
        }));
    }

    @Test
    void aStreamWithoutAKeyIsUnauthorizedInJson(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.CREATED);
        expectJsonError(test, open(STATUS_PATH + "/" + id, EVENT_STREAM, null), 401, "Missing API key");
    }

    @Test
    void theEventsPathWithoutAKeyIsUnauthorizedInJson(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.CREATED);
        expectJsonError(test, open(STATUS_PATH + "/" + id + "/events", null, null), 401, "Missing API key");
    }

    @Test
    void aStreamOfAnUnknownTaskIsNotFoundInJson(VertxTestContext test) {
        expectJsonError(test, open(STATUS_PATH + "/" + TaskId.random(), EVENT_STREAM, KEY_A), 404, "Not found");
    }

    @Test
    void aStreamOfAnIdNoTaskCanHaveIsNotFoundInJson(VertxTestContext test) {
        expectJsonError(test, open(STATUS_PATH + "/not!an!id/events", null, KEY_A), 404, "Not found");
    }

    @Test
    void aWatchThatCannotStartIsAnsweredLikeTheStatusRequest(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.CREATED);
        tasks.failWith(new MotionTransferFailure.ProviderUnavailable("down"));
        expectJsonError(test, open(STATUS_PATH + "/" + id, EVENT_STREAM, KEY_A), 503,
                "Service Unavailable. Please try again later.");
    }

    @Test
    void aClientThatDisconnectsCancelsTheWatch(VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.IN_PROGRESS);
        open(STATUS_PATH + "/" + id, EVENT_STREAM, KEY_A).onComplete(test.succeeding(response -> {
            StringBuilder text = new StringBuilder();
            response.handler(chunk -> {
                text.append(chunk);
                if (EventStream.events(text).size() == 1) {
                    response.request().connection().close();
                }
            });
            response.resume();
            tasks.watches.get(0).cancelled.whenComplete((cancelled, failure) -> test.completeNow());
        }));
    }

    private Future<HttpClientResponse> open(String path, String accept, String key) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost("localhost").setPort(port).setURI(path);
        if (accept != null) {
            options.putHeader("Accept", accept);
        }
        if (key != null) {
            options.putHeader(FREEPIK_KEY, key);
        }
        // Paused as the head arrives, on the event loop: a body that arrives before the test has set its
        // handlers (it may run on another thread) would otherwise be lost. Tests read through bodyOf or
        // resume after setting their handlers.
        return http.request(options).compose(request -> request.send().map(HttpClientResponse::pause));
    }

    /** The whole body of a response {@link #open} paused. */
    private static Future<Buffer> bodyOf(HttpClientResponse response) {
        Future<Buffer> body = response.body();
        response.resume();
        return body;
    }

    private static void expectJsonError(VertxTestContext test, Future<HttpClientResponse> opened, int status,
            String message) {
        opened.onComplete(test.succeeding(response -> bodyOf(response).onComplete(test.succeeding(body ->
                test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(status);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                    assertThat(body.toJsonObject()).isEqualTo(new JsonObject().put("message", message));
                    test.completeNow();
                })))));
    }

    static JsonObject envelope(TaskId id, String status, String... generated) {
        return new JsonObject().put("data", new JsonObject()
                .put("task_id", id.value())
                .put("status", status)
                .put("generated", new JsonArray(List.of((Object[]) generated))));
    }
}
