package dev.motioncontrol.adapters.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.application.port.out.MediaProbe;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.VideoFacts;
import dev.motioncontrol.outbound.CheckedDialling;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Probes media over HTTP(S), reading as little of each as its {@link MediaReader} needs: a range of its head, then
 * whatever range the reader asks for (typically its tail), with one Vert.x HTTP client kept for the life of this
 * object.
 *
 * <p>No server-side request forgery: every URL, the client's and every redirect's, is judged by the
 * {@link dev.motioncontrol.domain.UrlAccessPolicy}, its host is resolved and <em>every</em> address it resolves to is
 * judged too; the connection goes to the checked address, never to the name again, while the {@code host} header,
 * TLS SNI and the certificate check keep the URL's host. Redirects are followed by the probe itself, at most
 * {@link MediaProbeSettings#maxRedirects()} per fetch.
 *
 * <p>Bounded reads: a server that serves byte ranges ({@code 206}) sends what was asked and no more (a longer answer
 * is cut). A server that does not ({@code 200}) is read as a stream, paused as soon as the reader has what it asked
 * for, and its connection reset when the probe is done with it: a large file is never downloaded. The most a probe
 * reads for its reader is {@link MediaProbeSettings#maxBytesRead()}; the one exception is an image whose server says
 * neither its length nor serves ranges, which is counted (not kept) to one byte past
 * {@link MediaProbeSettings#maxImageBytes()}, to learn whether it is too large. An image whose length the server says
 * is judged on that length, whatever it is, from its head alone.
 *
 * <p>Outcomes are remembered per URL and kind with the server's validator ({@code ETag}, {@code Last-Modified}): a
 * later probe asks for one byte, conditionally, and reuses the outcome on {@code 304 Not Modified} (or when the
 * validator is unchanged). An outcome without a validator is reused for a short while without asking. Outcomes of
 * media that could not be fetched are not remembered. Probes of one URL and kind that overlap share one probe.
 *
 * <p>The stage never fails (see {@link MediaProbe}); reasons never quote the medium's bytes nor an exception.
 */
public final class HttpMediaProbe implements MediaProbe {

    /** The head, a tail, and room for one more range a reader may need: the most requests a measure makes. */
    static final int MAX_FETCHES = 4;
    /** Connections to one media host at once; more probes of it wait for one (within the probe's timeout). */
    static final int CONNECTIONS_PER_HOST = 64;

    private final Vertx vertx;
    private final MediaProbeSettings settings;
    private final CheckedDialling dialling;
    private final MediaReader reader;
    private final HttpClientAgent client;
    private final Cache<Key, Remembered> remembered;
    private final ConcurrentMap<Key, CompletableFuture<Probe>> inFlight = new ConcurrentHashMap<>();

    public HttpMediaProbe(Vertx vertx, MediaProbeSettings settings, HostResolver resolver, MediaReader reader) {
        this(vertx, settings, resolver, reader, new HttpClientOptions(), Ticker.systemTicker());
    }

    /** With other client options (a trust store) and another clock for the cache. */
    HttpMediaProbe(Vertx vertx, MediaProbeSettings settings, HostResolver resolver, MediaReader reader,
                   HttpClientOptions clientOptions, Ticker ticker) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialling = new CheckedDialling(vertx, Objects.requireNonNull(resolver, "resolver"),
            settings.accessPolicy());
        this.reader = Objects.requireNonNull(reader, "reader");
        // A probe keeps its connection while it reads a medium in steps: the default of 5 connections a host would
        // make probes of a busy media host (a CDN, a bucket) wait for one another past their fetch timeout.
        this.client = vertx.createHttpClient(new HttpClientOptions(clientOptions)
            .setVerifyHost(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, fetchMillis())),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_HOST));
        this.remembered = Caffeine.newBuilder()
            .maximumSize(settings.cacheSize())
            .ticker(ticker)
            .expireAfter(Expiry.writing((Key key, Remembered entry) -> entry.hasValidator()
                ? settings.cacheAge() : settings.cacheAgeWithoutValidator()))
            .build();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The probe runs on the caller's Vert.x context (on an event-loop context of its own when called from
     * elsewhere), and so does the {@link MediaReader}: the reader is pure and reads at most
     * {@link MediaProbeSettings#maxBytesRead()}. The stage is completed on that context.
     */
    @Override
    public CompletionStage<Probe> probe(HttpUrl url, MediaFormat.Kind kind) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        Key key = new Key(url.toString(), kind);
        CompletableFuture<Probe> shared = new CompletableFuture<>();
        CompletableFuture<Probe> running = inFlight.putIfAbsent(key, shared);
        if (running != null) {
            return running.minimalCompletionStage();
        }
        // One context per probe: every step, timer and answer of it runs there, one at a time.
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> {
            Future<Probe> outcome;
            try {
                outcome = probeOnce(context, key, url, kind);
            } catch (RuntimeException unexpected) {
                outcome = Future.failedFuture(unexpected);
            }
            outcome.onComplete(result -> {
                inFlight.remove(key, shared);
                shared.complete(result.succeeded() ? result.result()
                    : new Unfetchable("could not be fetched: the probe failed", 0));
            });
        });
        return shared.minimalCompletionStage();
    }

    /** Closes the HTTP client; probes in flight end as unfetchable. */
    public Future<Void> close() {
        return client.close();
    }

    private Future<Probe> probeOnce(Context context, Key key, HttpUrl url, MediaFormat.Kind kind) {
        Remembered before = remembered.getIfPresent(key);
        if (before != null && !before.hasValidator()) {
            return Future.succeededFuture(withBytesRead(before.outcome(), 0));
        }
        Session session = new Session(context, key, url, kind);
        Promise<Probe> outcome = Promise.promise();
        long timer = vertx.setTimer(settings.probeTimeout().toMillis(), id -> {
            if (outcome.tryComplete(afterItsFirstBytes(new Unfetchable("could not be fetched within "
                + text(settings.probeTimeout()), session.bytesRead), session))) {
                session.abandon();
            }
        });
        Future<Probe> work = before == null ? measure(session) : revalidate(session, before);
        work.recover(failure -> Future.succeededFuture(outcomeOf(failure, session)))
            .onComplete(result -> {
                vertx.cancelTimer(timer);
                Probe probe = result.result();
                if (outcome.future().isComplete()) {
                    return;
                }
                // Remembered before anyone learns the outcome, so a probe that follows it finds it.
                // What a later probe may find otherwise (the medium back, the server less busy) is asked again.
                if (!(probe instanceof Unfetchable) && !(probe instanceof Unmeasured) && settings.cacheSize() > 0) {
                    remembered.put(key, new Remembered(probe, session.etag, session.lastModified));
                }
                outcome.tryComplete(probe);
            });
        return outcome.future();
    }

    /** Asks whether the remembered outcome still holds: one byte, conditionally; measures again if not. */
    private Future<Probe> revalidate(Session s, Remembered before) {
        s.known = new KnownBytes(OptionalLong.empty());
        return fetch(s, ByteRange.of(0, 1), before).recover(failure -> failure instanceof Stop
            ? Future.failedFuture(failure)
            // No answer to the question (a timeout, a reset): what the server said before stands.
            : Future.succeededFuture(null)).compose(fetch -> {
            if (fetch == null) {
                return Future.succeededFuture(withBytesRead(before.outcome(), s.bytesRead));
            }
            boolean unchanged = fetch.status == 304 || before.isConfirmedBy(s.etag, s.lastModified);
            fetch.close();
            if (unchanged) {
                if (s.etag == null && s.lastModified == null) {
                    s.etag = before.etag();
                    s.lastModified = before.lastModified();
                }
                return Future.succeededFuture(withBytesRead(before.outcome(), s.bytesRead));
            }
            remembered.invalidate(s.key);
            s.fetches = 0;
            return measure(s);
        });
    }

    /** Fetches the head and reads on until the reader has its answer. */
    private Future<Probe> measure(Session s) {
        s.known = new KnownBytes(OptionalLong.empty());
        s.etag = null;
        s.lastModified = null;
        ByteRange range = ByteRange.of(0, settings.headBytes(s.kind));
        return fetch(s, range, null).compose(fetch -> readThenAsk(s, fetch, range));
    }

    /** Reads what {@code fetch} brings of {@code range}, then asks the reader. */
    private Future<Probe> readThenAsk(Session s, Fetch fetch, ByteRange range) {
        if (fetch.ended) {
            return ask(s, fetch);
        }
        if (fetch.partial) {
            // A partial answer is read to its end, but never past what was asked (a longer one is cut).
            return fetch.readUntil(fetch.keepBelow + 1, fetch.keepBelow).compose(v -> ask(s, fetch));
        }
        return readOn(s, fetch, range);
    }

    /**
     * Reads on in a whole answer (its server ignores ranges) to the end of {@code range}, or to the answer's end for
     * the last bytes, within the budget; then asks the reader.
     */
    private Future<Probe> readOn(Session s, Fetch stream, ByteRange range) {
        boolean toTheEnd = range.isLast();
        long goal = toTheEnd ? stream.position + s.budgetLeft() + 1 : range.start() + range.length();
        if (!toTheEnd && goal - stream.position > s.budgetLeft()) {
            stream.close();
            return stop(unmeasured(budgetReason(true)));
        }
        return stream.readUntil(goal, Long.MAX_VALUE).compose(v -> toTheEnd && !stream.ended
            ? closeAnd(stream, stop(unmeasured(budgetReason(true))))
            : ask(s, stream));
    }

    private Future<Probe> ask(Session s, Fetch open) {
        if (s.abandoned) {
            open.close();
            return stop(new Stop(Ending.UNREADABLE, "abandoned"));
        }
        Reading reading = read(s);
        if (reading instanceof Reading.Needs needs) {
            return needs(s, open, needs);
        }
        if (reading instanceof Reading.Image image) {
            return image(s, open, image);
        }
        open.close();
        if (reading instanceof Reading.Video video) {
            if (s.kind != MediaFormat.Kind.VIDEO || video.format().kind() != MediaFormat.Kind.VIDEO) {
                return Future.succeededFuture(new Unreadable(s.kind != MediaFormat.Kind.VIDEO
                    ? "is a video (" + video.format().displayName() + "), not an image"
                    : cannotBeRead(s), s.bytesRead));
            }
            return Future.succeededFuture(new Video(new VideoFacts(video.format(), video.duration(),
                video.durationEstimated(), s.known.totalLength()), s.bytesRead));
        }
        return Future.succeededFuture(new Unreadable(((Reading.Unreadable) reading).reason(), s.bytesRead));
    }

    private Reading read(Session s) {
        String fallback = cannotBeRead(s);
        try {
            Reading reading = reader.read(s.known, s.kind);
            return reading == null ? new Reading.Unreadable(fallback) : reading;
        } catch (RuntimeException bug) {
            return new Reading.Unreadable(fallback);
        }
    }

    private Future<Probe> image(Session s, Fetch open, Reading.Image image) {
        MediaFormat format = image.format();
        if (s.kind != MediaFormat.Kind.IMAGE || format.kind() != MediaFormat.Kind.IMAGE || image.widthPx() < 0
                || image.heightPx() < 0) {
            open.close();
            return Future.succeededFuture(new Unreadable(s.kind != MediaFormat.Kind.IMAGE
                ? "is an image (" + format.displayName() + "), not a video" : cannotBeRead(s),
                s.bytesRead));
        }
        OptionalLong total = s.known.totalLength();
        if (total.isPresent()) {
            open.close();
            return Future.succeededFuture(imageOf(s, image, total.getAsLong(), false));
        }
        if (!open.partial && !open.ended) {
            // Neither a length nor ranges: count the rest, keeping none of it, to one byte past the limit.
            return open.readUntil(settings.maxImageBytes() + 1, open.position).<Probe>map(v -> {
                open.close();
                OptionalLong length = s.known.totalLength();
                return length.isPresent() ? imageOf(s, image, length.getAsLong(), false)
                    : imageOf(s, image, open.position, true);
            }).recover(cut -> {
                // Its pixels are known; of its size, only that it is at least what came before the count broke off.
                open.close();
                return Future.succeededFuture(imageOf(s, image, open.position, true));
            });
        }
        open.close();
        return Future.succeededFuture(imageOf(s, image, s.known.contiguousFromStart(), true));
    }

    private static Image imageOf(Session s, Reading.Image image, long size, boolean atLeast) {
        return new Image(new ImageFacts(image.format(), image.widthPx(), image.heightPx(), size, atLeast),
            s.bytesRead);
    }

    private Future<Probe> needs(Session s, Fetch open, Reading.Needs needs) {
        Optional<ByteRange> needed = ByteRange.forNeeds(needs, s.known.totalLength());
        if (needed.isEmpty() || !needed.get().isLast() && s.known.has(needed.get().start(), needed.get().length())) {
            open.close();
            // Past its end, or what the reader has already (it would ask forever).
            return stop(unreadable(needs.length() > 0 && needed.isEmpty()
                ? "is cut short: it ends before the bytes it says it holds" : cannotBeRead(s)));
        }
        ByteRange range = needed.get();
        if (!open.partial && !open.ended) {
            // A whole answer that has not ended: what is needed lies ahead in it (another request would get the same).
            return readOn(s, open, range);
        }
        open.close();
        if (s.fetches >= MAX_FETCHES) {
            return stop(unmeasured("could not be measured in " + MAX_FETCHES + " requests"));
        }
        if (range.length() > s.budgetLeft()) {
            return stop(unmeasured(budgetReason(false)));
        }
        return fetch(s, range, null).compose(fetch -> readThenAsk(s, fetch, range));
    }

    private static <T> Future<T> closeAnd(Fetch fetch, Future<T> then) {
        fetch.close();
        return then;
    }

    private static String cannotBeRead(Session s) {
        return "could not be read as " + (s.kind == MediaFormat.Kind.IMAGE ? "an image" : "a video");
    }

    private String budgetReason(boolean wholeAnswers) {
        return "could not be measured within the " + (settings.maxBytesRead() / 1024) + " KiB a probe reads of it"
            + (wholeAnswers ? " (its server sends it whole, not in byte ranges)" : "");
    }

    // ---- fetching -------------------------------------------------------------------------------------------------

    /** One GET of {@code range} of the medium, following redirects; its body is left unread, paused. */
    private Future<Fetch> fetch(Session s, ByteRange range, Remembered conditional) {
        s.fetches++;
        HttpUrl from = s.target != null ? s.target.url() : s.url;
        return hop(s, from, range, conditional, 0);
    }

    private Future<Fetch> hop(Session s, HttpUrl url, ByteRange range, Remembered conditional, int redirects) {
        Future<InetAddress> address = s.target != null && s.target.url().equals(url)
            ? Future.succeededFuture(s.target.address())
            : resolve(s, url, redirects);
        return address.compose(checked -> send(s, url, checked, range, conditional)).compose(fetch -> {
            if (fetch.location == null) {
                return Future.succeededFuture(fetch);
            }
            if (redirects >= settings.maxRedirects()) {
                return stop(new Stop(Ending.UNFETCHABLE, "could not be fetched: more than " + settings.maxRedirects()
                    + " redirects"));
            }
            Optional<HttpUrl> next = redirectTarget(url, fetch.location);
            if (next.isEmpty()) {
                return stop(new Stop(Ending.UNFETCHABLE, "could not be fetched: the server redirected to an invalid URL"));
            }
            return hop(s, next.get(), range, conditional, redirects + 1);
        });
    }

    private static String redirected(HttpUrl url, int redirects, String reason) {
        return redirects == 0 ? reason : "redirects to " + url.host() + ", which " + reason;
    }

    private static Optional<HttpUrl> redirectTarget(HttpUrl from, String location) {
        try {
            URI next = from.uri().resolve(new URI(location.trim()));
            return HttpUrl.problemWith(next.toString()).isEmpty() ? Optional.of(new HttpUrl(next)) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /** The first address {@code url}'s host resolves to, once it and every one of them is allowed. */
    private Future<InetAddress> resolve(Session s, HttpUrl url, int redirects) {
        return dialling.check(url, fetchMillis(), s.context).compose(checked -> {
            if (checked instanceof CheckedDialling.Allowed allowed) {
                return Future.succeededFuture(allowed.address());
            }
            if (checked instanceof CheckedDialling.Refused refused) {
                return stop(new Stop(Ending.UNFETCHABLE, redirected(url, redirects, refused.reason())));
            }
            CheckedDialling.Unresolved unresolved = (CheckedDialling.Unresolved) checked;
            return unresolved.timedOut() ? Future.failedFuture(new TimeoutException())
                : stop(new Stop(Ending.UNFETCHABLE, "could not be fetched: host " + unresolved.host()
                    + " does not resolve"));
        });
    }

    /** One GET to {@code address}, which was checked, with the URL's host as the authority and the TLS peer. */
    private Future<Fetch> send(Session s, HttpUrl url, InetAddress address, ByteRange range, Remembered conditional) {
        if (s.abandoned) {
            return stop(new Stop(Ending.UNFETCHABLE, "abandoned"));
        }
        RequestOptions options = CheckedDialling.requestTo(url, address)
            .setMethod(HttpMethod.GET)
            .setConnectTimeout(fetchMillis())
            .putHeader(HttpHeaders.USER_AGENT, settings.userAgent())
            // Offsets are the file's own, never those of a compressed form of it.
            .putHeader(HttpHeaders.ACCEPT_ENCODING, "identity")
            .putHeader("Range", range.header());
        if (conditional != null && conditional.etag() != null) {
            options.putHeader(HttpHeaders.IF_NONE_MATCH, conditional.etag());
        } else if (conditional != null && conditional.lastModified() != null) {
            options.putHeader(HttpHeaders.IF_MODIFIED_SINCE, conditional.lastModified());
        }
        Fetch fetch = new Fetch(s, range);
        s.current = fetch;
        return client.request(options)
            .compose(request -> {
                fetch.request = request;
                fetch.startTimer();
                request.exceptionHandler(ignored -> { });
                if (fetch.failure != null) {
                    request.reset();
                    return Future.failedFuture(fetch.failure);
                }
                return request.send();
            })
            .transform(result -> {
                if (result.failed()) {
                    Throwable cause = fetch.failure != null ? fetch.failure : result.cause();
                    fetch.close();
                    return Future.failedFuture(cause);
                }
                return fetch.answered(result.result(), url, address);
            });
    }

    // ---- outcomes -------------------------------------------------------------------------------------------------

    private Probe outcomeOf(Throwable failure, Session s) {
        Probe outcome;
        if (failure instanceof Stop stop) {
            outcome = stop.outcome(s.bytesRead);
        } else if (failure instanceof TimeoutException
                || failure instanceof io.netty.channel.ConnectTimeoutException) {
            outcome = new Unfetchable("could not be fetched within " + text(settings.fetchTimeout()), s.bytesRead);
        } else {
            outcome = new Unfetchable("could not be fetched: " + describe(failure), s.bytesRead);
        }
        return afterItsFirstBytes(outcome, s);
    }

    /**
     * A medium that failed to come once its bytes had begun to (a tail that timed out, a reset, a count of an image
     * cut short) was fetched: the provider can fetch it too, and nothing is known against it.
     */
    private static Probe afterItsFirstBytes(Probe outcome, Session s) {
        return outcome instanceof Unfetchable unfetchable && s.bytesRead > 0
            ? new Unmeasured(unfetchable.reason(), s.bytesRead) : outcome;
    }

    /** What went wrong with the connection, in words of our own: an exception's text may quote anything. */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "its server refused the connection";
            }
            if (cause instanceof SSLException) {
                return "the TLS handshake with its server failed";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return "the connection to its server failed";
    }

    private static String statusReason(int status) {
        String phrase = HttpResponseStatus.valueOf(status).reasonPhrase();
        return "could not be fetched: the server answered " + status + (phrase.contains("(") ? "" : " " + phrase);
    }

    private static Probe withBytesRead(Probe probe, long bytesRead) {
        if (probe instanceof Image image) {
            return new Image(image.facts(), bytesRead);
        }
        if (probe instanceof Video video) {
            return new Video(video.facts(), bytesRead);
        }
        if (probe instanceof Unreadable unreadable) {
            return new Unreadable(unreadable.reason(), bytesRead);
        }
        if (probe instanceof Unmeasured unmeasured) {
            return new Unmeasured(unmeasured.reason(), bytesRead);
        }
        return new Unfetchable(((Unfetchable) probe).reason(), bytesRead);
    }

    /** "5 s", "250 ms". */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private long fetchMillis() {
        return settings.fetchTimeout().toMillis();
    }

    private static Stop unreadable(String reason) {
        return new Stop(Ending.UNREADABLE, reason);
    }

    private static Stop unmeasured(String reason) {
        return new Stop(Ending.UNMEASURED, reason);
    }

    private static <T> Future<T> stop(Stop stop) {
        return Future.failedFuture(stop);
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    /** A URL probed as a kind: what is remembered and shared. */
    private record Key(String url, MediaFormat.Kind kind) {
    }

    /** A remembered outcome and the validator of the answer it was read from. */
    private record Remembered(Probe outcome, String etag, String lastModified) {

        boolean hasValidator() {
            return etag != null || lastModified != null;
        }

        /** Whether an answer's validator says the medium is the one this outcome was read from. */
        boolean isConfirmedBy(String answerEtag, String answerLastModified) {
            if (etag != null && answerEtag != null) {
                return etag.equals(answerEtag) && !etag.startsWith("W/");
            }
            return etag == null && answerEtag == null && lastModified != null
                && lastModified.equals(answerLastModified);
        }
    }

    /** Where the medium was found, after redirects: later fetches go there directly, to the same checked address. */
    private record Target(HttpUrl url, InetAddress address) {
    }

    /** One probe in progress; touched only on its context. */
    private final class Session {
        final Context context;
        final Key key;
        final HttpUrl url;
        final MediaFormat.Kind kind;
        KnownBytes known = new KnownBytes(OptionalLong.empty());
        long bytesRead;
        int fetches;
        Target target;
        String etag;
        String lastModified;
        Fetch current;
        boolean abandoned;

        Session(Context context, Key key, HttpUrl url, MediaFormat.Kind kind) {
            this.context = context;
            this.key = key;
            this.url = url;
            this.kind = kind;
        }

        long budgetLeft() {
            return Math.max(0, settings.maxBytesRead() - bytesRead);
        }

        void abandon() {
            abandoned = true;
            if (current != null) {
                current.fail(new Stop(Ending.UNFETCHABLE, "abandoned"));
            }
        }
    }

    /**
     * One request and its answer's body, read on demand: {@link #readUntil} resumes the body until a position is
     * reached, keeping the bytes below a limit in the session's {@link KnownBytes} and counting all of them; between
     * reads the body is paused, so the server waits rather than the probe buffering. Bounded by the fetch timeout.
     */
    private final class Fetch {
        final Session session;
        final ByteRange range;
        long timer = -1;
        HttpClientRequest request;
        HttpClientResponse response;
        Throwable failure;
        int status;
        String location;
        boolean partial;
        boolean ended;
        boolean closed;
        long position;
        long keepBelow = Long.MAX_VALUE;
        long goal;
        Promise<Void> waiting;

        /** Bytes of the body not yet handed to {@link KnownBytes}: one array per read, however small its chunks. */
        private Buffer pending;
        private long pendingFrom;

        Fetch(Session session, ByteRange range) {
            this.session = session;
            this.range = range;
        }

        /**
         * From when the request has its connection: a wait for one of the pool's is bounded by the probe's timeout,
         * not this fetch's, so that probes of one busy host do not time one another out.
         */
        void startTimer() {
            if (!closed && timer < 0) {
                timer = vertx.setTimer(fetchMillis(), id -> fail(new TimeoutException()));
            }
        }

        /** Takes in the answer's head: a body to read, a redirect, or the end of the probe. */
        Future<Fetch> answered(HttpClientResponse answer, HttpUrl url, InetAddress address) {
            this.response = answer;
            this.status = answer.statusCode();
            answer.exceptionHandler(this::fail);
            switch (status) {
                case 301, 302, 303, 307, 308 -> {
                    close();
                    location = answer.getHeader(HttpHeaders.LOCATION);
                    if (location == null) {
                        return stop(new Stop(Ending.UNFETCHABLE, statusReason(status)));
                    }
                    return Future.succeededFuture(this);
                }
                case 200, 206 -> {
                    session.target = new Target(url, address);
                    String etag = answer.getHeader(HttpHeaders.ETAG);
                    if (session.etag != null && etag != null && !session.etag.equals(etag)) {
                        // Its head and its tail would be of two different files.
                        close();
                        return stop(new Stop(Ending.UNFETCHABLE, "could not be fetched: it changed while it was being read"));
                    }
                    session.etag = etag;
                    session.lastModified = answer.getHeader(HttpHeaders.LAST_MODIFIED);
                    return status == 206 ? partialBody(answer) : wholeBody(answer);
                }
                case 304 -> {
                    session.target = new Target(url, address);
                    close();
                    ended = true;
                    return Future.succeededFuture(this);
                }
                case 416 -> {
                    session.target = new Target(url, address);
                    close();
                    ended = true;
                    OptionalLong total = ContentRange.unsatisfiedTotal(answer.getHeader("Content-Range"));
                    if (total.isEmpty()) {
                        return stop(new Stop(Ending.UNFETCHABLE, statusReason(status)));
                    }
                    session.known.totalLength(total.getAsLong());
                    return Future.succeededFuture(this);
                }
                default -> {
                    close();
                    // A server that is busy or down for now says nothing of the medium: the provider may fetch it.
                    boolean passing = status == 408 || status == 429 || status >= 500;
                    return stop(new Stop(passing ? Ending.UNMEASURED : Ending.UNFETCHABLE, statusReason(status)));
                }
            }
        }

        private Future<Fetch> partialBody(HttpClientResponse answer) {
            Optional<ContentRange> stated = ContentRange.parse(answer.getHeader("Content-Range"));
            // A range that starts earlier than asked but covers the start (a server rounding to its blocks) will do.
            if (stated.isEmpty() || !range.isLast() && (stated.get().first() > range.start()
                    || stated.get().last() < range.start())) {
                close();
                return stop(new Stop(Ending.UNFETCHABLE, "could not be fetched: the server answered with a byte range other than "
                    + "the one asked for"));
            }
            ContentRange bytes = stated.get();
            if (bytes.total().isPresent()) {
                session.known.totalLength(bytes.total().getAsLong());
            } else if (range.isLast()) {
                // The last bytes, asked for as such, end where the medium ends, whether the server says so or not.
                session.known.totalLength(bytes.last() + 1);
            }
            partial = true;
            position = bytes.first();
            keepBelow = bytes.first() + Math.min(bytes.length(),
                range.isLast() ? range.length() : range.start() - bytes.first() + range.length());
            listen(answer);
            return Future.succeededFuture(this);
        }

        private Future<Fetch> wholeBody(HttpClientResponse answer) {
            String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.matches("\\d{1,18}")) {
                session.known.totalLength(Long.parseLong(length));
            }
            position = 0;
            listen(answer);
            return Future.succeededFuture(this);
        }

        private void listen(HttpClientResponse answer) {
            answer.pause();
            answer.handler(this::chunk);
            answer.endHandler(ignored -> end());
        }

        /** Reads on until {@code goal} (or the end), keeping the bytes below {@code keepBelow}. */
        Future<Void> readUntil(long goal, long keepBelow) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            this.keepBelow = Math.min(this.keepBelow, keepBelow);
            if (ended || closed || position >= goal) {
                return Future.succeededFuture();
            }
            this.goal = goal;
            waiting = Promise.promise();
            Future<Void> read = waiting.future();
            response.resume();
            return read;
        }

        private void chunk(Buffer chunk) {
            int length = chunk.length();
            session.bytesRead += length;
            if (position < keepBelow && length > 0) {
                int kept = (int) Math.min(length, keepBelow - position);
                if (pending == null) {
                    pending = Buffer.buffer();
                    pendingFrom = position;
                }
                pending.appendBuffer(chunk, 0, kept);
            }
            position += length;
            if (waiting != null && position >= goal) {
                response.pause();
                release(null);
            }
        }

        private void end() {
            ended = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (!partial) {
                // A whole answer that ended: its length is what came, whether the server said it or not.
                if (session.known.contiguousFromStart() >= position) {
                    session.known.readToTheEnd();
                } else {
                    session.known.totalLength(position);
                }
            }
            release(null);
        }

        void fail(Throwable cause) {
            if (closed) {
                // Dropped on purpose: what its connection does next is no failure of the probe.
                return;
            }
            if (failure == null && !ended) {
                failure = cause;
            }
            close();
            release(failure);
        }

        private void release(Throwable cause) {
            if (pending != null) {
                session.known.add(pendingFrom, pending.getBytes());
                pending = null;
            }
            Promise<Void> promise = waiting;
            waiting = null;
            if (promise != null) {
                if (cause == null) {
                    promise.tryComplete();
                } else {
                    promise.tryFail(cause);
                }
            }
        }

        /** Done with it: an answer not read to its end is dropped with its connection. */
        void close() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (!closed && !ended && request != null) {
                request.reset();
            }
            closed = true;
        }
    }

    /** How a probe that could not measure its medium ended. */
    private enum Ending { UNFETCHABLE, UNREADABLE, UNMEASURED }

    /** The end of a probe, as a value carried by a failed future through the steps that cannot go on. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Ending ending;
        private final String reason;

        Stop(Ending ending, String reason) {
            super(reason, null, false, false);
            this.ending = ending;
            this.reason = reason;
        }

        Probe outcome(long bytesRead) {
            return switch (ending) {
                case UNFETCHABLE -> new Unfetchable(reason, bytesRead);
                case UNREADABLE -> new Unreadable(reason, bytesRead);
                case UNMEASURED -> new Unmeasured(reason, bytesRead);
            };
        }
    }
}
