package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.Answer;
import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.NotSent;
import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.SentUnknown;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One attempt of one HTTP call to the provider, and nothing more: no retry, no limit, no judgement. It sends
 * the key in its header, follows no redirect (it would carry the key wherever it points), reads at most
 * {@link #MAX_ANSWER_BYTES} of an answer, and reports what happened as an {@link AttemptOutcome}: the answer,
 * or no answer and whether the request provably never left (connection refused, unknown host, no route, TLS
 * handshake failed) or may have reached the provider.
 *
 * <p>The core {@link HttpClient}, not a {@code WebClient}: a WebClient sends as soon as its connection opens and
 * offers no way to reset a request or to stop reading its answer, so it could neither promise that nothing is
 * sent after an attempt was given up as not sent, nor free a connection held by an answer that trickles in.
 *
 * <p>Confined to the client's own Vert.x context: {@link #send} and {@link Exchange#cut} are called on it, and
 * every callback of the HTTP client comes back on it, so an exchange needs no lock.
 */
final class FreepikTransport {

    /** The largest answer body read; a larger one is cut off (its connection closed) and is unreadable. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final String baseUrl;
    private final String apiKeyHeader;
    private final String apiKey;
    private final long requestTimeoutMillis;
    private final Redactor redactor;

    FreepikTransport(Vertx vertx, HttpClient client, FreepikSettings settings, Redactor redactor) {
        this.vertx = vertx;
        this.client = client;
        this.baseUrl = settings.baseUrl().toString();
        this.apiKeyHeader = settings.apiKeyHeader();
        this.apiKey = settings.apiKey();
        this.requestTimeoutMillis = Math.max(1, settings.requestTimeout().toMillis());
        this.redactor = redactor;
    }

    /**
     * Starts one attempt of {@code operation} with {@code body} (or none), cut off at {@code deadlineNanos}
     * ({@link System#nanoTime()}) however far it got; {@code deadlinePassed} says so in the outcome.
     */
    Exchange send(Operation operation, Buffer body, long deadlineNanos, String deadlinePassed) {
        Exchange exchange = new Exchange(body, deadlinePassed);
        exchange.start(operation, deadlineNanos);
        return exchange;
    }

    /** Whether {@code cause} says the connection failed before anything was written to it. */
    static boolean neverSent(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            // Netty's connect timeout (io.netty.channel.ConnectTimeoutException) is a ConnectException too.
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || c instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private enum Stage { CONNECTING, WRITTEN, ANSWERED, DONE }

    /** One attempt in flight: its outcome comes once, and nothing is sent after it came. */
    final class Exchange {
        private final Promise<AttemptOutcome> outcome = Promise.promise();
        private final Buffer body;
        private final String deadlinePassed;
        private Stage stage = Stage.CONNECTING;
        private HttpClientRequest request;
        private int status;
        private String retryAfter;
        private long cutTimer = -1;

        private Exchange(Buffer body, String deadlinePassed) {
            this.body = body;
            this.deadlinePassed = deadlinePassed;
        }

        /** What the attempt came to; always succeeds. */
        Future<AttemptOutcome> outcome() {
            return outcome.future();
        }

        /**
         * Gives the attempt up now, because {@code why} (a clause: "the total deadline of 60000 ms passed"). Not
         * yet written, it is {@link NotSent} (and never will be sent); written, its outcome is unknown; answered,
         * its body is unreadable. Its connection is closed.
         */
        void cut(String why) {
            switch (stage) {
                case CONNECTING -> finish(new NotSent("the connection was not open when " + why));
                case WRITTEN -> finish(new SentUnknown("no answer had come when " + why));
                case ANSWERED -> finish(Answer.unreadable(status, retryAfter, "its body had not all arrived when " + why));
                default -> {
                }
            }
        }

        private void start(Operation operation, long deadlineNanos) {
            long remainingMillis = ceilMillis(deadlineNanos - System.nanoTime());
            if (remainingMillis <= 0) {
                finish(new NotSent("the connection was not open when " + deadlinePassed));
                return;
            }
            cutTimer = vertx.setTimer(remainingMillis, id -> {
                cutTimer = -1;
                cut(deadlinePassed);
            });
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(operation.method()))
                    .setAbsoluteURI(baseUrl + operation.path())
                    .setFollowRedirects(false)
                    // Vert.x counts it from the last byte received; the cut timer bounds the whole attempt.
                    .setIdleTimeout(Math.min(requestTimeoutMillis, remainingMillis))
                    .putHeader("User-Agent", "motion-control")
                    .putHeader(apiKeyHeader, apiKey)
                    .putHeader("Accept", "application/json");
            if (body != null) {
                options.putHeader("Content-Type", "application/json");
            }
            Future<HttpClientRequest> connecting;
            try {
                connecting = client.request(options);
            } catch (RuntimeException e) {
                // A closed client refuses at once: nothing was sent.
                connecting = Future.failedFuture(e);
            }
            connecting.onComplete(this::connected);
        }

        private void connected(AsyncResult<HttpClientRequest> connected) {
            if (stage == Stage.DONE) {
                // Given up while connecting, and reported as not sent: it must stay so.
                if (connected.succeeded()) {
                    connected.result().reset();
                }
                return;
            }
            if (connected.failed()) {
                finish(new NotSent(redactor.describe(connected.cause())));
                return;
            }
            request = connected.result();
            request.exceptionHandler(ignored -> {
                // Reported through the response future or the response's own handlers.
            });
            // From here on the request may be on the wire: a cut can no longer call it not sent.
            stage = Stage.WRITTEN;
            Future<HttpClientResponse> head = body == null ? request.send() : request.send(body);
            head.onComplete(answered -> {
                if (answered.failed()) {
                    Throwable cause = answered.cause();
                    finish(neverSent(cause) ? new NotSent(redactor.describe(cause))
                            : new SentUnknown(redactor.describe(cause)));
                } else {
                    read(answered.result());
                }
            });
        }

        private void read(HttpClientResponse response) {
            if (stage != Stage.WRITTEN) {
                return;
            }
            stage = Stage.ANSWERED;
            status = response.statusCode();
            retryAfter = response.getHeader("Retry-After");
            // Set first: a reset (by a cut, or below) is reported here, not as an unhandled error.
            response.exceptionHandler(e -> finish(new SentUnknown(redactor.describe(e))));
            if (declaredLength(response) > MAX_ANSWER_BYTES) {
                finish(tooLarge());
                return;
            }
            Buffer received = Buffer.buffer();
            response.handler(chunk -> {
                if ((long) received.length() + chunk.length() > MAX_ANSWER_BYTES) {
                    finish(tooLarge());
                } else {
                    received.appendBuffer(chunk);
                }
            });
            response.endHandler(v -> {
                request = null; // Complete: its connection goes back to the pool.
                finish(Answer.of(status, retryAfter, received.getBytes()));
            });
        }

        private Answer tooLarge() {
            return Answer.unreadable(status, retryAfter, "it is larger than " + MAX_ANSWER_BYTES + " bytes");
        }

        private void finish(AttemptOutcome result) {
            if (stage == Stage.DONE) {
                return;
            }
            stage = Stage.DONE;
            if (cutTimer >= 0) {
                vertx.cancelTimer(cutTimer);
                cutTimer = -1;
            }
            HttpClientRequest unfinished = request;
            request = null;
            try {
                if (unfinished != null) {
                    // Closes its connection: an answer still trickling in stops holding it.
                    unfinished.reset();
                }
            } finally {
                outcome.complete(result);
            }
        }
    }

    /** The answer's {@code Content-Length}, or -1 when it has none (or none that can be read). */
    private static long declaredLength(HttpClientResponse response) {
        String header = response.getHeader("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Nanoseconds as milliseconds, rounded up. */
    static long ceilMillis(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }
}
