package dev.motioncontrol.adapters.http;

import dev.motioncontrol.application.HmacSha256;
import dev.motioncontrol.application.ClientKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each request leaves behind for the operator, installed before every other route:
 *
 * <ul>
 *   <li>a request id: the client's {@value #REQUEST_ID_HEADER} when it is a plain token of at most 128 characters,
 *       otherwise a new one; returned in the same header, and kept with the request's Vert.x context
 *       ({@link #requestId()}), where the logging backend finds it for every line logged while the request is
 *       handled;</li>
 *   <li>one access log line (logger {@value #LOGGER}, INFO) when the answer has gone: method, route template (never the
 *       concrete path, which holds task ids), status, duration, and a short client id, which is a keyed digest of the
 *       API key and cannot be turned back into it; the key itself is never logged;</li>
 *   <li>when given a registry, the Micrometer timer {@value #REQUESTS_TIMER} by {@code method}, {@code route} and
 *       {@code status}, with a latency histogram.</li>
 * </ul>
 *
 * <p>A route's template is its name ({@link Route#setName}); a request no route took is {@code unmatched}.
 */
public final class AccessLog implements Handler<RoutingContext> {

    /** The header a request id is read from and returned in. */
    public static final String REQUEST_ID_HEADER = "x-request-id";
    /** The logger the access lines go to (turn it off to have none). */
    public static final String LOGGER = "dev.motioncontrol.access";
    /** The Micrometer timer of the requests ({@code http_server_requests_seconds} in Prometheus). */
    public static final String REQUESTS_TIMER = "http.server.requests";
    /** The status a request is logged and counted with when its client left before the answer ended. */
    public static final int CLIENT_LEFT = 499;
    /** The route label of a request no route took (a 404 for an unknown path, a 405). */
    public static final String UNMATCHED = "unmatched";

    /**
     * Where a request's id is kept: registered when this class is first used, which must be before the {@link Vertx}
     * that serves the requests is created (Vert.x sizes each instance's context storage then).
     */
    private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** Methods named as they are; any other counts as {@code OTHER}, so that nobody can grow the labels at will. */
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS");

    private final HmacSha256 clientIds;
    private final boolean lines;
    private final Optional<MeterRegistry> registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param clientIdKey the key client ids are digested with: the same on every instance (derived from the store's
     *                    secret) gives a client the same id everywhere
     * @param lines       whether a line is logged per request (request ids are kept either way)
     * @param registry    where the request timer goes; none: no timer
     */
    public AccessLog(byte[] clientIdKey, boolean lines, Optional<MeterRegistry> registry) {
        this.clientIds = new HmacSha256(clientIdKey);
        this.lines = lines;
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Makes sure the request id's storage is registered: call it before creating the {@link Vertx} that will serve
     * the requests.
     */
    public static void prepare() {
        Objects.requireNonNull(REQUEST_ID);
    }

    /** Installs this before every other route of {@code router}. */
    public Router installOn(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this);
        return router;
    }

    /**
     * The id of the request being handled on the calling thread's Vert.x context, if any: for the logging backend.
     * Never fails.
     */
    public static Optional<String> requestId() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(context.getLocal(REQUEST_ID));
        } catch (IllegalArgumentException createdBefore) {
            // A Vert.x instance created before the storage was registered has none: no request id there.
            return Optional.empty();
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String given = request.getHeader(REQUEST_ID_HEADER);
        String id = given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given : newId();
        ctx.response().putHeader(REQUEST_ID_HEADER, id);
        Context context = Vertx.currentContext();
        if (context != null) {
            try {
                context.putLocal(REQUEST_ID, id);
            } catch (IllegalArgumentException createdBefore) {
                // See requestId(): this Vert.x instance keeps no request ids.
            }
        }
        if (lines || registry.isPresent()) {
            ctx.addEndHandler(ended -> answered(ctx, started));
        }
        ctx.next();
    }

    private void answered(RoutingContext ctx, long started) {
        long tookNanos = System.nanoTime() - started;
        String method = methodLabel(ctx.request().method().name());
        Route route = ctx.currentRoute();
        String template = route == null || route.getName() == null ? UNMATCHED : route.getName();
        // A request whose client left before its answer ended was never answered: 499, as proxies count it.
        int status = ctx.response().ended() ? ctx.response().getStatusCode() : CLIENT_LEFT;
        if (lines && LOG.isInfoEnabled()) {
            String client = clientId(ctx);
            LOG.atInfo()
                    .addKeyValue("method", method)
                    .addKeyValue("route", template)
                    .addKeyValue("status", status)
                    .addKeyValue("duration_ms", tookNanos / 1_000_000)
                    .addKeyValue("client", client)
                    .log("{} {} {} {} ms client={}", method, template, status, tookNanos / 1_000_000, client);
        }
        registry.ifPresent(meters -> timers.computeIfAbsent(method + ' ' + template + ' ' + status,
                        name -> Timer.builder(REQUESTS_TIMER)
                                .description("Requests to the API, by route template and status")
                                .tag("method", method).tag("route", template).tag("status", String.valueOf(status))
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(70))
                                .register(meters))
                .record(Duration.ofNanos(tookNanos)));
    }

    /**
     * A request method as a metric label: the standard ones as they are, any other {@code OTHER}, so that nobody can
     * grow the labels at will by inventing methods.
     */
    public static String methodLabel(String method) {
        return KNOWN_METHODS.contains(method) ? method : "OTHER";
    }

    /** A short digest of the request's API key ({@code -} without one): the same key, the same id; never the key. */
    private String clientId(RoutingContext ctx) {
        ClientKey key = MotionControlHttpApi.caller(ctx);
        return key == null ? "-" : HexFormat.of().formatHex(clientIds.of(key.value()), 0, 4);
    }

    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
