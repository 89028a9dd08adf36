package dev.motioncontrol.adapters.http;

import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.Watch;
import dev.motioncontrol.domain.Task;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One client's live status stream, as Server-Sent Events: an {@code event: status} per state the watch
 * reports, with the status answer's envelope as data and a per-stream {@code id}, ended after the terminal
 * one; a {@code : keep-alive} comment at a fixed interval so that proxies keep the connection open.
 *
 * <p>Nothing is written until the watch has started: a task the caller may not see is answered like the
 * status request (404 JSON), not as a stream. States reported before that are held back and sent first.
 * Every callback is brought onto the request's context, so the fields need no locking; a client that
 * leaves cancels the watch and the timer. A {@code HEAD} gets the head a {@code GET} would, then the end.
 */
final class LiveStatusStream {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStatusStream.class);
    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    private static final String KEEP_ALIVE = ": keep-alive\n\n";

    private final RoutingContext ctx;
    private final Context context;
    private final Duration keepAlive;
    private final List<Task> heldBack = new ArrayList<>();
    private boolean streaming;
    private boolean over;
    private Watch watch;
    private long keepAliveTimer = -1;
    private long lastEventId;

    private LiveStatusStream(RoutingContext ctx, Duration keepAlive) {
        this.ctx = ctx;
        this.context = ctx.vertx().getOrCreateContext();
        this.keepAlive = keepAlive;
    }

    /**
     * Starts watching {@code query}'s task for this request and streams what the watch reports; a watch not started
     * within {@code startWithinMillis} fails the request with {@code tooLate} (and is cancelled should it start).
     */
    static void start(RoutingContext ctx, WatchTaskUseCase watching, GetTaskStatusQuery query, Duration keepAlive,
            long startWithinMillis, Supplier<MotionTransferFailure> tooLate) {
        LiveStatusStream stream = new LiveStatusStream(ctx, keepAlive);
        HttpServerResponse response = ctx.response();
        response.closeHandler(closed -> stream.clientLeft());
        response.exceptionHandler(failure -> stream.clientLeft());
        CompletionStage<Watch> started;
        try {
            started = Objects.requireNonNull(watching.watch(query, stream.observer()), "a use case returned no stage");
        } catch (RuntimeException e) {
            stream.refused(e);
            return;
        }
        Future<Watch> watch = Future.fromCompletionStage(started, stream.context);
        long late = ctx.vertx().setTimer(startWithinMillis, id -> stream.refused(tooLate.get()));
        watch.onComplete(result -> {
            ctx.vertx().cancelTimer(late);
            if (result.succeeded()) {
                // Late or not: a watch that started after the request was answered is cancelled at once.
                stream.watching(result.result());
            } else {
                stream.refused(result.cause());
            }
        });
    }

    /** The observer: may be called on any thread. */
    private WatchTaskUseCase.TaskObserver observer() {
        return new WatchTaskUseCase.TaskObserver() {
            @Override
            public void onUpdate(Task task) {
                context.runOnContext(ignored -> update(task));
            }

            @Override
            public void onEnd(MotionTransferFailure why) {
                context.runOnContext(ignored -> ended(why));
            }
        };
    }

    /**
     * The task can no longer be followed: before the stream started, the answer is the failure's JSON
     * error; after, an {@code event: error} with the same body, and the end of the stream.
     */
    private void ended(MotionTransferFailure why) {
        if (over) {
            return;
        }
        if (!streaming) {
            refused(why);
            return;
        }
        HttpServerResponse response = ctx.response();
        stop();
        if (!response.closed()) {
            lastEventId++;
            String data = MotionControlHttpApi.json(FailureMapper.toResponse(why).body()).toString();
            response.end("id: " + lastEventId + "\nevent: error\ndata: " + data + "\n\n");
        }
    }

    private void update(Task task) {
        if (over) {
            return;
        }
        if (!streaming) {
            heldBack.add(task);
            return;
        }
        send(task);
    }

    private void watching(Watch started) {
        watch = started;
        if (over) {
            // The client left, or the request was answered as too late, while the watch was starting.
            cancelWatch();
            return;
        }
        streaming = true;
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
        response.writeHead();
        if (ctx.request().method() == HttpMethod.HEAD) {
            // The stream's head, as a GET would start it, and nothing to follow.
            stop();
            response.end();
            return;
        }
        keepAliveTimer = ctx.vertx().setPeriodic(keepAlive.toMillis(), timer -> {
            if (!over && !response.closed()) {
                response.write(KEEP_ALIVE);
            }
        });
        List<Task> early = List.copyOf(heldBack);
        heldBack.clear();
        for (Task task : early) {
            if (over) {
                break;
            }
            send(task);
        }
    }

    private void refused(Throwable failure) {
        heldBack.clear();
        if (over) {
            return;
        }
        over = true;
        MotionControlHttpApi.fail(ctx, failure);
    }

    private void send(Task task) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            clientLeft();
            return;
        }
        lastEventId++;
        String data = MotionControlHttpApi.json(WireMapper.INSTANCE.toEnvelope(task)).toString();
        response.write("id: " + lastEventId + "\nevent: status\ndata: " + data + "\n\n");
        if (task.isTerminal()) {
            stop();
            response.end();
        }
    }

    private void clientLeft() {
        if (!over) {
            stop();
        }
    }

    private void stop() {
        over = true;
        if (keepAliveTimer >= 0) {
            ctx.vertx().cancelTimer(keepAliveTimer);
            keepAliveTimer = -1;
        }
        cancelWatch();
    }

    private void cancelWatch() {
        if (watch == null) {
            return;
        }
        try {
            watch.cancel();
        } catch (RuntimeException e) {
            LOG.error("Cancelling the watch of a live status stream failed", e);
        }
        watch = null;
    }
}
