package dev.motioncontrol.server;

import dev.motioncontrol.freepik.api.SubmitBodyReader.UnknownFields;
import dev.motioncontrol.library.MotionControl;
import dev.motioncontrol.adapters.http.MotionControlHttpApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One event loop's share of the HTTP service: the provider-compatible API, plus whatever extra routes the
 * composition root adds (the fake's media). Deployed once per core; the instances share the port.
 */
final class ApiVerticle extends VerticleBase {

    private static final int IDLE_TIMEOUT_SECONDS = 60;

    private final MotionControl core;
    private final Consumer<Router> extraRoutes;
    private final int port;
    private final String host;
    private final Duration shutdownGrace;
    private final UnknownFields unknownFields;
    private HttpServer server;

    ApiVerticle(MotionControl core, Consumer<Router> extraRoutes, int port, String host, Duration shutdownGrace,
            UnknownFields unknownFields) {
        this.core = core;
        this.extraRoutes = extraRoutes;
        this.port = port;
        this.host = host;
        this.shutdownGrace = shutdownGrace;
        this.unknownFields = unknownFields;
    }

    @Override
    public Future<?> start() {
        MotionControlHttpApi.Builder api = MotionControlHttpApi.builder(core, core, core)
                .liveStatus(core)
                .webhookDeliveries(core)
                .unknownFields(unknownFields);
        core.providerWebhooks().ifPresent(api::providerCallbacks);
        Router router = api.build(vertx);
        extraRoutes.accept(router);
        server = vertx.createHttpServer(new HttpServerOptions()
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                .setIdleTimeoutUnit(TimeUnit.SECONDS))
                .requestHandler(router);
        return server.listen(port, host);
    }

    /** Stops accepting connections and lets in-flight requests finish, up to the grace period. */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
