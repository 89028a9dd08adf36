package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.domain.Task;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A use case that never answers still gets its request answered, at the deadline, and what it did only for that
 * request is cancelled; a client that closes its connection cancels it too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AnswerDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final String KEY = "some-key";

    /** The cancellation each use case was called with, in order. */
    private final List<Cancellation> cancellations = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext test) {
        SubmitMotionTransferUseCase submit = command -> never(command.cancellation());
        GetTaskStatusUseCase status = query -> never(query.cancellation());
        ListTasksUseCase list = query -> never(query.cancellation());
        vertx.createHttpServer()
                .requestHandler(MotionControlHttpApi.builder(submit, status, list).answerWithin(DEADLINE).build(vertx))
                .listen(0)
                .onComplete(test.succeeding(started -> {
                    server = started;
                    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
                            .setDefaultPort(started.actualPort()));
                    test.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext test) {
        client.close();
        server.close().onComplete(test.succeedingThenComplete());
    }

    private <T> CompletableFuture<T> never(Cancellation cancellation) {
        cancellations.add(cancellation);
        return new CompletableFuture<>();
    }

    @Test
    void aSubmitWithoutAnAnswerIsA502SayingItMayHaveCreatedTheTask(VertxTestContext test) {
        client.post("/v1/ai/video/kling-v2-6-motion-control-pro").putHeader("x-freepik-api-key", KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"image_url\":\"https://example.com/a.png\","
                        + "\"video_url\":\"https://example.com/a.mp4\"}"))
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(502);
                    assertThat(response.bodyAsJsonObject().getString("message"))
                            .contains("not answered within").contains("may still create the task");
                    assertThat(cancellations).singleElement().satisfies(c -> assertThat(c.isCancelled()).isTrue());
                    test.completeNow();
                })));
    }

    @Test
    void aReadWithoutAnAnswerIsA503(VertxTestContext test) {
        client.get("/v1/ai/image-to-video/kling-v2-6/some-task").putHeader("x-freepik-api-key", KEY).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.bodyAsJsonObject().getString("message")).isNotBlank();
                    assertThat(cancellations).singleElement().satisfies(c -> assertThat(c.isCancelled()).isTrue());
                    test.completeNow();
                })));
    }

    @Test
    void aClientThatClosesItsConnectionCancelsItsRequest(Vertx vertx, VertxTestContext test) {
        // A deadline the test never reaches: only the client's leaving can cancel.
        ListTasksUseCase list = query -> never(query.cancellation());
        vertx.createHttpServer()
                .requestHandler(MotionControlHttpApi.builder(command -> never(command.cancellation()),
                        query -> never(query.cancellation()), list).answerWithin(Duration.ofMinutes(5)).build(vertx))
                .listen(0)
                .compose(patient -> vertx.createNetClient().connect(patient.actualPort(), "localhost"))
                .onComplete(test.succeeding(socket -> {
            socket.write("GET /v1/ai/image-to-video/kling-v2-6 HTTP/1.1\r\nHost: localhost\r\nx-freepik-api-key: "
                    + KEY + "\r\n\r\n");
            long waiting = vertx.setPeriodic(5, id -> {
                if (!cancellations.isEmpty()) {
                    vertx.cancelTimer(id);
                    socket.close();
                }
            });
            vertx.setPeriodic(5, id -> {
                if (cancellations.size() == 1 && cancellations.get(0).isCancelled()) {
                    vertx.cancelTimer(id);
                    vertx.cancelTimer(waiting);
                    test.completeNow();
                }
            });
        }));
    }
}
