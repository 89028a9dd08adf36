package dev.motioncontrol.library;

import dev.motioncontrol.adapters.metrics.MicrometerTelemetry;
import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.freepik.fake.FakeVideoProvider;
import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import dev.motioncontrol.adapters.freepik.http.FreepikVideoProvider;
import dev.motioncontrol.adapters.media.ContainerReader;
import dev.motioncontrol.adapters.media.HttpMediaProbe;
import dev.motioncontrol.adapters.media.MediaProbeSettings;
import dev.motioncontrol.adapters.memory.InMemoryStateStore;
import dev.motioncontrol.adapters.results.DirectoryResultStore;
import dev.motioncontrol.adapters.results.HttpResultFetcher;
import dev.motioncontrol.adapters.results.ResultFetcherSettings;
import dev.motioncontrol.adapters.webhooks.SignedWebhookSender;
import dev.motioncontrol.adapters.webhooks.VertxHostResolver;
import dev.motioncontrol.adapters.webhooks.WebhookSenderSettings;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.CheckReadinessUseCase;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.AwaitCompletionUseCase;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.in.GetResultCopiesUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.GetTaskMediaUseCase;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.GeneratedVideoFetcher;
import dev.motioncontrol.application.port.out.MediaProbe;
import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.application.service.PollingPlan;
import dev.motioncontrol.application.service.MotionTransferUseCases;
import dev.motioncontrol.application.service.ReadinessService;
import dev.motioncontrol.application.service.ReceiveProviderWebhookService;
import dev.motioncontrol.application.service.ResultCopier;
import dev.motioncontrol.application.service.ResultLinks;
import dev.motioncontrol.application.service.StatusFreshness;
import dev.motioncontrol.application.service.MediaPreflight;
import dev.motioncontrol.application.service.RetryPlan;
import dev.motioncontrol.application.service.SubmissionPlan;
import dev.motioncontrol.application.service.TaskChanges;
import dev.motioncontrol.application.service.WebhookUrlCheck;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's front door: the motion-transfer use cases, wired to a video provider, for a Java
 * application that embeds them instead of running the HTTP service.
 *
 * <pre>{@code
 * try (MotionControl motion = MotionControl.builder()
 *         .freepik(FreepikSettings.freepik(System.getenv("FREEPIK_API_KEY")))
 *         .build()) {
 *     Task task = motion.submit(...).toCompletableFuture().join();
 *     Task done = motion.awaitCompletion(new AwaitCompletionQuery(me, task.id(), Duration.ofMinutes(10)))
 *             .toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>Every method is asynchronous and thread-safe; failures complete the stage exceptionally with a
 * {@link dev.motioncontrol.application.MotionTransferFailure}. {@link #close()} releases what the builder
 * created (the Freepik client, the webhook sender and, unless one was given, their {@link Vertx}).
 */
public final class MotionControl implements SubmitMotionTransferUseCase, GetTaskStatusUseCase, ListTasksUseCase,
        WatchTaskUseCase, AwaitCompletionUseCase, GetWebhookDeliveryUseCase, GetTaskMediaUseCase,
        GetResultCopiesUseCase, DownloadResultUseCase, CheckReadinessUseCase, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MotionControl.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final MotionTransferUseCases useCases;
    private final Optional<ReceiveProviderWebhookUseCase> providerWebhooks;
    private final CheckReadinessUseCase readiness;
    private final List<Runnable> onClose;

    private MotionControl(MotionTransferUseCases useCases, Optional<ReceiveProviderWebhookUseCase> providerWebhooks,
            CheckReadinessUseCase readiness, List<Runnable> onClose) {
        this.useCases = useCases;
        this.readiness = readiness;
        this.providerWebhooks = providerWebhooks;
        this.onClose = onClose;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Task> submit(SubmitMotionTransferCommand command) {
        return useCases.submit(command);
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        return useCases.getStatus(query);
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        return useCases.listTasks(query);
    }

    @Override
    public CompletionStage<Watch> watch(GetTaskStatusQuery query, TaskObserver observer) {
        return useCases.watch(query, observer);
    }

    @Override
    public CompletionStage<Task> awaitCompletion(AwaitCompletionQuery query) {
        return useCases.awaitCompletion(query);
    }

    @Override
    public CompletionStage<WebhookDelivery> getWebhookDelivery(GetTaskStatusQuery query) {
        return useCases.getWebhookDelivery(query);
    }

    @Override
    public CompletionStage<MediaFacts> getTaskMedia(GetTaskStatusQuery query) {
        return useCases.getTaskMedia(query);
    }

    @Override
    public CompletionStage<ResultCopies> getResultCopies(GetTaskStatusQuery query) {
        return useCases.getResultCopies(query);
    }

    @Override
    public CompletionStage<Download> download(Query query) {
        return useCases.download(query);
    }

    /**
     * Whether the store answers and whether the provider, as last heard, accepts the key (see
     * {@link VideoProvider#unreadyBecause()}): for a readiness probe; it costs the provider's account no request.
     */
    @Override
    public CompletionStage<List<Dependency>> checkReadiness() {
        return readiness.checkReadiness();
    }

    /** Where the provider's own webhooks go in, when {@link Builder#providerWebhooks} configured them. */
    public Optional<ReceiveProviderWebhookUseCase> providerWebhooks() {
        return providerWebhooks;
    }

    /**
     * Releases the Freepik client, the webhook sender and the {@link Vertx} the builder created, waiting up
     * to 30 s for the latter. Blocks: call it from your own thread, never from a Vert.x event loop.
     */
    @Override
    public void close() {
        onClose.forEach(Runnable::run);
    }

    /** Chooses the provider, the rules and the extras; {@link #build()} needs a provider. */
    public static final class Builder {

        private VideoProvider provider;
        private FakeProviderSettings fakeSettings;
        private FreepikSettings freepikSettings;
        private Vertx vertx;
        private StateStore store;
        private byte[] ownerSecret;
        private SubmissionPlan submissions = SubmissionPlan.DEFAULT;
        private Duration webhookSweep = Duration.ofSeconds(5);
        private AcceptedClientKeys acceptedKeys = AcceptedClientKeys.any();
        private UrlAccessPolicy urlAccess = UrlAccessPolicy.publicOnly();
        private TimeSource time = TimeSource.system();
        private WebhookSecret webhookSecret;
        private WebhookSender webhookSender;
        private Duration webhookTimeout = Duration.ofSeconds(10);
        private RetryPlan webhookRetries = RetryPlan.DEFAULT;
        private PollingPlan polling = PollingPlan.DEFAULT;
        private StatusFreshness statusFreshness;
        private WebhookUrl providerCallback;
        private List<WebhookSecret> providerSecrets = List.of();
        private MediaPreflight.Mode mediaPreflight = MediaPreflight.Mode.OFF;
        private MediaProbe mediaProbe;
        private ResultStore resultStore;
        private Path resultDirectory;
        private GeneratedVideoFetcher resultFetcher;
        private ResultFetcherSettings resultFetching;
        private Optional<URI> resultDownloads = Optional.empty();
        private Duration resultLinkLifetime = Duration.ofHours(24);
        private ResultCopier.Plan resultPlan = ResultCopier.Plan.DEFAULT;
        private Telemetry telemetry = Telemetry.NONE;

        private Builder() {
        }

        /**
         * Where the library reports the tasks' moves, the calls to the provider (and how long they waited for their
         * turn), the webhooks' deliveries and the media preflight's verdicts; nowhere unless set. What it throws is
         * ignored.
         */
        public Builder telemetry(Telemetry telemetry) {
            this.telemetry = Telemetry.neverFailing(telemetry);
            return this;
        }

        /**
         * Reports the telemetry as Micrometer meters in {@code registry} (see {@link MicrometerTelemetry} for their
         * names): {@code telemetry(new MicrometerTelemetry(registry))}.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            return telemetry(new MicrometerTelemetry(registry));
        }

        /** Any provider: the fake, the Freepik client, or your own test double. */
        public Builder provider(VideoProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.fakeSettings = null;
            this.freepikSettings = null;
            return this;
        }

        /** The in-memory fake provider, offline and free, with these settings, on this builder's clock. */
        public Builder fake(FakeProviderSettings settings) {
            this.fakeSettings = Objects.requireNonNull(settings, "settings");
            this.provider = null;
            this.freepikSettings = null;
            return this;
        }

        /**
         * The fake's settings as {@code adjust} makes them from those {@link #fake(FakeProviderSettings)} chose: for a
         * harness that adjusts a builder others set up (its delays, a {@link FakeProviderSettings#withControl control}).
         * Throws {@link IllegalStateException} when the fake is not the provider chosen.
         */
        public Builder adjustFake(UnaryOperator<FakeProviderSettings> adjust) {
            Objects.requireNonNull(adjust, "adjust");
            if (fakeSettings == null) {
                throw new IllegalStateException("the fake is not the provider chosen: choose it with fake(settings)");
            }
            return fake(adjust.apply(fakeSettings));
        }

        /** Freepik's API (or Magnific's) with these settings. */
        public Builder freepik(FreepikSettings settings) {
            this.freepikSettings = Objects.requireNonNull(settings, "settings");
            this.provider = null;
            this.fakeSettings = null;
            return this;
        }

        /** Freepik's API on your {@link Vertx}, which stays yours to close. */
        public Builder freepik(Vertx vertx, FreepikSettings settings) {
            return vertx(vertx).freepik(settings);
        }

        /**
         * The {@link Vertx} the Freepik client, the webhook sender and the timers run on; without one the
         * builder makes its own when it needs one, and {@link MotionControl#close()} closes it.
         */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            return this;
        }

        /** The clock the fake runs on and webhooks are stamped with. */
        public Builder time(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Where the service keeps what it must not forget (its tasks, their webhooks' deliveries, the submissions
         * journal and idempotency keys); by default in memory, forgotten at {@link MotionControl#close()}. The
         * store stays yours: close it after the {@code MotionControl}.
         */
        public Builder store(StateStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The secret client keys are hashed with before they are kept ({@link OwnerHashing}); by default the one
         * the store keeps (made on its first start). Changing it makes every kept task unknown to its owner.
         */
        public Builder ownerSecret(byte[] secret) {
            new OwnerHashing(secret); // refuses a secret too short now, not at build()
            this.ownerSecret = secret.clone();
            return this;
        }

        /** How long idempotency keys are kept, and when a submission without an answer counts as interrupted. */
        public Builder submissions(SubmissionPlan submissions) {
            this.submissions = Objects.requireNonNull(submissions, "submissions");
            return this;
        }

        /** Which client keys are let in; by default any non-blank key, each its own client. */
        public Builder acceptedKeys(AcceptedClientKeys acceptedKeys) {
            this.acceptedKeys = Objects.requireNonNull(acceptedKeys, "acceptedKeys");
            return this;
        }

        /** Which media and webhook hosts are allowed; by default only public ones. */
        public Builder urlAccess(UrlAccessPolicy urlAccess) {
            this.urlAccess = Objects.requireNonNull(urlAccess, "urlAccess");
            return this;
        }

        /**
         * Delivers each finished task's {@code webhook_url}, signed with {@code secret} (Standard Webhooks),
         * retried on {@code retries}; without a secret, webhooks are recorded but not sent.
         */
        public Builder webhooks(WebhookSecret secret, Duration timeout, RetryPlan retries) {
            this.webhookSecret = Objects.requireNonNull(secret, "secret");
            this.webhookTimeout = Objects.requireNonNull(timeout, "timeout");
            this.webhookRetries = Objects.requireNonNull(retries, "retries");
            this.webhookSender = null;
            return this;
        }

        /**
         * Delivers each finished task's {@code webhook_url} with {@code sender} (a test's, that records them), retried
         * on {@code retries}. The sender signs them, and answers for what it reaches: a submit's {@code webhook_url} is
         * judged by the {@link #urlAccess} policy from the URL alone, its host not looked up.
         */
        public Builder webhooks(WebhookSender sender, RetryPlan retries) {
            this.webhookSender = Objects.requireNonNull(sender, "sender");
            this.webhookRetries = Objects.requireNonNull(retries, "retries");
            this.webhookSecret = null;
            return this;
        }

        /**
         * How often the store is read for webhook deliveries that fell due unheard (after a restart, or when
         * another instance stopped with one under way); 5 s by default.
         */
        public Builder webhookSweep(Duration every) {
            this.webhookSweep = Objects.requireNonNull(every, "every");
            return this;
        }

        /**
         * Measures each submission's image and video before the provider is paid (see {@link MediaPreflight}), with
         * the library's own prober: it fetches a few ranges of each through the {@link #urlAccess} policy and reads
         * format, size, dimensions and duration from the bytes. {@code ENFORCE} refuses media the provider would
         * refuse (400); {@code WARN} logs them and sends them on; {@code OFF} (the default) does not probe.
         */
        public Builder mediaPreflight(MediaPreflight.Mode mode) {
            this.mediaPreflight = Objects.requireNonNull(mode, "mode");
            this.mediaProbe = null;
            return this;
        }

        /** The same, with {@code probe} measuring the media (your own, or a test double). */
        public Builder mediaPreflight(MediaPreflight.Mode mode, MediaProbe probe) {
            this.mediaPreflight = Objects.requireNonNull(mode, "mode");
            this.mediaProbe = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /**
         * Keeps a copy of each completed task's generated videos in {@code store} (the provider's URLs expire): a task
         * is shown {@code IN_PROGRESS} until its copy is made, then with links to the copy (see {@link #resultLinks});
         * its webhook is sent after the copy. A copy that cannot be made is retried, then given up: the task is then
         * shown with the provider's URLs, and {@link MotionControl#getResultCopies} says why. The store stays yours to
         * close after the {@code MotionControl}.
         */
        public Builder keepResults(ResultStore store) {
            this.resultStore = Objects.requireNonNull(store, "store");
            this.resultDirectory = null;
            return this;
        }

        /** {@link #keepResults(ResultStore)} in a local directory (created if need be). */
        public Builder keepResultsIn(Path directory) {
            this.resultDirectory = Objects.requireNonNull(directory, "directory");
            this.resultStore = null;
            return this;
        }

        /**
         * How the generated videos are fetched for their copies; by default streaming, through the
         * {@link #urlAccess} policy, up to {@link ResultFetcherSettings#DEFAULT_MAX_BYTES} each within
         * {@link ResultFetcherSettings#DEFAULT_TOTAL_TIMEOUT}.
         */
        public Builder resultFetching(ResultFetcherSettings settings) {
            this.resultFetching = Objects.requireNonNull(settings, "settings");
            this.resultFetcher = null;
            return this;
        }

        /** The same, with your own fetcher (or a test double). */
        public Builder resultFetcher(GeneratedVideoFetcher fetcher) {
            this.resultFetcher = Objects.requireNonNull(fetcher, "fetcher");
            this.resultFetching = null;
            return this;
        }

        /**
         * The links clients are given to the copies: each works for {@code lifetime} from when it is given (24 h by
         * default, 7 days at most). A store that signs its own links (S3) gives those; otherwise, with
         * {@code downloads} (the HTTP service's download path, ending with {@code /}), links the service signs;
         * without, {@code file:} URIs.
         */
        public Builder resultLinks(Duration lifetime, Optional<URI> downloads) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("a link lives more than nothing and at most 7 days (S3's limit for "
                        + "presigned URLs), not " + lifetime);
            }
            this.resultLinkLifetime = lifetime;
            this.resultDownloads = Objects.requireNonNull(downloads, "downloads");
            return this;
        }

        /** How copies are retried, how long they are kept ({@link ResultCopier.Plan#DEFAULT}: for ever). */
        public Builder resultCopies(ResultCopier.Plan plan) {
            this.resultPlan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** How often a task someone waits on is polled, when the provider does not tell us itself. */
        public Builder polling(PollingPlan polling) {
            this.polling = Objects.requireNonNull(polling, "polling");
            return this;
        }

        /**
         * When a status request of an unfinished task is answered from the record instead of asking the provider
         * (see {@link StatusFreshness}). Unless set: {@link StatusFreshness#DEFAULT} with Freepik, whose calls
         * spend the account's shared budget, left to the provider's webhooks for
         * {@link StatusFreshness#DEFAULT_PUSHED_FOR} when they are configured; {@link StatusFreshness#ALWAYS} with
         * any other provider. A plan's {@link StatusFreshness#pushedFor()} counts only with provider webhooks.
         */
        public Builder statusFreshness(StatusFreshness freshness) {
            this.statusFreshness = Objects.requireNonNull(freshness, "freshness");
            return this;
        }

        /**
         * Gives the provider {@code callback} (this service's own webhook endpoint) with each submission and
         * accepts webhooks signed with one of {@code secrets} there (see {@link MotionControl#providerWebhooks()}).
         */
        public Builder providerWebhooks(WebhookUrl callback, List<WebhookSecret> secrets) {
            this.providerCallback = Objects.requireNonNull(callback, "callback");
            this.providerSecrets = List.copyOf(secrets);
            if (providerSecrets.isEmpty()) {
                throw new IllegalArgumentException("provider webhooks need at least one secret to verify them");
            }
            return this;
        }

        /**
         * Builds the library and picks up what a previous run left in the store (see
         * {@link MotionTransferUseCases#start}). Blocks until the store has been read: call it from your own thread,
         * never from a Vert.x event loop.
         */
        public MotionControl build() {
            List<Runnable> onClose = new ArrayList<>();
            boolean ownProbe = mediaPreflight != MediaPreflight.Mode.OFF && mediaProbe == null;
            boolean keepsResults = resultStore != null || resultDirectory != null;
            boolean needsVertx = freepikSettings != null || webhookSecret != null || ownProbe || keepsResults;
            Vertx runtime = vertx;
            if (runtime == null && needsVertx) {
                Vertx own = Vertx.vertx();
                runtime = own;
                onClose.add(() -> awaitClosed(own));
            }
            StateStore state = store != null ? store : new InMemoryStateStore(InMemoryStateStore.DEFAULT_MAX_TASKS,
                    InMemoryStateStore.DEFAULT_MAX_AGE, time);
            VideoProvider chosen = provider;
            FakeVideoProvider fake = null;
            if (fakeSettings != null) {
                fake = new FakeVideoProvider(fakeSettings, time);
                chosen = fake;
            } else if (freepikSettings != null) {
                // Instances that share the store share the account's rate through it too.
                FreepikVideoProvider freepik = new FreepikVideoProvider(runtime, freepikSettings, state.rateBudget(),
                        telemetry);
                onClose.add(0, freepik::close);
                chosen = freepik;
            }
            if (chosen == null) {
                throw new IllegalStateException("choose a provider: freepik(...), fake(...) or provider(...)");
            }
            byte[] secret = ownerSecret != null ? ownerSecret : join(state.ownerSecret());
            OwnerHashing owners = new OwnerHashing(secret);
            Scheduler scheduler = runtime != null ? vertxScheduler(runtime) : Scheduler.daemonThread();
            WebhookUrlCheck webhookUrls = WebhookUrlCheck.refusingAll();
            Optional<MotionTransferUseCases.Webhooks> deliveries = Optional.empty();
            VertxHostResolver resolver = runtime != null ? new VertxHostResolver(runtime) : null;
            if (resolver != null) {
                onClose.add(0, () -> join(resolver.close().toCompletionStage()));
            }
            MediaProbe probe = mediaProbe;
            if (ownProbe) {
                HttpMediaProbe own = new HttpMediaProbe(runtime, MediaProbeSettings.of(urlAccess), resolver,
                        new ContainerReader());
                onClose.add(0, () -> join(own.close().toCompletionStage()));
                probe = own;
            }
            MediaPreflight preflight = mediaPreflight == MediaPreflight.Mode.OFF ? MediaPreflight.off()
                    : new MediaPreflight(probe, mediaPreflight, telemetry);
            if (webhookSecret != null) {
                SignedWebhookSender sender = new SignedWebhookSender(runtime,
                        WebhookSenderSettings.of(webhookSecret, urlAccess).withTimeout(webhookTimeout),
                        resolver, time);
                deliveries = Optional.of(new MotionTransferUseCases.Webhooks(sender, webhookRetries, webhookSweep,
                        webhookTimeout.multipliedBy(3).plusSeconds(30)));
                webhookUrls = WebhookUrlCheck.resolvingWith(resolver, urlAccess, scheduler);
                onClose.add(0, () -> sender.close());
            } else if (webhookSender != null) {
                deliveries = Optional.of(new MotionTransferUseCases.Webhooks(webhookSender, webhookRetries,
                        webhookSweep, webhookTimeout.multipliedBy(3).plusSeconds(30)));
                webhookUrls = WebhookUrlCheck.acceptingAll();
            }
            Optional<MotionTransferUseCases.Results> results = Optional.empty();
            if (keepsResults) {
                ResultStore kept = resultStore != null ? resultStore : new DirectoryResultStore(runtime, resultDirectory);
                GeneratedVideoFetcher fetcher = resultFetcher;
                if (fetcher == null) {
                    HttpResultFetcher own = new HttpResultFetcher(runtime, resultFetching != null ? resultFetching
                            : ResultFetcherSettings.of(urlAccess), resolver);
                    onClose.add(0, () -> join(own.close().toCompletionStage()));
                    fetcher = own;
                }
                results = Optional.of(new MotionTransferUseCases.Results(fetcher,
                        new ResultLinks(kept, resultDownloads, resultLinkLifetime, time, secret), resultPlan));
            }
            MotionTransferUseCases useCases = new MotionTransferUseCases(new MotionTransferUseCases.Wiring(chosen,
                    state, owners, new TaskChanges(), acceptedKeys, new MotionTransferRules(urlAccess), webhookUrls,
                    scheduler, time, polling, submissions, deliveries, Optional.ofNullable(providerCallback),
                    statusFreshness(), preflight, results, telemetry));
            onClose.add(0, useCases::close);
            if (fake != null) {
                // What the fake's control moves reaches the records as a provider's webhook would: at once.
                fake.reportMovesTo(useCases.reports()::apply);
            }
            try {
                join(useCases.start(interrupted -> LOG.warn("Submission {} (idempotency key: {}) was interrupted "
                        + "while the provider was asked, at {}: the provider may have created the task; it is "
                        + "answered as such under its key", interrupted.id(), interrupted.idempotencyKey().isPresent()
                        ? "yes" : "none", interrupted.startedAt())));
            } catch (RuntimeException e) {
                onClose.forEach(Runnable::run);
                throw e;
            }
            Optional<ReceiveProviderWebhookUseCase> receiver = providerSecrets.isEmpty() ? Optional.empty()
                    : Optional.of(new ReceiveProviderWebhookService(new WebhookVerifier(providerSecrets,
                            WebhookVerifier.DEFAULT_TOLERANCE, clock(time)), useCases.reports(),
                            state.seenProviderWebhooks(), time, chosen));
            return new MotionControl(useCases, receiver, new ReadinessService(state, chosen, scheduler),
                    List.copyOf(onClose));
        }

        /**
         * The freshness plan as set, or by default as the provider needs; left to the provider's webhooks (for
         * {@link StatusFreshness#DEFAULT_PUSHED_FOR} by default) only when they are configured.
         */
        private StatusFreshness statusFreshness() {
            if (statusFreshness != null) {
                return providerCallback != null ? statusFreshness : statusFreshness.trustingWebhooksFor(Duration.ZERO);
            }
            StatusFreshness plan = freepikSettings != null ? StatusFreshness.DEFAULT : StatusFreshness.ALWAYS;
            return providerCallback != null && !plan.asksEveryTime()
                    ? plan.trustingWebhooksFor(StatusFreshness.DEFAULT_PUSHED_FOR) : plan;
        }

        /** Waits for what must be known before the library can serve; a failure is the stage's own. */
        private static <T> T join(CompletionStage<T> stage) {
            try {
                return stage.toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the store was read", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new MotionTransferFailure.StoreUnavailable("The store did not answer within "
                        + CLOSE_TIMEOUT.toSeconds() + " s");
            }
        }

        private static Scheduler vertxScheduler(Vertx vertx) {
            return (delay, action) -> {
                long timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run());
                return () -> vertx.cancelTimer(timer);
            };
        }

        private static Clock clock(TimeSource time) {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return time.now();
                }
            };
        }

        private static void awaitClosed(Vertx vertx) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture()
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Closing is best effort: what could not be closed in time is left to the JVM's exit.
            }
        }
    }
}
