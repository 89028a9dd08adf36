package dev.motioncontrol.adapters.results;

import dev.motioncontrol.application.port.out.GeneratedVideoFetcher;
import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.outbound.CheckedDialling;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Downloads generated videos over HTTP(S) into local files, streaming, with one Vert.x HTTP client kept for the life
 * of this object.
 *
 * <p>No server-side request forgery: the URL and every redirect (at most {@link ResultFetcherSettings#maxRedirects()},
 * followed here, never by the client) go through {@link CheckedDialling}: the URL is judged, its host resolved within
 * the connect timeout, every address judged, and the checked address dialled with the URL's host as the authority.
 * The query, which carries the provider's signed token, is sent but never judged nor quoted ({@link VideoUrl}).
 *
 * <p>Streaming: the body goes to the file through an {@link AsyncFile} as it comes, its SHA-256 and its size computed
 * on the way; when the file falls behind, the body is paused until it catches up, so the server waits rather than
 * this process buffering. A stated length above {@link ResultFetcherSettings#maxBytes()} is refused before any of the
 * body is read; a body that runs past it is cut off there, its connection reset so the server stops sending.
 *
 * <p>Bounded in time: the whole fetch by {@link ResultFetcherSettings#totalTimeout()}, a server that sends nothing
 * (no answer, no bytes) by {@link ResultFetcherSettings#idleTimeout()}, each look-up and connect by
 * {@link ResultFetcherSettings#connectTimeout()}.
 *
 * <p>The stage never fails and always completes (the total timeout ends whatever else does not). Whatever the
 * outcome other than {@link Fetched}, the file is removed. Reasons name at most a host, never the URL's query.
 */
public final class HttpResultFetcher implements GeneratedVideoFetcher {

    /** Downloads from one provider host at once; more wait for a connection, within their connect timeout. */
    static final int CONNECTIONS_PER_HOST = 16;
    static final String DEFAULT_CONTENT_TYPE = "video/mp4";
    /** A {@code video/*} media type whose subtype is an RFC 9110 token, lower-cased. */
    private static final Pattern VIDEO_TYPE = Pattern.compile("video/[a-z0-9!#$%&'*+.^_`|~-]{1,127}");
    private static final String WRITE_FAILED = "the video could not be written to its file";

    private final Vertx vertx;
    private final ResultFetcherSettings settings;
    private final CheckedDialling dialling;
    private final HttpClientAgent client;

    public HttpResultFetcher(Vertx vertx, ResultFetcherSettings settings, HostResolver resolver) {
        this(vertx, settings, resolver, new HttpClientOptions());
    }

    /** With other client options (a trust store, socket buffers); host verification and the timeouts stay. */
    HttpResultFetcher(Vertx vertx, ResultFetcherSettings settings, HostResolver resolver,
                      HttpClientOptions clientOptions) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialling = new CheckedDialling(vertx, Objects.requireNonNull(resolver, "resolver"),
            settings.accessPolicy());
        this.client = vertx.createHttpClient(new HttpClientOptions(clientOptions)
                .setVerifyHost(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis())),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_HOST));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The download runs on the caller's Vert.x context (on an event-loop context of its own when called from
     * elsewhere), and the stage is completed there.
     */
    @Override
    public CompletionStage<Fetch> fetch(URI source, Path into) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(into, "into");
        CompletableFuture<Fetch> outcome = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> {
            Download download = new Download(context, into, outcome);
            try {
                download.start(source);
            } catch (RuntimeException bug) {
                download.fail(true, "the video could not be fetched");
            }
        });
        return outcome.minimalCompletionStage();
    }

    /** Closes the HTTP client; downloads in flight fail (and leave no file). */
    public Future<Void> close() {
        return client.close();
    }

    /** The media type of a {@code Content-Type} header when it is a {@code video/*} one, {@code video/mp4} if not. */
    static String videoTypeOf(String contentType) {
        if (contentType == null) {
            return DEFAULT_CONTENT_TYPE;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
            .toLowerCase(Locale.ROOT);
        return VIDEO_TYPE.matcher(type).matches() ? type : DEFAULT_CONTENT_TYPE;
    }

    /** Whether a server that answered {@code status} may answer better later: it timed out, is busy, or is down. */
    static boolean mayRetryAfter(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** "10 min", "30 s", "250 ms". */
    static String words(Duration duration) {
        long millis = duration.toMillis();
        return millis % 60_000 == 0 ? millis / 60_000 + " min"
            : millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException absent) {
            throw new IllegalStateException("every Java platform has SHA-256", absent);
        }
    }

    /** One download in progress; touched only on its context. */
    private final class Download {
        private final Context context;
        private final Path into;
        private final CompletableFuture<Fetch> outcome;
        /** The host of the URL being fetched (the last redirect's), as reasons name it. */
        private String host;
        private HttpClientRequest request;
        private HttpClientResponse response;
        private Future<AsyncFile> opening;
        private AsyncFile file;
        private boolean diskFailed;
        private final MessageDigest digest = sha256();
        private long received;
        private String contentType;
        private long totalTimer = -1;
        private long idleTimer = -1;
        /** When the server last sent something, or the file last caught up with it: the start of the idle clock. */
        private long quietSince;
        /** The body is paused because the file is behind (or not open yet): the server is not the one idle. */
        private boolean awaitingFile;
        /** The outcome is decided; whatever happens from now on is dropped. */
        private boolean settled;

        Download(Context context, Path into, CompletableFuture<Fetch> outcome) {
            this.context = context;
            this.into = into;
            this.outcome = outcome;
        }

        void start(URI source) {
            VideoUrl url;
            try {
                url = VideoUrl.of(source);
            } catch (IllegalArgumentException invalid) {
                fail(false, "the video's URL " + invalid.getMessage());
                return;
            }
            host = url.host();
            totalTimer = vertx.setTimer(settings.totalTimeout().toMillis(), id -> fail(true,
                "the video did not come from " + host + " within " + words(settings.totalTimeout())));
            hop(url, 0);
        }

        // ---- reaching the video -----------------------------------------------------------------------------------

        private void hop(VideoUrl url, int redirects) {
            host = url.host();
            dialling.check(url.judged(), settings.connectTimeout().toMillis(), context).onComplete(guarded(checked -> {
                if (settled) {
                    return;
                }
                if (checked.failed()) {
                    fail(true, host + " could not be looked up");
                } else if (checked.result() instanceof CheckedDialling.Allowed allowed) {
                    send(url, allowed.address(), redirects);
                } else if (checked.result() instanceof CheckedDialling.Refused refused) {
                    fail(false, (redirects == 0 ? "the video's URL " : "the video's URL redirects to " + host
                        + ", which ") + refused.reason());
                } else {
                    CheckedDialling.Unresolved unresolved = (CheckedDialling.Unresolved) checked.result();
                    fail(true, unresolved.timedOut()
                        ? unresolved.host() + " did not resolve within " + words(settings.connectTimeout())
                        : unresolved.host() + " does not resolve");
                }
            }));
        }

        /** One GET to {@code address}, which was checked, with the URL's host as the authority and the TLS peer. */
        private void send(VideoUrl url, InetAddress address, int redirects) {
            RequestOptions options = CheckedDialling.requestTo(url.judged(), address)
                .setURI(url.requestTarget())
                .setMethod(HttpMethod.GET)
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .putHeader(HttpHeaders.USER_AGENT, settings.userAgent())
                // The bytes as they are kept: their hash and size are the file's, never those of a compressed form.
                .putHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            client.request(options).onComplete(guarded(obtained -> {
                if (obtained.failed()) {
                    broke(obtained.cause());
                    return;
                }
                HttpClientRequest exchange = obtained.result();
                if (settled) {
                    // The deadline passed while connecting: drop the connection rather than ask late.
                    exchange.reset();
                    return;
                }
                request = exchange;
                // What this exchange reports once the download has moved on (a redirect it dropped) is no failure.
                exchange.exceptionHandler(failure -> {
                    if (request == exchange) {
                        broke(failure);
                    }
                });
                quietSince = System.nanoTime();
                watchIdle(settings.idleTimeout().toMillis());
                exchange.send().onComplete(guarded(answer -> {
                    if (request != exchange) {
                        return;
                    }
                    if (answer.failed()) {
                        broke(answer.cause());
                    } else {
                        answered(url, answer.result(), redirects);
                    }
                }));
            }));
        }

        private void answered(VideoUrl url, HttpClientResponse answer, int redirects) {
            if (settled) {
                return;
            }
            response = answer;
            HttpClientRequest exchange = request;
            answer.exceptionHandler(failure -> {
                if (request == exchange) {
                    broke(failure);
                }
            });
            quietSince = System.nanoTime();
            int status = answer.statusCode();
            if (isRedirect(status)) {
                String location = answer.getHeader(HttpHeaders.LOCATION);
                // Its body is of no use: dropped with its connection, which a redirect rarely costs much.
                request = null;
                response = null;
                exchange.reset();
                vertx.cancelTimer(idleTimer);
                if (location == null) {
                    fail(false, statusReason(status) + " without saying where to");
                } else if (redirects >= settings.maxRedirects()) {
                    fail(false, "the video's URL led through more than " + settings.maxRedirects() + " redirects");
                } else {
                    Optional<VideoUrl> next = url.redirectedTo(location);
                    if (next.isEmpty()) {
                        fail(false, host + " redirected to something other than an http or https URL");
                    } else {
                        hop(next.get(), redirects + 1);
                    }
                }
                return;
            }
            if (status != 200) {
                fail(mayRetryAfter(status), statusReason(status));
                return;
            }
            body(answer);
        }

        // ---- the body, to the file ----------------------------------------------------------------------------------

        private void body(HttpClientResponse answer) {
            answer.pause();
            awaitingFile = true;
            String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.matches("\\d+")
                    && (length.length() > 18 || Long.parseLong(length) > settings.maxBytes())) {
                fail(false, "the video is " + length + " bytes, larger than the cap of " + settings.maxBytes()
                    + " bytes");
                return;
            }
            contentType = videoTypeOf(answer.getHeader(HttpHeaders.CONTENT_TYPE));
            opening = vertx.fileSystem().open(into.toString(),
                new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true));
            opening.onComplete(guarded(opened -> {
                if (settled) {
                    // Closed and removed by whoever settled.
                    return;
                }
                if (opened.failed()) {
                    fail(true, WRITE_FAILED);
                    return;
                }
                file = opened.result();
                file.exceptionHandler(this::fileFailed);
                file.drainHandler(ignored -> resume());
                answer.handler(guarded(this::chunk));
                answer.endHandler(guarded(ignored -> ended()));
                resume();
            }));
        }

        private void chunk(Buffer chunk) {
            if (settled) {
                return;
            }
            quietSince = System.nanoTime();
            received += chunk.length();
            if (received > settings.maxBytes()) {
                fail(false, "the video is larger than the cap of " + settings.maxBytes() + " bytes");
                return;
            }
            digest.update(chunk.getBytes());
            file.write(chunk).onFailure(this::fileFailed);
            if (file.writeQueueFull()) {
                response.pause();
                awaitingFile = true;
            }
        }

        private void resume() {
            if (!settled && awaitingFile) {
                awaitingFile = false;
                quietSince = System.nanoTime();
                response.resume();
            }
        }

        private void ended() {
            if (settled) {
                return;
            }
            settled = true;
            cancelTimers();
            // Closing waits for the writes still queued; the file is whole once it is closed.
            file.close().onComplete(closed -> {
                if (closed.succeeded() && !diskFailed) {
                    outcome.complete(new Fetched(received, HexFormat.of().formatHex(digest.digest()), contentType));
                } else {
                    remove().onComplete(ignored -> outcome.complete(new Failed(WRITE_FAILED, true)));
                }
            });
        }

        private void fileFailed(Throwable cause) {
            diskFailed = true;
            fail(true, WRITE_FAILED);
        }

        // ---- ending -------------------------------------------------------------------------------------------------

        /** {@code handler}, whose bug ends the download rather than leave it to its total timeout. */
        private <T> Handler<T> guarded(Handler<T> handler) {
            return event -> {
                try {
                    handler.handle(event);
                } catch (RuntimeException bug) {
                    fail(true, "the video could not be fetched");
                }
            };
        }

        private void watchIdle(long delayMillis) {
            vertx.cancelTimer(idleTimer);
            idleTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
                if (settled) {
                    return;
                }
                long idleMillis = settings.idleTimeout().toMillis();
                long quietMillis = (System.nanoTime() - quietSince) / 1_000_000;
                if (awaitingFile) {
                    watchIdle(idleMillis);
                } else if (quietMillis >= idleMillis) {
                    fail(true, "nothing came from " + host + " for " + words(settings.idleTimeout()));
                } else {
                    watchIdle(idleMillis - quietMillis);
                }
            });
        }

        /** The connection failed or broke off: in words of our own, since an exception's text may quote anything. */
        private void broke(Throwable cause) {
            if (settled) {
                return;
            }
            for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof ConnectException) {
                    fail(true, host + " refused the connection");
                    return;
                }
                if (c instanceof SSLException) {
                    fail(true, "the TLS handshake with " + host + " failed");
                    return;
                }
                if (response == null && (c instanceof TimeoutException
                        || c instanceof io.netty.channel.ConnectTimeoutException)) {
                    fail(true, "could not connect to " + host + " within " + words(settings.connectTimeout()));
                    return;
                }
            }
            fail(true, response == null ? "the connection to " + host + " failed"
                : "the connection to " + host + " broke off after " + received + " bytes");
        }

        private String statusReason(int status) {
            String phrase = HttpResponseStatus.valueOf(status).reasonPhrase();
            return "the server at " + host + " answered " + status + (phrase.contains("(") ? "" : " " + phrase);
        }

        /** Ends the download without a video: its connection dropped, the file closed and removed, then the outcome. */
        void fail(boolean mayRetry, String reason) {
            if (settled) {
                return;
            }
            settled = true;
            cancelTimers();
            if (request != null) {
                // Does nothing to an answer read to its end; closes the connection of one that is not.
                request.reset();
            }
            Future<Void> closed = opening == null ? Future.succeededFuture()
                : opening.transform(opened -> opened.succeeded() ? opened.result().close() : Future.succeededFuture());
            closed.transform(ignored -> remove())
                .onComplete(ignored -> outcome.complete(new Failed(reason, mayRetry)));
        }

        /** Removes the file, whether this download wrote it or it was there before; never fails. */
        private Future<Void> remove() {
            return vertx.fileSystem().delete(into.toString()).otherwiseEmpty();
        }

        private void cancelTimers() {
            vertx.cancelTimer(totalTimer);
            vertx.cancelTimer(idleTimer);
        }
    }
}
