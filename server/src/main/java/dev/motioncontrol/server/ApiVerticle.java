package dev.motioncontrol.server;

import dev.motioncontrol.library.MotionControl;
import dev.motioncontrol.adapters.http.ApiDocument;
import dev.motioncontrol.adapters.http.MotionControlHttpApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import dev.motioncontrol.adapters.http.ProtocolGuard;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One event loop's share of the HTTP service: the provider-compatible API and its playground page, plus whatever
 * extra routes the composition root adds (the fake's media), behind the {@link ProtocolGuard}'s HTTP/1.1 limits. Deployed once per
 * core; the instances share the port.
 */
final class ApiVerticle extends VerticleBase {

    private final MotionControl core;
    private final Consumer<Router> extraRoutes;
    private final ApiDocument document;
    private final int port;
    private final ServerConfig config;
    private final Duration answerDeadline;
    private HttpServer server;
    private ProtocolGuard guard;

    ApiVerticle(MotionControl core, Consumer<Router> extraRoutes, ApiDocument document, int port, ServerConfig config,
            Duration answerDeadline) {
        this.core = core;
        this.extraRoutes = extraRoutes;
        this.document = document;
        this.port = port;
        this.config = config;
        this.answerDeadline = answerDeadline;
    }

    @Override
    public Future<?> start() {
        Router router = router(vertx, core, extraRoutes, document, config, answerDeadline);
        guard = ProtocolGuard.of(vertx, answerDeadline)
                .withDeadlines(config.requestHeadTimeout(), config.requestBodyTimeout());
        server = guard.guard(vertx.createHttpServer(guard.serverOptions()), router);
        return server.listen(port, config.host());
    }

    /** Every route the service's API port serves: what {@link #start()} listens with, and what the API document lists. */
    static Router router(Vertx vertx, MotionControl core, Consumer<Router> extraRoutes, ApiDocument document,
            ServerConfig config, Duration answerDeadline) {
        MotionControlHttpApi.Builder api = MotionControlHttpApi.builder(core, core, core)
                .liveStatus(core)
                .webhookDeliveries(core)
                .taskMedia(core)
                .resultCopies(core)
                .resultDownloads(core)
                .apiDocument(document)
                .playground()
                .unknownFields(config.unknownFields())
                .answerWithin(answerDeadline);
        core.providerWebhooks().ifPresent(api::providerCallbacks);
        Router router = api.build(vertx);
        extraRoutes.accept(router);
        return router;
    }

    /** Stops accepting connections and lets in-flight requests finish, up to the grace period. */
    @Override
    public Future<?> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        return server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS).onComplete(stopped -> guard.close());
    }
}
