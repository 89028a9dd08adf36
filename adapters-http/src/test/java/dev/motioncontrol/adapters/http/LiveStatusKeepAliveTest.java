package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveStatusKeepAliveTest extends ExtendedApiTestBase {

    @Override
    Duration keepAlive() {
        return Duration.ofMillis(20);
    }

    @Test
    void anOpenStreamGetsKeepAliveCommentsBetweenEvents(Vertx vertx, VertxTestContext test) {
        TaskId id = tasks.taskIn(TaskStatus.IN_PROGRESS);
        HttpClientAgent http = vertx.createHttpClient();
        http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(port)
                        .setURI(STATUS_PATH + "/" + id + "/events").putHeader(FREEPIK_KEY, KEY_A))
                // Paused on the event loop as the head arrives, resumed once the handler is set.
                .compose(request -> request.send().map(HttpClientResponse::pause))
                .onComplete(test.succeeding(response -> {
                    StringBuilder text = new StringBuilder();
                    boolean[] closed = {false};
                    response.handler(chunk -> {
                        text.append(chunk);
                        if (!closed[0] && EventStream.comments(text) >= 2) {
                            closed[0] = true;
                            test.verify(() -> {
                                assertThat(text.toString()).contains(": keep-alive\n\n");
                                assertThat(EventStream.events(text)).hasSize(1);
                            });
                            response.request().connection().close();
                            tasks.watches.get(0).cancelled.whenComplete((cancelled, failure) ->
                                    http.close().onComplete(test.succeedingThenComplete()));
                        }
                    });
                    response.resume();
                }));
    }
}
