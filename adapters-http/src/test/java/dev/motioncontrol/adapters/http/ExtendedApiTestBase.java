package dev.motioncontrol.adapters.http;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.Outcome;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.ProviderWebhook;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the API on port 0 with every optional use case given, each a stub the test drives: a
 * {@link StubTaskWatch} for status and live status, webhook deliveries kept in a map, and a provider
 * callback receiver that records what it got and answers {@link #outcome}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
abstract class ExtendedApiTestBase {

    static final String KEY_A = "key-of-client-a";
    static final String FREEPIK_KEY = MotionControlHttpApi.FREEPIK_API_KEY_HEADER;
    static final String STATUS_PATH = "/v1/ai/image-to-video/kling-v2-6";
    static final String PRO = "/v1/ai/video/kling-v2-6-motion-control-pro";
    static final String STD = "/v1/ai/video/kling-v2-6-motion-control-std";

    StubTaskWatch tasks;
    final Map<TaskId, WebhookDelivery> deliveries = new ConcurrentHashMap<>();
    final Map<TaskId, MediaFacts> media = new ConcurrentHashMap<>();
    final List<ProviderWebhook> received = new CopyOnWriteArrayList<>();
    volatile Outcome outcome = Outcome.ACCEPTED;
    volatile RuntimeException receiveFailure;
    int port;
    WebClient client;
    private HttpServer server;

    /** How often the streams send a keep-alive comment; long enough not to show unless a test wants it. */
    Duration keepAlive() {
        return MotionControlHttpApi.DEFAULT_KEEP_ALIVE;
    }

    @BeforeEach
    void startApi(Vertx vertx, VertxTestContext test) {
        tasks = new StubTaskWatch(new ClientKey(KEY_A));
        SubmitMotionTransferUseCase submit = command -> CompletableFuture.failedFuture(
                new MotionTransferFailure.ProviderUnavailable("not used here"));
        ListTasksUseCase list = query -> CompletableFuture.completedFuture(List.of());
        vertx.createHttpServer()
                .requestHandler(MotionControlHttpApi.builder(submit, tasks, list)
                        .liveStatus(tasks)
                        .keepAliveEvery(keepAlive())
                        .webhookDeliveries(this::delivery)
                        .taskMedia(this::media)
                        .providerCallbacks(webhook -> {
                            received.add(webhook);
                            RuntimeException failure = receiveFailure;
                            return failure == null ? CompletableFuture.completedFuture(outcome)
                                    : CompletableFuture.failedFuture(failure);
                        })
                        .build(vertx))
                .listen(0)
                .onComplete(test.succeeding(started -> {
                    server = started;
                    port = started.actualPort();
                    client = WebClient.create(vertx, new WebClientOptions()
                            .setDefaultHost("localhost")
                            .setDefaultPort(port));
                    test.completeNow();
                }));
    }

    @AfterEach
    void stopApi(VertxTestContext test) {
        tasks.shutdown();
        client.close();
        server.close().onComplete(test.succeedingThenComplete());
    }

    private CompletableFuture<MediaFacts> media(GetTaskStatusQuery query) {
        MediaFacts measured = query.caller().value().equals(KEY_A) ? media.get(query.taskId()) : null;
        return measured == null ? CompletableFuture.failedFuture(new MotionTransferFailure.UnknownTask(query.taskId()))
                : CompletableFuture.completedFuture(measured);
    }

    private CompletableFuture<WebhookDelivery> delivery(GetTaskStatusQuery query) {
        WebhookDelivery delivery = query.caller().value().equals(KEY_A) ? deliveries.get(query.taskId()) : null;
        return delivery == null ? CompletableFuture.failedFuture(new MotionTransferFailure.UnknownTask(query.taskId()))
                : CompletableFuture.completedFuture(delivery);
    }
}
