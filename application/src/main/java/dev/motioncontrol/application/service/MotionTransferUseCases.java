package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.AwaitCompletionUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.in.GetResultCopiesUseCase;
import dev.motioncontrol.application.port.in.GetTaskMediaUseCase;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.GeneratedVideoFetcher;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.WebhookUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The seven client-facing use cases wired to one another and to the out-ports, each behind
 * {@link ClientAuthentication}, with the background work they need (the polling of tasks someone waits on, the
 * delivery of webhooks, the store's housekeeping): the one place that wires them, for the library and for tests
 * alike. {@link #start(Consumer)} picks up what a previous run left (see there); {@link #close()} stops the
 * background work.
 */
public final class MotionTransferUseCases implements SubmitMotionTransferUseCase, GetTaskStatusUseCase,
        ListTasksUseCase, WatchTaskUseCase, AwaitCompletionUseCase, GetWebhookDeliveryUseCase, GetTaskMediaUseCase,
        GetResultCopiesUseCase, DownloadResultUseCase, AutoCloseable {

    /** How long {@link #close()} waits for webhook attempts under way to be recorded. */
    static final long CLOSE_WAIT_SECONDS = 15;
    /** How long {@link #close()} waits for the copies under way to be given back. */
    static final long GIVE_BACK_WAIT_SECONDS = 5;
    /** The most unfinished tasks with a webhook that are followed again at start. */
    static final int FOLLOWED_AGAIN_AT_START = 10_000;
    /** How often the journal and the seen webhook ids are tidied, and interrupted submissions settled. */
    static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(1);
    /** How long a provider webhook's id is remembered (the provider retries for far less). */
    static final Duration SEEN_WEBHOOKS_KEPT_FOR = Duration.ofDays(7);

    /**
     * What the use cases are wired with.
     *
     * @param store            where everything that must not be forgotten is kept
     * @param owners           how client keys become the owners kept in the store (with the store's secret)
     * @param changes          where moves are published
     * @param webhookUrls      how a submit's {@code webhook_url} is judged ({@link WebhookUrlCheck#refusingAll()}
     *                         when the service delivers no webhooks)
     * @param webhooks         how the clients' webhooks are delivered; empty: they are recorded, not sent
     * @param providerCallback the service's own URL for the provider's webhooks, sent with each submission
     * @param statusFreshness  when a task's record answers a status request, and when the provider is asked
     * @param mediaPreflight   how a submission's media are measured before the provider is paid
     * @param results          how the generated videos are copied and kept; empty: they are not, clients get the
     *                         provider's URLs
     * @param telemetry        what is told of the tasks' moves and the webhooks' deliveries
     */
    public record Wiring(VideoProvider provider, StateStore store, OwnerHashing owners, TaskChanges changes,
            AcceptedClientKeys acceptedKeys, MotionTransferRules rules, WebhookUrlCheck webhookUrls,
            Scheduler scheduler, TimeSource time, PollingPlan polling, SubmissionPlan submissions,
            Optional<Webhooks> webhooks, Optional<WebhookUrl> providerCallback, StatusFreshness statusFreshness,
            MediaPreflight mediaPreflight, Optional<Results> results, Telemetry telemetry) {

        /** The same, telling no telemetry. */
        public Wiring(VideoProvider provider, StateStore store, OwnerHashing owners, TaskChanges changes,
                AcceptedClientKeys acceptedKeys, MotionTransferRules rules, WebhookUrlCheck webhookUrls,
                Scheduler scheduler, TimeSource time, PollingPlan polling, SubmissionPlan submissions,
                Optional<Webhooks> webhooks, Optional<WebhookUrl> providerCallback, StatusFreshness statusFreshness,
                MediaPreflight mediaPreflight, Optional<Results> results) {
            this(provider, store, owners, changes, acceptedKeys, rules, webhookUrls, scheduler, time, polling,
                    submissions, webhooks, providerCallback, statusFreshness, mediaPreflight, results, Telemetry.NONE);
        }

        /** The same, keeping no copies of the generated videos. */
        public Wiring(VideoProvider provider, StateStore store, OwnerHashing owners, TaskChanges changes,
                AcceptedClientKeys acceptedKeys, MotionTransferRules rules, WebhookUrlCheck webhookUrls,
                Scheduler scheduler, TimeSource time, PollingPlan polling, SubmissionPlan submissions,
                Optional<Webhooks> webhooks, Optional<WebhookUrl> providerCallback, StatusFreshness statusFreshness,
                MediaPreflight mediaPreflight) {
            this(provider, store, owners, changes, acceptedKeys, rules, webhookUrls, scheduler, time, polling,
                    submissions, webhooks, providerCallback, statusFreshness, mediaPreflight, Optional.empty());
        }

        /** The same, without a media preflight. */
        public Wiring(VideoProvider provider, StateStore store, OwnerHashing owners, TaskChanges changes,
                AcceptedClientKeys acceptedKeys, MotionTransferRules rules, WebhookUrlCheck webhookUrls,
                Scheduler scheduler, TimeSource time, PollingPlan polling, SubmissionPlan submissions,
                Optional<Webhooks> webhooks, Optional<WebhookUrl> providerCallback, StatusFreshness statusFreshness) {
            this(provider, store, owners, changes, acceptedKeys, rules, webhookUrls, scheduler, time, polling,
                    submissions, webhooks, providerCallback, statusFreshness, MediaPreflight.off());
        }

        /** The same, asking the provider at every status request ({@link StatusFreshness#ALWAYS}). */
        public Wiring(VideoProvider provider, StateStore store, OwnerHashing owners, TaskChanges changes,
                AcceptedClientKeys acceptedKeys, MotionTransferRules rules, WebhookUrlCheck webhookUrls,
                Scheduler scheduler, TimeSource time, PollingPlan polling, SubmissionPlan submissions,
                Optional<Webhooks> webhooks, Optional<WebhookUrl> providerCallback) {
            this(provider, store, owners, changes, acceptedKeys, rules, webhookUrls, scheduler, time, polling,
                    submissions, webhooks, providerCallback, StatusFreshness.ALWAYS);
        }

        public Wiring {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(owners, "owners");
            Objects.requireNonNull(changes, "changes");
            Objects.requireNonNull(acceptedKeys, "acceptedKeys");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(webhookUrls, "webhookUrls");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(polling, "polling");
            Objects.requireNonNull(submissions, "submissions");
            Objects.requireNonNull(webhooks, "webhooks");
            Objects.requireNonNull(providerCallback, "providerCallback");
            Objects.requireNonNull(statusFreshness, "statusFreshness");
            Objects.requireNonNull(mediaPreflight, "mediaPreflight");
            Objects.requireNonNull(results, "results");
            Objects.requireNonNull(telemetry, "telemetry");
        }
    }

    /**
     * How the generated videos are copied and kept.
     *
     * @param fetcher how a video is fetched from the provider's URL
     * @param links   the store the copies are kept in, and the links clients are given to them
     * @param plan    the retries, the retention, the sweeps
     */
    public record Results(GeneratedVideoFetcher fetcher, ResultLinks links, ResultCopier.Plan plan) {

        public Results {
            Objects.requireNonNull(fetcher, "fetcher");
            Objects.requireNonNull(links, "links");
            Objects.requireNonNull(plan, "plan");
        }
    }

    /**
     * How the clients' webhooks are delivered.
     *
     * @param sweepEvery how often the outbox is read for deliveries due (after a restart, or another instance's end)
     * @param lease      how long an attempt may take before its delivery is due again
     */
    public record Webhooks(WebhookSender sender, RetryPlan retries, Duration sweepEvery, Duration lease) {

        /** Sweeps every 5 s; an attempt's lease is a minute. */
        public Webhooks(WebhookSender sender, RetryPlan retries) {
            this(sender, retries, Duration.ofSeconds(5), Duration.ofMinutes(1));
        }

        public Webhooks {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(retries, "retries");
            Objects.requireNonNull(sweepEvery, "sweepEvery");
            Objects.requireNonNull(lease, "lease");
        }
    }

    private final Wiring wiring;
    private final TaskReports reports;
    private final TaskPolling polling;
    private final Optional<WebhookDispatcher> dispatcher;
    private final SubmitMotionTransferUseCase submit;
    private final GetTaskStatusUseCase status;
    private final ListTasksUseCase list;
    private final WatchTaskUseCase watch;
    private final AwaitCompletionUseCase await;
    private final GetWebhookDeliveryUseCase deliveries;
    private final GetTaskMediaUseCase media;
    private final ResultCopier copier;
    private final GetResultCopiesUseCase resultCopies;
    private final DownloadResultUseCase downloads;
    private volatile Scheduler.Cancellable housekeeping;
    private volatile boolean closed;

    public MotionTransferUseCases(Wiring wiring) {
        this.wiring = wiring;
        StateStore store = wiring.store();
        OwnerHashing owners = wiring.owners();
        ShownTasks shown = new ShownTasks(wiring.results().map(Results::links));
        TaskWatchers watchers = new TaskWatchers(shown);
        reports = new TaskReports(store.tasks(), wiring.changes(), wiring.time(), wiring.telemetry());
        StatusChecks checks = new StatusChecks(store.tasks(), wiring.provider(), reports, wiring.time(),
                wiring.statusFreshness());
        polling = new TaskPolling(checks, watchers, wiring.scheduler(), wiring.polling());
        dispatcher = wiring.webhooks().map(hooks -> new WebhookDispatcher(store.tasks(), store.outbox(),
                hooks.sender(), wiring.scheduler(), wiring.time(), hooks.retries(), hooks.sweepEvery(), hooks.lease(),
                shown, wiring.telemetry()));
        // Without a result store, copies a run that kept them left to make are given up (see abandoning).
        copier = wiring.results().map(kept -> new ResultCopier(store.tasks(), store.results(), kept.fetcher(),
                kept.links().store(), wiring.changes(), wiring.scheduler(), wiring.time(), kept.plan()))
                .or(() -> Optional.of(ResultCopier.abandoning(store.tasks(), store.results(), wiring.changes(),
                        wiring.scheduler(), wiring.time(),
                        wiring.webhooks().map(Webhooks::sweepEvery).orElse(ResultCopier.Plan.DEFAULT.sweepEvery()))))
                .orElseThrow();
        // The dispatcher first: whoever hears a task finished finds its delivery under way.
        dispatcher.ifPresent(wiring.changes()::subscribe);
        wiring.changes().subscribe(copier);
        wiring.changes().subscribe(watchers);
        wiring.changes().subscribe(polling);
        store.onChangesElsewhere(reports::changedElsewhere);
        ClientQuotas quotas = new ClientQuotas(wiring.acceptedKeys(), store.tasks(), owners, wiring.time(), checks);
        ClientAuthentication authentication = new ClientAuthentication(wiring.acceptedKeys(), Optional.of(quotas));
        WatchTaskService watching = new WatchTaskService(store.tasks(), watchers, polling, owners);
        submit = authentication.submit(new SubmitMotionTransferService(wiring.rules(), wiring.webhookUrls(),
                wiring.provider(), store.submissions(), store.tasks(), reports, polling, owners, wiring.time(),
                wiring.submissions(), wiring.providerCallback(), quotas.newTasks(), wiring.mediaPreflight(),
                wiring.results().isPresent()));
        status = authentication.getStatus(new GetTaskStatusService(store.tasks(), checks, owners, shown));
        list = authentication.listTasks(new ListTasksService(wiring.provider(), reports, store.tasks(), owners, checks,
                shown));
        watch = authentication.watch(watching);
        await = authentication.awaitCompletion(new AwaitCompletionService(watching, wiring.scheduler()));
        deliveries = authentication.getWebhookDelivery(new GetWebhookDeliveryService(store.tasks(), owners));
        media = authentication.getTaskMedia(new GetTaskMediaService(store.tasks(), owners));
        resultCopies = authentication.getResultCopies(new GetResultCopiesService(store.tasks(), owners));
        downloads = authentication.downloadResult(wiring.results()
                .<DownloadResultUseCase>map(kept -> new DownloadResultService(store.tasks(), owners, kept.links(),
                        wiring.time()))
                .orElse(query -> CompletableFuture.failedStage(new MotionTransferFailure.ResultUnavailable(
                        "This service keeps no copies of generated videos", false))));
    }

    /**
     * Picks up what a previous run left in the store, then keeps it tidy in the background:
     * <ul>
     *   <li>submissions interrupted while the provider was asked are settled as "may have been created" and told
     *       to {@code interrupted} (with a store only this instance uses: all that are pending; with a shared one:
     *       those pending for longer than the plan allows, now and every minute);</li>
     *   <li>unfinished tasks whose webhook waits are followed again;</li>
     *   <li>webhook deliveries that are due are delivered (and swept for from then on);</li>
     *   <li>result copies and deletions that are due are made (and swept for from then on);</li>
     *   <li>expired idempotency keys and old provider webhook ids are forgotten.</li>
     * </ul>
     * Completes once the store was read; fails with {@code StoreUnavailable} if it could not be.
     */
    public CompletionStage<Void> start(Consumer<Submission> interrupted) {
        Objects.requireNonNull(interrupted, "interrupted");
        StateStore store = wiring.store();
        Instant now = wiring.time().now();
        Instant staleBefore = store.shared() ? now : now.plus(wiring.submissions().pendingFor()).plusMillis(1);
        return store.submissions().settleStale(staleBefore)
                .thenAccept(settled -> settled.forEach(interrupted))
                .thenCompose(settled -> followAwaitedUncheckedSince(Instant.MAX))
                .thenRun(() -> {
                    dispatcher.ifPresent(WebhookDispatcher::start);
                    copier.start();
                    scheduleHousekeeping(interrupted);
                });
    }

    private void scheduleHousekeeping(Consumer<Submission> interrupted) {
        if (closed) {
            return;
        }
        housekeeping = wiring.scheduler().schedule(HOUSEKEEPING_EVERY, () -> {
            StateStore store = wiring.store();
            Instant now = wiring.time().now();
            CompletableFuture.allOf(
                    store.submissions().settleStale(now).thenAccept(settled -> settled.forEach(interrupted))
                            .toCompletableFuture(),
                    followAwaitedUncheckedSince(now.minus(wiring.polling().max().multipliedBy(2)))
                            .toCompletableFuture(),
                    store.submissions().forgetExpired(now).toCompletableFuture(),
                    store.seenProviderWebhooks().forgetBefore(now.minus(SEEN_WEBHOOKS_KEPT_FOR)).toCompletableFuture())
                    .whenComplete((done, failure) -> scheduleHousekeeping(interrupted));
        });
    }

    /**
     * Follows again the unfinished tasks with a webhook, or whose results are kept, that no one has asked the provider about since
     * {@code uncheckedSince}: at start, all of them; in the housekeeping, those unchecked for two of the polling
     * plan's longest waits (their instance stopped while another shares the store, or their polling gave up when
     * the store or the provider was away for long), whose webhooks would otherwise wait for the next start.
     */
    private CompletionStage<Void> followAwaitedUncheckedSince(Instant uncheckedSince) {
        return wiring.store().outbox().awaitingTasks(FOLLOWED_AGAIN_AT_START).thenAccept(awaited -> awaited.stream()
                .filter(record -> record.checkedAt().isBefore(uncheckedSince))
                .forEach(record -> polling.follow(record.owner(), record.task().id(), record.modelTier())));
    }

    /** Where reports of tasks are applied: hand it to a provider webhook receiver. */
    public TaskReports reports() {
        return reports;
    }

    /** The background polling of the tasks someone waits on. */
    public TaskPolling polling() {
        return polling;
    }

    @Override
    public CompletionStage<Task> submit(SubmitMotionTransferCommand command) {
        return submit.submit(command);
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        return status.getStatus(query);
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        return list.listTasks(query);
    }

    @Override
    public CompletionStage<Watch> watch(GetTaskStatusQuery query, TaskObserver observer) {
        return watch.watch(query, observer);
    }

    @Override
    public CompletionStage<Task> awaitCompletion(AwaitCompletionQuery query) {
        return await.awaitCompletion(query);
    }

    @Override
    public CompletionStage<WebhookDelivery> getWebhookDelivery(GetTaskStatusQuery query) {
        return deliveries.getWebhookDelivery(query);
    }

    @Override
    public CompletionStage<MediaFacts> getTaskMedia(GetTaskStatusQuery query) {
        return media.getTaskMedia(query);
    }

    @Override
    public CompletionStage<ResultCopies> getResultCopies(GetTaskStatusQuery query) {
        return resultCopies.getResultCopies(query);
    }

    @Override
    public CompletionStage<Download> download(Query query) {
        return downloads.download(query);
    }

    /**
     * Stops the background work: every poll (watchers hear that the service is shutting down), the webhook
     * deliveries (those under way finish and are recorded: this waits for them, up to
     * {@value #CLOSE_WAIT_SECONDS} s), the result copies (those under way are given back, due again at once: up to
     * {@value #GIVE_BACK_WAIT_SECONDS} s) and the housekeeping. The store stays open: it is the caller's, to close
     * after.
     * Blocks: never call it on an event loop.
     */
    @Override
    public void close() {
        closed = true;
        Scheduler.Cancellable tidy = housekeeping;
        if (tidy != null) {
            tidy.cancel();
        }
        polling.close();
        try {
            // Copies under way are given back: after a restart (or on another instance) they are made at once.
            copier.giveBack().toCompletableFuture().get(GIVE_BACK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not given back: due again when their leases end.
        }
        dispatcher.ifPresent(deliveries -> {
            deliveries.close();
            try {
                deliveries.idle().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // What is still under way is delivered again after the restart: at least once, as promised.
            }
        });
    }
}
