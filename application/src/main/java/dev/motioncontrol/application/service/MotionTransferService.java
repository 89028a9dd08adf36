package dev.motioncontrol.application.service;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.AwaitCompletionUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.Validation;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The motion-transfer use cases: lets in only accepted clients, sends the provider only requests that
 * pass every rule, shows each client only the tasks it created (from the service's own task records,
 * whatever account the provider is called with), never asks the provider again about a task that has
 * finished, and lets a client follow or await a task and have its webhook delivered.
 */
public final class MotionTransferService implements SubmitMotionTransferUseCase, GetTaskStatusUseCase,
        ListTasksUseCase, WatchTaskUseCase, AwaitCompletionUseCase, GetWebhookDeliveryUseCase {

    /** How long a submit waits for a webhook host's addresses before leaving the judgement to delivery. */
    private static final Duration RESOLUTION_TIMEOUT = Duration.ofSeconds(5);

    private final VideoProvider provider;
    private final TaskRecords records;
    private final AcceptedClientKeys acceptedKeys;
    private final MotionTransferRules rules;
    private final TaskTracker tracker;
    private final Scheduler scheduler;
    private final Optional<HostResolver> resolver;
    private final Optional<WebhookUrl> providerCallback;
    private final boolean deliversWebhooks;

    /**
     * @param resolver         looks up {@code webhook_url} hosts at submit, to refuse one that resolves to a
     *                         private address (empty: judged from the URL alone)
     * @param providerCallback the service's own URL for the provider's webhooks, sent with each submission
     *                         in place of the client's (empty: none is sent; the service polls instead)
     * @param deliversWebhooks whether a {@link WebhookDispatcher} listens to {@code tracker}; without one, a
     *                         request with a {@code webhook_url} is refused rather than silently not called back
     */
    public MotionTransferService(VideoProvider provider, TaskRecords records, AcceptedClientKeys acceptedKeys,
            MotionTransferRules rules, TaskTracker tracker, Scheduler scheduler, Optional<HostResolver> resolver,
            Optional<WebhookUrl> providerCallback, boolean deliversWebhooks) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.records = Objects.requireNonNull(records, "records");
        this.acceptedKeys = Objects.requireNonNull(acceptedKeys, "acceptedKeys");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.providerCallback = Objects.requireNonNull(providerCallback, "providerCallback");
        this.deliversWebhooks = deliversWebhooks;
    }

    /**
     * The use cases with no host look-ups, no provider callbacks and default polling on a daemon thread;
     * a {@code webhook_url} is recorded but, with no dispatcher on this private tracker, never posted.
     * For tests of the adapters; wire the full constructor for anything else.
     */
    public MotionTransferService(VideoProvider provider, TaskRecords records, AcceptedClientKeys acceptedKeys,
            MotionTransferRules rules) {
        this(provider, records, acceptedKeys, rules, Scheduler.daemonThread());
    }

    private MotionTransferService(VideoProvider provider, TaskRecords records, AcceptedClientKeys acceptedKeys,
            MotionTransferRules rules, Scheduler scheduler) {
        this(provider, records, acceptedKeys, rules, new TaskTracker(provider, records, scheduler, PollingPlan.DEFAULT),
                scheduler, Optional.empty(), Optional.empty(), true);
    }

    @Override
    public CompletionStage<Task> submit(SubmitMotionTransferCommand command) {
        if (!acceptedKeys.accepts(command.caller())) {
            return invalidKey();
        }
        Validation<MotionTransfer> validation = rules.validate(command.request());
        if (validation instanceof Validation.Invalid<MotionTransfer> invalid) {
            return CompletableFuture.failedStage(new MotionTransferFailure.InvalidRequest(invalid.violations()));
        }
        MotionTransfer transfer = ((Validation.Valid<MotionTransfer>) validation).value();
        if (transfer.webhook().isPresent() && !deliversWebhooks) {
            return CompletableFuture.failedStage(new MotionTransferFailure.InvalidRequest(List.of(new Violation(
                    "webhook_url", "cannot be honoured: this service has no webhook secret to sign webhooks with"))));
        }
        ClientKey caller = command.caller();
        return webhookReachable(transfer)
                .thenCompose(checked -> provider.submit(caller, forProvider(transfer)))
                // Recorded as created, then moved to what the provider said: a task that is already over
                // (or moving) is a change like any other, and its webhook is delivered.
                .thenCompose(task -> records.remember(caller, Task.created(task.id()), transfer.webhook())
                        .thenCompose(recorded -> tracker.apply(task))
                        .thenApply(recorded -> {
                            if (transfer.webhook().isPresent() && !task.isTerminal()) {
                                tracker.follow(caller, task.id());
                            }
                            return task;
                        }));
    }

    /** The client's webhook is the service's to deliver; the provider gets the service's own callback. */
    private MotionTransfer forProvider(MotionTransfer transfer) {
        return new MotionTransfer(transfer.image(), transfer.video(), transfer.prompt(), transfer.orientation(),
                transfer.cfgScale(), providerCallback, transfer.tier());
    }

    /** Refuses, before anything is paid for, a webhook host that resolves to an address we must not post to. */
    private CompletionStage<Void> webhookReachable(MotionTransfer transfer) {
        if (transfer.webhook().isEmpty() || resolver.isEmpty()) {
            return CompletableFuture.completedStage(null);
        }
        var url = transfer.webhook().get().url();
        UrlAccessPolicy policy = rules.urlAccess();
        return resolver.get().resolve(url.host().startsWith("[") ? url.host().substring(1, url.host().length() - 1)
                        : url.host())
                .toCompletableFuture()
                .completeOnTimeout(List.of(), RESOLUTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((addresses, failure) -> {
                    // A name that does not resolve now cannot be judged here: its delivery will be.
                    for (InetAddress address : addresses == null ? List.<InetAddress>of() : addresses) {
                        Optional<String> problem = policy.problemWithResolved(url, address);
                        if (problem.isPresent()) {
                            throw new MotionTransferFailure.InvalidRequest(List.of(new Violation("webhook_url",
                                    problem.get())));
                        }
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        return known(query).thenCompose(task -> {
            if (task.isTerminal()) {
                return CompletableFuture.completedStage(task);
            }
            return provider.status(query.caller(), query.taskId())
                    .thenCompose(tracker::apply)
                    .thenApply(updated -> updated.orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
        });
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        ClientKey caller = query.caller();
        return provider.list(caller)
                .thenCompose(reported -> CompletableFuture.allOf(reported.stream()
                        .map(task -> tracker.apply(task).toCompletableFuture()).toArray(CompletableFuture[]::new)))
                .thenCompose(updated -> records.list(caller));
    }

    @Override
    public CompletionStage<Watch> watch(GetTaskStatusQuery query, TaskObserver observer) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        return tracker.watch(query.caller(), query.taskId(), observer);
    }

    @Override
    public CompletionStage<Task> awaitCompletion(AwaitCompletionQuery query) {
        CompletableFuture<Task> done = new CompletableFuture<>();
        AtomicReference<Task> lastKnown = new AtomicReference<>();
        watch(new GetTaskStatusQuery(query.caller(), query.taskId()), new TaskObserver() {
            @Override
            public void onUpdate(Task task) {
                lastKnown.set(task);
                if (task.isTerminal()) {
                    done.complete(task);
                }
            }

            @Override
            public void onEnd(MotionTransferFailure why) {
                done.completeExceptionally(why);
            }
        }).whenComplete((watch, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure instanceof CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            Scheduler.Cancellable timeout = scheduler.schedule(query.timeout(),
                    () -> done.completeExceptionally(new MotionTransferFailure.StillRunning(lastKnown.get())));
            // Finished, timed out or cancelled by the caller: stop polling for this waiter either way.
            done.whenComplete((task, outcome) -> {
                timeout.cancel();
                watch.cancel();
            });
        });
        return done;
    }

    @Override
    public CompletionStage<WebhookDelivery> getWebhookDelivery(GetTaskStatusQuery query) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        return records.findById(query.taskId()).thenApply(record -> record
                .filter(found -> found.owner().equals(query.caller()))
                .flatMap(TaskRecords.TaskRecord::webhook)
                .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
    }

    /** The caller's task as last recorded; {@code UnknownTask} when the caller has no such task. */
    private CompletionStage<Task> known(GetTaskStatusQuery query) {
        return records.find(query.caller(), query.taskId()).thenApply(known ->
                known.orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
    }

    private static <T> CompletionStage<T> invalidKey() {
        return CompletableFuture.failedStage(new MotionTransferFailure.Unauthorized("Invalid API key"));
    }
}
