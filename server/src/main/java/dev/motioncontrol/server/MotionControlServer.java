package dev.motioncontrol.server;

import dev.motioncontrol.library.MotionControl;
import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import dev.motioncontrol.adapters.http.MotionControlHttpApi;
import dev.motioncontrol.adapters.memory.InMemoryTaskRecords;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.service.PollingPlan;
import dev.motioncontrol.application.service.RetryPlan;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The running HTTP service: the configured provider, the use cases, and one API verticle per core, all on
 * one {@link Vertx}. {@link #close()} lets in-flight requests finish, then releases everything.
 */
public final class MotionControlServer {

    private static final int FREE_PORT_ATTEMPTS = 3;

    private final Vertx vertx;
    private final int port;
    private final URI baseUrl;

    private MotionControlServer(Vertx vertx, int port, URI baseUrl) {
        this.vertx = vertx;
        this.port = port;
        this.baseUrl = baseUrl;
    }

    /** Starts the service described by {@code config} on a new {@link Vertx}. */
    public static Future<MotionControlServer> start(ServerConfig config) {
        Objects.requireNonNull(config, "config");
        Vertx vertx = Vertx.vertx();
        return start(vertx, config, FREE_PORT_ATTEMPTS).onFailure(failure -> vertx.close());
    }

    private static Future<MotionControlServer> start(Vertx vertx, ServerConfig config, int attemptsLeft) {
        int port;
        try {
            port = config.port() == 0 ? freePort(config.host()) : config.port();
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        URI baseUrl = config.publicBaseUrl(port);
        MotionControl core;
        try {
            core = core(vertx, config, baseUrl);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        FakeMediaRoute media = new FakeMediaRoute();
        return vertx.deployVerticle(
                        () -> new ApiVerticle(core, media, port, config.host(), config.shutdownGrace(), config.unknownFields()),
                        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .map(deployed -> new MotionControlServer(vertx, port, baseUrl))
                .recover(failure -> {
                    core.close();
                    return config.port() == 0 && failure instanceof BindException && attemptsLeft > 1
                            ? start(vertx, config, attemptsLeft - 1)
                            : Future.failedFuture(failure);
                });
    }

    /**
     * A port that is free now. The fake's generated URLs name this service, so with {@code PORT=0} the
     * port must be known before the use cases are built, and Vert.x shares a port among its event loops
     * only when it is named. Another process may take the port before the service binds it: then the
     * start is tried again with another.
     */
    private static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    private static MotionControl core(Vertx vertx, ServerConfig config, URI baseUrl) {
        ServerConfig.Webhooks webhooks = config.webhooks();
        MotionControl.Builder builder = MotionControl.builder()
                .vertx(vertx)
                .records(new InMemoryTaskRecords(config.taskRecordsMax(), config.taskRecordsTtl(), TimeSource.system()))
                .polling(new PollingPlan(webhooks.pollFirst(), webhooks.pollMax()));
        boolean freepik = config.provider() == ServerConfig.Provider.FREEPIK;
        if (freepik) {
            builder.freepik(freepikSettings(config.freepik()));
        } else {
            builder.fake(FakeProviderSettings.defaults(baseUrl)
                    .withQueueDelay(config.fakeQueueDelay())
                    .withGenerationDelay(config.fakeGenerationDelay())
                    .withMaxTasks(config.fakeMaxTasks())
                    .withMaxAge(config.fakeTaskTtl()));
        }
        Optional<String> secret = webhooks.secret().or(() -> freepik ? Optional.empty()
                : Optional.of(ServerConfig.Webhooks.FAKE_MODE_SECRET));
        secret.ifPresent(text -> builder.webhooks(WebhookSecret.parse(text), webhooks.timeout(),
                new RetryPlan(webhooks.retryWaits())));
        if (freepik && config.publicBaseUrl().isPresent() && !webhooks.providerSecrets().isEmpty()) {
            // The provider tells us when a task moves; polling is only the safety net for a lost webhook.
            builder.polling(new PollingPlan(webhooks.pollMax(), webhooks.pollMax()));
            builder.providerWebhooks(
                    new WebhookUrl(HttpUrl.of(baseUrl.resolve(MotionControlHttpApi.PROVIDER_CALLBACK_PATH.substring(1))
                            .toString())),
                    webhooks.providerSecrets().stream().map(WebhookSecret::parse).toList());
        }
        return builder
                .acceptedKeys(config.clientKeys().isEmpty()
                        ? AcceptedClientKeys.any() : AcceptedClientKeys.only(config.clientKeys()))
                .urlAccess(config.allowPrivateUrls() ? UrlAccessPolicy.allowingPrivateHosts()
                        : UrlAccessPolicy.publicOnlyExcept(webhooks.allowedPrivateHosts()))
                .build();
    }

    private static FreepikSettings freepikSettings(ServerConfig.Freepik freepik) {
        return FreepikSettings.freepik(freepik.apiKey().orElseThrow())
                .withBaseUrl(freepik.baseUrl())
                .withApiKeyHeader(freepik.apiKeyHeader())
                .withConnectTimeout(freepik.connectTimeout())
                .withRequestTimeout(freepik.requestTimeout())
                .withTotalDeadline(freepik.deadline())
                .withRateLimit(freepik.requestsPerSecond(), freepik.burst())
                .withMaxConcurrentRequests(freepik.maxConcurrent());
    }

    /** The port the service listens on. */
    public int port() {
        return port;
    }

    /** The URL clients reach the service at (from {@code PUBLIC_BASE_URL}, or localhost and the port). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Stops accepting requests, lets those in flight finish within the grace period, then stops. */
    public Future<Void> close() {
        return vertx.close();
    }
}
