package dev.motioncontrol.server;

import dev.motioncontrol.adapters.http.MotionControlHttpApi;
import dev.motioncontrol.application.port.in.CheckReadinessUseCase;
import dev.motioncontrol.application.port.in.CheckReadinessUseCase.Dependency;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * How the service is watched: liveness and readiness (Vert.x health checks, in the shape load balancers and Kubernetes
 * probes expect: 200 up, 503 down), and the management listener, which serves the Prometheus metrics and the health
 * checks with their details, on its own port, behind its own token when one is set.
 */
final class Management {

    /** Liveness: the process serves requests. */
    static final String LIVE_PATH = "/health/live";
    /** Readiness: the store answers, and the provider (as last heard) accepts the service's key. */
    static final String READY_PATH = "/health/ready";
    /** The Prometheus metrics, on the management listener only. */
    static final String METRICS_PATH = "/metrics";

    /** How long the readiness checks may take before the probe is answered 500 (the store's own timeout is shorter). */
    private static final long CHECK_TIMEOUT_MILLIS = 3_000;
    /** How long an idle connection to the management listener is kept (a scraper reconnects at will). */
    private static final int IDLE_SECONDS = 60;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private Management() {
    }

    /**
     * Adds {@value #LIVE_PATH} and {@value #READY_PATH} to {@code router}: each check's name and status, and with
     * {@code details} why a check is down (what the operator sees on the management listener, not the public).
     */
    static void installHealth(Vertx vertx, Router router, CheckReadinessUseCase readiness, boolean details) {
        HealthChecks live = HealthChecks.create(vertx)
                .register("event-loop", ready -> ready.complete(Status.OK()));
        HealthChecks ready = HealthChecks.create(vertx);
        SharedCheck shared = new SharedCheck(readiness);
        for (String name : List.of(Dependency.STORE, Dependency.PROVIDER)) {
            ready.register(name, CHECK_TIMEOUT_MILLIS, status -> checked(shared.get(), name)
                    .onComplete(problem -> status.complete(problem.failed() ? Status.KO()
                            : problem.result().map(why -> details ? Status.KO(new JsonObject().put("reason", why))
                                    : Status.KO()).orElseGet(Status::OK))));
        }
        MotionControlHttpApi.get(router, LIVE_PATH).setName(LIVE_PATH)
                .handler(HealthCheckHandler.createWithHealthChecks(live));
        MotionControlHttpApi.get(router, READY_PATH).setName(READY_PATH)
                .handler(HealthCheckHandler.createWithHealthChecks(ready));
    }

    /**
     * One readiness check for every procedure of a probe, and for the probes that come within {@link #FRESH_FOR} of it,
     * however many there are: a flood of probes (they need no key) costs the store one query a second.
     */
    private static final class SharedCheck {

        private static final long FRESH_FOR = 1_000_000_000L;

        private final CheckReadinessUseCase readiness;
        private Future<List<Dependency>> last;
        private long startedAt;

        SharedCheck(CheckReadinessUseCase readiness) {
            this.readiness = readiness;
        }

        synchronized Future<List<Dependency>> get() {
            long now = System.nanoTime();
            if (last == null || last.isComplete() && now - startedAt >= FRESH_FOR) {
                startedAt = now;
                last = Future.fromCompletionStage(readiness.checkReadiness());
            }
            return last;
        }
    }

    private static Future<Optional<String>> checked(Future<List<Dependency>> readiness, String name) {
        return readiness.map(dependencies -> dependencies.stream()
                .filter(dependency -> dependency.name().equals(name)).findFirst()
                .flatMap(Dependency::problem));
    }

    /**
     * Starts the management listener: {@value #METRICS_PATH} from {@code registry}, and the health checks with their
     * details; every path wants {@code token} as a bearer token when there is one.
     */
    static Future<HttpServer> listen(Vertx vertx, ServerConfig.Operations operations, int port,
            PrometheusMeterRegistry registry, CheckReadinessUseCase readiness) {
        Router router = Router.router(vertx);
        operations.managementToken().ifPresent(token -> router.route().handler(bearer(token)));
        MotionControlHttpApi.get(router, METRICS_PATH).setName(METRICS_PATH).handler(ctx -> vertx
                // A scrape writes every meter's histogram: off the event loop.
                .executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(text))
                .onFailure(ctx::fail));
        installHealth(vertx, router, readiness, true);
        return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(IDLE_SECONDS))
                .requestHandler(router)
                .listen(port, operations.managementHost())
                .recover(failure -> Future.failedFuture(new IllegalStateException("MANAGEMENT_PORT " + port + " on "
                        + operations.managementHost() + ": " + failure.getMessage(), failure)));
    }

    /** Lets through requests with {@code Authorization: Bearer <token>}, compared in constant time; 401 otherwise. */
    private static io.vertx.core.Handler<RoutingContext> bearer(String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return ctx -> {
            String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected)) {
                ctx.next();
            } else {
                ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"message\":\"The management listener wants its bearer token\"}");
            }
        };
    }
}
