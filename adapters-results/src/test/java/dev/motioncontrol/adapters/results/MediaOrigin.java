package dev.motioncontrol.adapters.results;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where generated videos come from, as the service sees the provider's file host: an HTTP server on 127.0.0.1 and an
 * ephemeral port that serves given bytes at given paths (with {@code Content-Length}, {@code Content-Type} and an
 * {@code ETag}, or chunked without a length; no byte ranges), endless bodies that count what they wrote, statuses,
 * redirects, and answers that stall or trickle. It records every request it receives.
 *
 * <p>Every body is written as the client reads it (the server waits when its connection's queue is full), so what an
 * endless body {@linkplain EndlessBody#written() wrote} is what the client's reading let through.
 */
public final class MediaOrigin implements AutoCloseable {

    /** One request as it came: its target (path and query), its {@code host} header, the TLS server name asked for. */
    public record Seen(String target, String host, String serverName) {
    }

    /** A body that never ends by itself: how much of it was written, and when its client went away. */
    public static final class EndlessBody {
        private final AtomicLong written = new AtomicLong();
        private final CompletableFuture<Long> stopped = new CompletableFuture<>();

        /** The bytes written so far, over every request for its path. */
        public long written() {
            return written.get();
        }

        /** Completes with {@link #written()} once a client that asked for it has closed its connection. */
        public CompletableFuture<Long> stopped() {
            return stopped;
        }
    }

    private static final int CHUNK = 16 * 1024;

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, Handler<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    private final List<Seen> requests = new CopyOnWriteArrayList<>();

    private MediaOrigin(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * A plain HTTP origin. Its request line may be as long as a signed link (16 KiB, not the default 4 KiB), and its
     * socket's send buffer is small (64 KiB), so that what it counts as written is not much more than what its client
     * read (a loopback socket left to itself buffers megabytes).
     */
    public static MediaOrigin start(Vertx vertx) {
        return start(vertx, new HttpServerOptions().setMaxInitialLineLength(16 * 1024).setSendBufferSize(64 * 1024));
    }

    /** An origin with these server options (TLS, socket buffers); it listens on 127.0.0.1 and an ephemeral port. */
    public static MediaOrigin start(Vertx vertx, HttpServerOptions options) {
        HttpServer server = vertx.createHttpServer(options);
        MediaOrigin origin = new MediaOrigin(vertx, server);
        server.requestHandler(request -> {
            origin.requests.add(new Seen(request.uri(), request.getHeader("host"),
                request.connection().indicatedServerName()));
            request.response().exceptionHandler(ignored -> { });
            origin.routes.getOrDefault(request.path(), r -> r.response().setStatusCode(404).end("no such file"))
                .handle(request);
        });
        await(server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture());
        return origin;
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:<port><path>}; {@code path} may carry a query. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** {@link #url} as a URI. */
    public URI uri(String path) {
        return URI.create(url(path));
    }

    /** Every request received, in order. */
    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    /** The targets (path and query) of every request received, in order. */
    public List<String> targets() {
        return requests.stream().map(Seen::target).toList();
    }

    /** Serves {@code body} whole at {@code path}, with its {@code Content-Length}, {@code contentType} and an ETag. */
    public MediaOrigin serve(String path, byte[] body, String contentType) {
        routes.put(path, request -> {
            HttpServerResponse response = request.response()
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("ETag", etag(body));
            if (contentType != null) {
                response.putHeader("Content-Type", contentType);
            }
            write(response, body, 0);
        });
        return this;
    }

    /** Serves {@code body} at {@code path} chunked: no {@code Content-Length}. */
    public MediaOrigin serveChunked(String path, byte[] body, String contentType) {
        routes.put(path, request -> {
            HttpServerResponse response = request.response().setChunked(true).putHeader("ETag", etag(body));
            if (contentType != null) {
                response.putHeader("Content-Type", contentType);
            }
            write(response, body, 0);
        });
        return this;
    }

    /**
     * Answers {@code path} with the {@code Content-Length} of {@code body}, sends its first {@code sent} bytes, then
     * closes the connection: a server that goes away mid-body.
     */
    public MediaOrigin serveCutShort(String path, byte[] body, int sent) {
        routes.put(path, request -> request.response()
            .putHeader("Content-Length", Integer.toString(body.length))
            .putHeader("Content-Type", "video/mp4")
            .write(Buffer.buffer(Arrays.copyOf(body, sent)))
            .onComplete(written -> request.connection().close()));
        return this;
    }

    /** Serves zeros at {@code path}, chunked, for as long as the client reads them. */
    public EndlessBody serveEndless(String path) {
        EndlessBody endless = new EndlessBody();
        routes.put(path, request -> pump(request.response().setChunked(true).putHeader("Content-Type", "video/mp4"),
            endless, Long.MAX_VALUE));
        return endless;
    }

    /** Serves zeros at {@code path} under a {@code Content-Length} of {@code statedLength}, as the client reads. */
    public EndlessBody serveEndless(String path, long statedLength) {
        EndlessBody endless = new EndlessBody();
        routes.put(path, request -> pump(request.response().putHeader("Content-Length", Long.toString(statedLength))
            .putHeader("Content-Type", "video/mp4"), endless, statedLength));
        return endless;
    }

    /** Answers {@code status} at {@code path}, with a small HTML body. */
    public MediaOrigin answer(String path, int status) {
        routes.put(path, request -> request.response().setStatusCode(status).putHeader("Content-Type", "text/html")
            .end("<html>" + status + "</html>"));
        return this;
    }

    /** Redirects {@code path} to {@code location} with {@code status}. */
    public MediaOrigin redirect(String path, int status, String location) {
        routes.put(path, request -> request.response().setStatusCode(status).putHeader("Location", location).end());
        return this;
    }

    /** Takes the request at {@code path} and never answers. */
    public MediaOrigin silent(String path) {
        routes.put(path, request -> { });
        return this;
    }

    /** Answers 200 at {@code path}, chunked, sends {@code prefix}, then nothing more, never ending. */
    public MediaOrigin stall(String path, byte[] prefix) {
        routes.put(path, request -> request.response().setChunked(true).putHeader("Content-Type", "video/mp4")
            .write(Buffer.buffer(prefix)));
        return this;
    }

    /** Answers 200 at {@code path}, chunked, and sends {@code bytes} bytes {@code every} so often, never ending. */
    public MediaOrigin trickle(String path, int bytes, Duration every) {
        routes.put(path, request -> {
            HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "video/mp4");
            Buffer drop = Buffer.buffer(new byte[bytes]);
            response.write(drop);
            long timer = vertx.setPeriodic(every.toMillis(), id -> {
                if (!response.closed()) {
                    response.write(drop);
                }
            });
            response.closeHandler(ignored -> vertx.cancelTimer(timer));
        });
        return this;
    }

    /** Stops listening and closes the connections still open. */
    @Override
    public void close() {
        await(server.close().toCompletionStage().toCompletableFuture());
    }

    private static String etag(byte[] body) {
        return "\"" + Integer.toHexString(Arrays.hashCode(body)) + "-" + body.length + "\"";
    }

    /** Writes {@code body} from {@code from} in chunks, waiting for the client as it reads, then ends. */
    private static void write(HttpServerResponse response, byte[] body, int from) {
        int at = from;
        while (at < body.length && !response.closed() && !response.writeQueueFull()) {
            int to = Math.min(body.length, at + CHUNK);
            response.write(Buffer.buffer(Arrays.copyOfRange(body, at, to)));
            at = to;
        }
        if (response.closed()) {
            return;
        }
        if (at >= body.length) {
            response.end();
        } else {
            int next = at;
            response.drainHandler(ignored -> {
                // Once: a handler left in place would be called again by a later drain, after the end.
                response.drainHandler(null);
                write(response, body, next);
            });
        }
    }

    /** Writes zeros until {@code until} bytes, waiting for the client as it reads; counts them. */
    private static void pump(HttpServerResponse response, EndlessBody endless, long until) {
        response.closeHandler(ignored -> endless.stopped.complete(endless.written()));
        pumpOn(response, endless, until, 0);
    }

    private static void pumpOn(HttpServerResponse response, EndlessBody endless, long until, long sent) {
        Buffer zeros = Buffer.buffer(new byte[CHUNK]);
        long at = sent;
        while (at < until && !response.closed() && !response.writeQueueFull()) {
            int length = (int) Math.min(CHUNK, until - at);
            response.write(length == CHUNK ? zeros : zeros.getBuffer(0, length));
            endless.written.addAndGet(length);
            at += length;
        }
        if (response.closed()) {
            return;
        }
        if (at >= until) {
            response.end();
        } else {
            long next = at;
            response.drainHandler(ignored -> {
                response.drainHandler(null);
                pumpOn(response, endless, until, next);
            });
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the media origin started or stopped", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the media origin did not start or stop in time", e);
        }
    }
}
