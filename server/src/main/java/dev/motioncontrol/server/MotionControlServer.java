package dev.motioncontrol.server;

import dev.motioncontrol.library.MotionControl;
import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import dev.motioncontrol.adapters.http.ApiDocument;
import dev.motioncontrol.adapters.http.MotionControlHttpApi;
import dev.motioncontrol.adapters.media.MediaProbeSettings;
import dev.motioncontrol.adapters.memory.InMemoryStateStore;
import dev.motioncontrol.adapters.results.ResultFetcherSettings;
import dev.motioncontrol.adapters.results.S3ResultStore;
import dev.motioncontrol.adapters.results.S3ResultStoreSettings;
import dev.motioncontrol.adapters.sql.SqlStateStores;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.service.MediaPreflight;
import dev.motioncontrol.application.service.PollingPlan;
import dev.motioncontrol.application.service.ResultCopier;
import dev.motioncontrol.application.service.RetryPlan;
import dev.motioncontrol.application.service.SubmissionPlan;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.motioncontrol.adapters.http.AccessLog;
import dev.motioncontrol.application.HmacSha256;
import dev.motioncontrol.application.OwnerHashing;
import java.util.function.Consumer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The running HTTP service: the configured provider, the use cases, and one API verticle per core, all on
 * one {@link Vertx}. {@link #close()} lets in-flight requests finish, then releases everything.
 */
public final class MotionControlServer {

    private static final int FREE_PORT_ATTEMPTS = 3;

    private final Vertx vertx;
    private final int port;
    private final URI baseUrl;
    private final MotionControl core;
    private final StateStore store;
    private final Optional<S3ResultStore> bucket;
    private final Optional<HttpServer> management;

    private MotionControlServer(Vertx vertx, int port, URI baseUrl, Core core, StateStore store,
            Optional<HttpServer> management) {
        this.vertx = vertx;
        this.management = management;
        this.port = port;
        this.baseUrl = baseUrl;
        this.core = core.library();
        this.bucket = core.bucket();
        this.store = store;
    }

    /** The library as the service runs it, and the S3 client it keeps results with, when it does. */
    private record Core(MotionControl library, Optional<S3ResultStore> bucket) {
        void close() {
            library.close();
            bucket.ifPresent(S3ResultStore::close);
        }
    }

    /**
     * Starts the service described by {@code config} on a new {@link Vertx}: opens its store (creating or upgrading
     * the schema), picks up what a previous run left there, and listens.
     */
    public static Future<MotionControlServer> start(ServerConfig config) {
        return start(config, UnaryOperator.identity());
    }

    /**
     * Starts the service as {@link #start(ServerConfig)} does, with the library's builder adjusted by {@code adjust}
     * once the configuration has set it up, just before it is built: for a test harness that needs, say, its own
     * clock. What {@code adjust} sets wins over the configuration.
     */
    public static Future<MotionControlServer> start(ServerConfig config, UnaryOperator<MotionControl.Builder> adjust) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(adjust, "adjust");
        // Before the Vert.x instance is created, which sizes its contexts' storage then: the request ids live there.
        AccessLog.prepare();
        Optional<PrometheusMeterRegistry> registry = config.operations().managementPort()
                .map(port -> measured());
        Vertx vertx = registry.map(MotionControlServer::measuredVertx).orElseGet(Vertx::vertx);
        // The API document is read from the jar once, off the event loops, for every verticle.
        return vertx.executeBlocking(ApiDocument::read, false)
                .compose(document -> openStore(vertx, config)
                        .compose(store -> start(vertx, config, adjust, registry, document, store, FREE_PORT_ATTEMPTS)
                                .onFailure(failure -> store.close())))
                .onFailure(failure -> vertx.close());
    }

    private static Future<StateStore> openStore(Vertx vertx, ServerConfig config) {
        ServerConfig.Store store = config.store();
        if (store.location() instanceof ServerConfig.StoreLocation.Sqlite sqlite) {
            return SqlStateStores.sqlite(vertx, sqlite.file());
        }
        if (store.location() instanceof ServerConfig.StoreLocation.Postgresql postgresql) {
            return SqlStateStores.postgresql(vertx, postgresql.url(), store.password());
        }
        return Future.succeededFuture(new InMemoryStateStore(config.taskRecordsMax(), config.taskRecordsTtl(),
                TimeSource.system()));
    }

    /**
     * The registry every meter goes to. Vert.x labels its HTTP meters with the request's method before any route has
     * judged it: a method nobody uses is {@code OTHER} there too, so that a client cannot grow the labels at will.
     */
    private static PrometheusMeterRegistry measured() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.replaceTagValues("method", AccessLog::methodLabel));
        return registry;
    }

    /**
     * A Vert.x instance whose own metrics (HTTP server and client, pools, event loops, the JVM) go to {@code registry}.
     * Only with a management listener: without one nobody could read them, and they cost on every request.
     */
    private static Vertx measuredVertx(PrometheusMeterRegistry registry) {
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    private static Future<MotionControlServer> start(Vertx vertx, ServerConfig config,
            UnaryOperator<MotionControl.Builder> adjust, Optional<PrometheusMeterRegistry> registry,
            ApiDocument document, StateStore store, int attemptsLeft) {
        int port;
        try {
            port = config.port() == 0 ? freePort(config.host()) : config.port();
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        URI baseUrl = config.publicBaseUrl(port);
        AccessLog accessLog = new AccessLog(clientIdKey(config), config.operations().accessLog(),
                registry.map(MeterRegistry.class::cast));
        // Building the core waits for the store (its secret, what a previous run left): never on an event loop.
        return vertx.executeBlocking(() -> core(vertx, config, adjust, registry, baseUrl, store), false)
                .compose(core -> vertx
                .deployVerticle(
                        () -> new ApiVerticle(core.library(), extraRoutes(vertx, core.library(), accessLog), document,
                                port, config, answerDeadline(config)),
                        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .compose(deployed -> registry.isEmpty() ? Future.succeededFuture(Optional.<HttpServer>empty())
                        : Management.listen(vertx, config.operations(), config.operations().managementPort().orElseThrow(),
                                registry.get(), core.library()).map(Optional::of))
                .map(management -> new MotionControlServer(vertx, port, baseUrl, core, store, management))
                .recover(failure -> {
                    core.close();
                    return config.port() == 0 && failure instanceof BindException && attemptsLeft > 1
                            ? undeployAll(vertx).compose(undeployed -> start(vertx, config, adjust, registry,
                                    document, store, attemptsLeft - 1))
                            : Future.failedFuture(failure);
                }));
    }

    /**
     * What the API port serves beside the API: the access log and request ids before every route, the fake's videos,
     * liveness and readiness (without the checks' details, which the management listener gives).
     */
    static Consumer<Router> extraRoutes(Vertx vertx, MotionControl core, AccessLog accessLog) {
        FakeMediaRoute media = new FakeMediaRoute();
        return router -> {
            accessLog.installOn(router);
            media.accept(router);
            Management.installHealth(vertx, router, core, false);
        };
    }

    /**
     * The key client ids are digested with in the access log: derived from {@code OWNER_SECRET} when it is set (the same
     * client, the same id on every instance and after a restart), else new for this process.
     */
    private static byte[] clientIdKey(ServerConfig config) {
        return config.store().ownerSecret()
                .map(secret -> new HmacSha256(secret.getBytes(StandardCharsets.UTF_8)).of("access-log client ids"))
                .orElseGet(OwnerHashing::newSecret);
    }

    private static Future<Void> undeployAll(Vertx vertx) {
        return Future.join(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()).mapEmpty();
    }

    /**
     * How long a request waits for its answer: past the Freepik client's deadline, and the media preflight's before it
     * when it measures, so that the client's own failure (a 503, or a 502 "may have created") is what a slow provider
     * yields.
     */
    private static Duration answerDeadline(ServerConfig config) {
        Duration preflight = config.mediaPreflight() == MediaPreflight.Mode.OFF ? Duration.ZERO
                : MediaProbeSettings.DEFAULT_PROBE_TIMEOUT;
        return (config.provider() == ServerConfig.Provider.FREEPIK
                ? config.freepik().deadline().plusSeconds(5) : MotionControlHttpApi.DEFAULT_ANSWER_DEADLINE)
                .plus(preflight);
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

    private static Core core(Vertx vertx, ServerConfig config, UnaryOperator<MotionControl.Builder> adjust,
            Optional<PrometheusMeterRegistry> registry, URI baseUrl, StateStore store) {
        ServerConfig.Webhooks webhooks = config.webhooks();
        MotionControl.Builder builder = MotionControl.builder()
                .vertx(vertx)
                .store(store)
                .submissions(new SubmissionPlan(config.store().idempotencyKeysTtl(), SubmissionPlan.DEFAULT.pendingFor()))
                .polling(new PollingPlan(webhooks.pollFirst(), webhooks.pollMax()))
                .webhookSweep(webhooks.sweepEvery());
        registry.ifPresent(builder::meterRegistry);
        config.store().ownerSecret().ifPresent(secret -> builder.ownerSecret(secret.getBytes(StandardCharsets.UTF_8)));
        boolean freepik = config.provider() == ServerConfig.Provider.FREEPIK;
        if (freepik) {
            builder.freepik(freepikSettings(config.freepik())).statusFreshness(config.freepik().statusRecheck());
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
        UrlAccessPolicy urlAccess = config.allowPrivateUrls() ? UrlAccessPolicy.allowingPrivateHosts()
                : UrlAccessPolicy.publicOnlyExcept(webhooks.allowedPrivateHosts());
        Optional<S3ResultStore> bucket = keepResults(builder, vertx, config, baseUrl, urlAccess, freepik);
        try {
            builder.acceptedKeys(config.clientKeys().isEmpty()
                            ? AcceptedClientKeys.any(config.clientLimits()) : AcceptedClientKeys.only(config.clientKeys()))
                    .urlAccess(urlAccess)
                    .mediaPreflight(config.mediaPreflight());
            return new Core(adjust.apply(builder).build(), bucket);
        } catch (RuntimeException e) {
            bucket.ifPresent(S3ResultStore::close);
            throw e;
        }
    }

    /**
     * How long a copy is leased to the instance making it: past the fetch of a video and its upload (a task has one
     * video; a second one would get what is left), 30 minutes at least. A copy that outlasts it is an attempt failed.
     */
    private static Duration copyLease(ServerConfig.Results results) {
        Duration needed = results.fetchTimeout().plus(S3ResultStore.API_CALL_TIMEOUT).plusMinutes(1);
        return needed.compareTo(ResultCopier.Plan.DEFAULT.lease()) > 0 ? needed : ResultCopier.Plan.DEFAULT.lease();
    }

    /**
     * Keeps copies of the generated videos as {@code RESULTS_STORE} says, if it says so: links to them go through this
     * service's download path (a directory) or are presigned (S3). In fake mode the fake's videos are served by this
     * service itself, which the copier may then fetch from; otherwise the copier reaches what the media policy allows.
     */
    private static Optional<S3ResultStore> keepResults(MotionControl.Builder builder, Vertx vertx,
            ServerConfig config, URI baseUrl, UrlAccessPolicy urlAccess, boolean freepik) {
        ServerConfig.Results results = config.results();
        if (!results.kept()) {
            return Optional.empty();
        }
        UrlAccessPolicy fetchAccess = urlAccess;
        if (!freepik && !urlAccess.allowsPrivateHosts()) {
            List<String> allowed = new ArrayList<>(config.webhooks().allowedPrivateHosts());
            allowed.addAll(List.of(baseUrl.getHost(), "127.0.0.0/8", "::1/128"));
            fetchAccess = UrlAccessPolicy.publicOnlyExcept(allowed);
        }
        builder.resultFetching(ResultFetcherSettings.of(fetchAccess)
                        .withMaxBytes(results.maxBytes())
                        .withTotalTimeout(results.fetchTimeout()))
                .resultLinks(results.linkLifetime(), Optional.of(baseUrl.resolve(
                        MotionControlHttpApi.RESULTS_PATH.substring(1))))
                .resultCopies(new ResultCopier.Plan(ResultCopier.Plan.DEFAULT.retries(), results.keepFor(),
                        config.webhooks().sweepEvery(), copyLease(results)));
        if (results.location() instanceof ServerConfig.ResultsLocation.Directory directory) {
            builder.keepResultsIn(directory.root());
            return Optional.empty();
        }
        ServerConfig.ResultsLocation.S3 s3 = (ServerConfig.ResultsLocation.S3) results.location();
        S3ResultStoreSettings settings = S3ResultStoreSettings.of(s3.bucket(), Region.of(results.s3Region()))
                .withKeyPrefix(s3.prefix());
        if (results.s3Endpoint().isPresent()) {
            settings = settings.withEndpoint(results.s3Endpoint().get());
        }
        if (results.s3Credentials().isPresent()) {
            ServerConfig.Results.S3Keys keys = results.s3Credentials().get();
            settings = settings.withCredentials(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())));
        }
        S3ResultStore bucket = S3ResultStore.create(vertx, settings);
        builder.keepResults(bucket);
        return Optional.of(bucket);
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

    /** The port of the management listener (metrics, detailed health), when {@code MANAGEMENT_PORT} opened one. */
    public Optional<Integer> managementPort() {
        return management.map(HttpServer::actualPort);
    }

    /** The port the service listens on. */
    public int port() {
        return port;
    }

    /** The URL clients reach the service at (from {@code PUBLIC_BASE_URL}, or localhost and the port). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The library the service runs its use cases on: for a test harness that drives it beside the HTTP API. */
    public MotionControl library() {
        return core;
    }

    /**
     * Stops accepting requests, lets those in flight finish within the grace period, then stops the background work
     * and closes the store.
     */
    public Future<Void> close() {
        List<Future<Void>> undeployed = new ArrayList<>(vertx.deploymentIDs().stream().map(vertx::undeploy).toList());
        management.ifPresent(listener -> undeployed.add(listener.close()));
        return Future.join(undeployed)
                .transform(stopped -> vertx.executeBlocking(() -> {
                    try {
                        core.close();
                        bucket.ifPresent(S3ResultStore::close);
                    } finally {
                        // Whatever failed before, the store lets go of its file or its connections.
                        store.close();
                    }
                    return null;
                }, false))
                .transform(closed -> vertx.close());
    }
}
