package dev.motioncontrol.adapters.media;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media host on 127.0.0.1 and an ephemeral port: serves byte arrays with or without byte ranges, redirects, errors,
 * silence and endless streams, and records what reaches it.
 */
final class MediaServer {

    /** One request as received: its target, headers by lower-case name, and the TLS server name it asked for. */
    record Seen(String path, Map<String, String> headers, String serverName) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** How a byte array is served. */
    record Serving(boolean ranges, boolean saysTotal, boolean chunked, String etag, String lastModified,
                   boolean sendsToTheEnd, boolean ignoresConditions) {

        /** Byte ranges (206 with the total length), no validator. */
        static Serving withRanges() {
            return new Serving(true, true, false, null, null, false, false);
        }

        /** Always 200 with the whole body and its Content-Length. */
        static Serving withoutRanges() {
            return new Serving(false, true, false, null, null, false, false);
        }

        /** Always 200, chunked: no Content-Length. */
        static Serving chunkedWithoutLength() {
            return new Serving(false, false, true, null, null, false, false);
        }

        /** Byte ranges whose Content-Range does not say the total ({@code bytes 0-99/*}). */
        static Serving withRangesOfUnknownTotal() {
            return new Serving(true, false, false, null, null, false, false);
        }

        Serving withEtag(String etag) {
            return new Serving(ranges, saysTotal, chunked, etag, lastModified, sendsToTheEnd, ignoresConditions);
        }

        Serving withLastModified(String lastModified) {
            return new Serving(ranges, saysTotal, chunked, etag, lastModified, sendsToTheEnd, ignoresConditions);
        }

        /** A range answer that runs from the first byte asked for to the end, whatever the last byte asked for. */
        Serving sendingToTheEnd() {
            return new Serving(ranges, saysTotal, chunked, etag, lastModified, true, ignoresConditions);
        }

        /** Sends the validator but never answers 304. */
        Serving ignoringConditions() {
            return new Serving(ranges, saysTotal, chunked, etag, lastModified, sendsToTheEnd, true);
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int CHUNK = 16 * 1024;

    private final HttpServer server;
    private final Map<String, Handler<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    final List<Seen> requests = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> aConnectionClosed = new CompletableFuture<>();

    private MediaServer(HttpServer server) {
        this.server = server;
    }

    static MediaServer start(Vertx vertx) throws Exception {
        return start(vertx, new HttpServerOptions());
    }

    static MediaServer start(Vertx vertx, HttpServerOptions options) throws Exception {
        HttpServer server = vertx.createHttpServer(options);
        MediaServer media = new MediaServer(server);
        server.connectionHandler(connection -> connection.closeHandler(
            closed -> media.aConnectionClosed.complete(null)));
        server.requestHandler(request -> {
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
            media.requests.add(new Seen(request.uri(), headers, request.connection().indicatedServerName()));
            media.routes.getOrDefault(request.path(), r -> r.response().setStatusCode(404).end("no such medium"))
                .handle(request);
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return media;
    }

    int port() {
        return server.actualPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    List<String> paths() {
        return requests.stream().map(Seen::path).toList();
    }

    MediaServer serve(String path, byte[] body, Serving how) {
        routes.put(path, request -> serve(request, body, how));
        return this;
    }

    /** Serves {@code body} only once {@code gate} completes. */
    MediaServer serveAfter(String path, byte[] body, Serving how, CompletableFuture<Void> gate) {
        routes.put(path, request -> {
            Context context = Vertx.currentContext();
            gate.thenRun(() -> context.runOnContext(ignored -> serve(request, body, how)));
        });
        return this;
    }

    /** Lets {@code handler} answer the requests for {@code path}. */
    MediaServer route(String path, Handler<HttpServerRequest> handler) {
        routes.put(path, handler);
        return this;
    }

    MediaServer redirect(String path, int status, String location) {
        routes.put(path, request -> request.response().setStatusCode(status).putHeader("Location", location).end());
        return this;
    }

    MediaServer answer(String path, int status) {
        routes.put(path, request -> request.response().setStatusCode(status).end("<html>error page</html>"));
        return this;
    }

    /** Takes the request and never answers. */
    MediaServer silent(String path) {
        routes.put(path, request -> { });
        return this;
    }

    /** Sends {@code prefix}, chunked, then zeros for as long as the connection lasts. */
    MediaServer endless(String path, byte[] prefix) {
        routes.put(path, request -> {
            HttpServerResponse response = request.response().setChunked(true);
            response.write(Buffer.buffer(prefix));
            pump(response);
        });
        return this;
    }

    void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void pump(HttpServerResponse response) {
        Buffer zeros = Buffer.buffer(new byte[CHUNK]);
        while (!response.closed() && !response.writeQueueFull()) {
            response.write(zeros);
        }
        if (!response.closed()) {
            response.drainHandler(ignored -> pump(response));
        }
    }

    /** Answers {@code request} with {@code body}, served {@code how}. */
    static void serve(HttpServerRequest request, byte[] body, Serving how) {
        HttpServerResponse response = request.response().putHeader("Content-Type", "application/octet-stream");
        if (how.etag() != null) {
            response.putHeader("ETag", how.etag());
            if (!how.ignoresConditions() && how.etag().equals(request.getHeader("If-None-Match"))) {
                response.setStatusCode(304).end();
                return;
            }
        }
        if (how.lastModified() != null) {
            response.putHeader("Last-Modified", how.lastModified());
            if (how.etag() == null && how.lastModified().equals(request.getHeader("If-Modified-Since"))) {
                response.setStatusCode(304).end();
                return;
            }
        }
        String range = request.getHeader("Range");
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        if (how.ranges() && matcher != null && matcher.matches()) {
            int first;
            int last;
            if (matcher.group(1).isEmpty()) {
                first = Math.max(0, body.length - Integer.parseInt(matcher.group(2)));
                last = body.length - 1;
            } else {
                first = Integer.parseInt(matcher.group(1));
                last = matcher.group(2).isEmpty() || how.sendsToTheEnd() ? body.length - 1
                    : Math.min(body.length - 1, Integer.parseInt(matcher.group(2)));
            }
            if (first >= body.length) {
                response.setStatusCode(416).putHeader("Content-Range", "bytes */" + body.length).end();
                return;
            }
            response.setStatusCode(206)
                .putHeader("Content-Range", "bytes " + first + "-" + last + "/" + (how.saysTotal() ? body.length : "*"))
                .end(Buffer.buffer(Arrays.copyOfRange(body, first, last + 1)));
            return;
        }
        if (how.chunked()) {
            response.setChunked(true);
            write(response, body, 0);
            return;
        }
        response.end(Buffer.buffer(body));
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
            response.drainHandler(ignored -> write(response, body, next));
        }
    }
}
