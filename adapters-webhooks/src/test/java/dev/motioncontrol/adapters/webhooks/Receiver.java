package dev.motioncontrol.adapters.webhooks;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on 127.0.0.1 and an ephemeral port that records what reaches it. */
final class Receiver {

    /** One request as received: headers by lower-case name, the raw body, and the TLS server name it asked for. */
    record Received(String path, Map<String, String> headers, byte[] body, String serverName) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    final List<Received> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final CompletableFuture<Void> aConnectionClosed = new CompletableFuture<>();

    private Receiver(HttpServer server) {
        this.server = server;
    }

    /** Answers every request with {@code status} and an empty body, once the whole body has arrived. */
    static Receiver answering(Vertx vertx, int status) throws Exception {
        return start(vertx, new HttpServerOptions(), request -> request.response().setStatusCode(status).end());
    }

    /** Records every request and then lets {@code respond} answer it (or not). */
    static Receiver start(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> respond)
            throws Exception {
        HttpServer server = vertx.createHttpServer(options);
        Receiver receiver = new Receiver(server);
        server.connectionHandler(connection -> {
            receiver.connections.incrementAndGet();
            connection.closeHandler(closed -> receiver.aConnectionClosed.complete(null));
        });
        server.requestHandler(request -> request.body().onSuccess(body -> {
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
            receiver.requests.add(new Received(request.uri(), headers, body.getBytes(),
                request.connection().indicatedServerName()));
            respond.handle(request);
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return receiver;
    }

    int port() {
        return server.actualPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
