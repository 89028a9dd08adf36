package dev.motioncontrol.adapters.http;

import dev.motioncontrol.freepik.api.ErrorBody;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 as a server facing clients it does not trust speaks it, in front of a router: the limits the README's
 * "Protocol limits" states, each answered with a status line and a JSON body before the connection is closed.
 *
 * <ul>
 *   <li><b>HTTP/1.1 and 1.0 only.</b> HTTP/2 over cleartext (h2c, by upgrade or prior knowledge) is not served:
 *       its frames bring their own floods to guard against, and the API gains nothing from it.</li>
 *   <li><b>A request head within {@link #headDeadline}</b> of the connection's opening or of its previous answer,
 *       however slowly its bytes trickle in (each byte would reset an idle timer): past it the connection is
 *       closed. This is also how long an idle kept-alive connection stays open.</li>
 *   <li><b>A request body within {@link #bodyDeadline}</b> of its head: past it, 408 and the connection closed.</li>
 *   <li><b>One {@code Host} header</b>: two are a 400, as RFC 9112 (section 3.2) requires.</li>
 *   <li><b>{@code Transfer-Encoding: chunked} only</b>: any other coding is a 501. A chunked request is answered,
 *       then its connection is closed, and a request pipelined after it on that connection is never served: the
 *       HTTP decoder drops a {@code Content-Length} sent beside {@code Transfer-Encoding} before the service sees
 *       the request, so every chunked request is treated as one that might have carried both, which RFC 9112
 *       (section 6.3) says to answer and close, against request smuggling.</li>
 *   <li><b>Request line and headers</b> at most {@value #MAX_INITIAL_LINE_BYTES} and {@value #MAX_HEADER_BYTES}
 *       bytes: 414 and 431. A head the decoder cannot read at all is a 400.</li>
 *   <li><b>An answer before any timeout of the server's</b>: the idle timeout is {@link #IDLE_BEYOND_ANSWER} past the
 *       API's own answer deadline, so that a slow provider yields an answer, never a closed connection.</li>
 * </ul>
 *
 * <p>One guard per {@link HttpServer}, confined to that server's event loop: its connections are kept in a plain
 * map, and one periodic timer looks at them every {@link #SWEEP_EVERY}.
 */
public final class ProtocolGuard {

    /** The longest request line: the Vert.x default, room for a task path many times over. */
    public static final int MAX_INITIAL_LINE_BYTES = 4096;
    /** The most bytes of headers a request may have: the Vert.x default. */
    public static final int MAX_HEADER_BYTES = 8192;
    public static final Duration DEFAULT_HEAD_DEADLINE = Duration.ofSeconds(20);
    public static final Duration DEFAULT_BODY_DEADLINE = Duration.ofSeconds(30);
    /** How far past the API's answer deadline the connection's idle timeout is. */
    static final Duration IDLE_BEYOND_ANSWER = Duration.ofSeconds(30);
    /** How often the deadlines are looked at: a deadline is kept to within this much. */
    static final Duration SWEEP_EVERY = Duration.ofMillis(250);

    private final Vertx vertx;
    private final Duration headDeadline;
    private final Duration bodyDeadline;
    private final Duration answerDeadline;
    private final Map<HttpConnection, Exchange> open = new IdentityHashMap<>();
    private long sweeper = -1;

    private ProtocolGuard(Vertx vertx, Duration headDeadline, Duration bodyDeadline, Duration answerDeadline) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.headDeadline = positive(headDeadline, "headDeadline");
        this.bodyDeadline = positive(bodyDeadline, "bodyDeadline");
        this.answerDeadline = positive(answerDeadline, "answerDeadline");
    }

    /**
     * A guard with the default head and body deadlines for an API that answers every request within
     * {@code answerDeadline} (see {@link MotionControlHttpApi.Builder#answerWithin}).
     */
    public static ProtocolGuard of(Vertx vertx, Duration answerDeadline) {
        return new ProtocolGuard(vertx, DEFAULT_HEAD_DEADLINE, DEFAULT_BODY_DEADLINE, answerDeadline);
    }

    /** The same guard with other head and body deadlines; before {@link #guard}, which starts this one's timer. */
    public ProtocolGuard withDeadlines(Duration head, Duration body) {
        return new ProtocolGuard(vertx, head, body, answerDeadline);
    }

    public Duration headDeadline() {
        return headDeadline;
    }

    public Duration bodyDeadline() {
        return bodyDeadline;
    }

    /** Options for the server this guard stands in front of: h2c off, the sizes and the idle timeout above. */
    public HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setIdleTimeout((int) answerDeadline.plus(IDLE_BEYOND_ANSWER).toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    /** Puts the guard in front of {@code handler} on {@code server}, which must not be listening yet. */
    public HttpServer guard(HttpServer server, Handler<HttpServerRequest> handler) {
        Objects.requireNonNull(handler, "handler");
        server.connectionHandler(this::opened)
                .invalidRequestHandler(ProtocolGuard::unreadableHead)
                .requestHandler(request -> received(request, handler));
        if (sweeper < 0) {
            sweeper = vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweep());
        }
        return server;
    }

    /** Stops looking at the deadlines (the server's connections close with it). */
    public void close() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
            sweeper = -1;
        }
        open.clear();
    }

    private void opened(HttpConnection connection) {
        Exchange exchange = new Exchange(connection, System.nanoTime());
        open.put(connection, exchange);
        connection.closeHandler(closed -> open.remove(connection));
    }

    private void received(HttpServerRequest request, Handler<HttpServerRequest> handler) {
        Exchange exchange = open.get(request.connection());
        if (exchange != null) {
            if (exchange.closeAfterAnswer) {
                // Pipelined after a request that may have smuggled it: never served.
                request.connection().close();
                return;
            }
            exchange.request = request;
            exchange.sinceNanos = System.nanoTime();
        }
        List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
        if (hosts.size() > 1) {
            refuse(request, 400, "The request has " + hosts.size() + " Host headers; send exactly one");
            return;
        }
        List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            String coding = String.join(",", codings).trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("chunked")) {
                refuse(request, 501, "Transfer-Encoding " + printable(coding) + " is not supported; send the "
                        + "body with a Content-Length, or chunked");
                return;
            }
            // Closed once answered (Vert.x flushes what was written before it closes), or by the next sweep should
            // another end handler take this one's place; a request pipelined behind it is never served.
            if (exchange != null) {
                exchange.closeAfterAnswer = true;
            }
            HttpConnection connection = request.connection();
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .endHandler(ended -> connection.close());
        }
        handler.handle(request);
    }

    /** Closes what is past its deadline; forgets answered requests. */
    private void sweep() {
        long now = System.nanoTime();
        for (Exchange exchange : new ArrayList<>(open.values())) {
            HttpServerRequest request = exchange.request;
            if (request != null && request.response().ended()) {
                exchange.request = null;
                exchange.sinceNanos = now;
                request = null;
            }
            if (request == null) {
                if (exchange.closeAfterAnswer || now - exchange.sinceNanos > headDeadline.toNanos()) {
                    exchange.connection.close();
                }
            } else if (!request.isEnded() && now - exchange.sinceNanos > bodyDeadline.toNanos()) {
                exchange.closeAfterAnswer = true;
                refuse(request, 408, "The request's body did not arrive within " + bodyDeadline.toSeconds()
                        + " s of its head; the connection is closed");
            }
        }
    }

    /** A head the HTTP decoder refused: what the Vert.x default answers, with a body. */
    private static void unreadableHead(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            refuse(request, 414, "The request line is over " + MAX_INITIAL_LINE_BYTES + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            refuse(request, 431, "The request's headers are over " + MAX_HEADER_BYTES + " bytes");
        } else {
            refuse(request, 400, "The request is not HTTP/1.1 this server can read");
        }
    }

    /**
     * Answers {@code status} with {@code message}, then closes the connection, at once: Vert.x flushes what was
     * written before it closes, and the connection may be closing already (after a decoding failure).
     */
    static void refuse(HttpServerRequest request, int status, String message) {
        HttpServerResponse response = request.response();
        HttpConnection connection = request.connection();
        if (response.ended() || response.closed() || response.headWritten()) {
            connection.close();
            return;
        }
        response.setStatusCode(status)
                .setStatusMessage(HttpResponseStatus.valueOf(status).reasonPhrase())
                .putHeader(HttpHeaders.CONTENT_TYPE, MotionControlHttpApi.APPLICATION_JSON)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(MotionControlHttpApi.json(new ErrorBody(message)));
        connection.close();
    }

    /** {@code text} fit for a message: visible ASCII only, cut at 40 characters. */
    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        StringBuilder safe = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> safe.append(c >= ' ' && c < 0x7f ? (char) c : '?'));
        return safe.toString();
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " is at least a millisecond, was " + duration);
        }
        return duration;
    }

    /** One connection, and the request on it being answered, if any. */
    private static final class Exchange {
        final HttpConnection connection;
        HttpServerRequest request;
        /** When the request arrived, or, with none, when the connection opened or its last answer was seen. */
        long sinceNanos;
        boolean closeAfterAnswer;

        Exchange(HttpConnection connection, long sinceNanos) {
            this.connection = connection;
            this.sinceNanos = sinceNanos;
        }
    }
}
