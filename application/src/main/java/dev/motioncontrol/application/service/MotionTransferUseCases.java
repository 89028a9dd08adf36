package dev.motioncontrol.application.service;

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
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.WebhookUrl;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The six client-facing use cases wired to one another and to the out-ports, each behind
 * {@link ClientAuthentication}: the one place that wires them, for the library and for tests alike.
 * {@link #close()} stops the background polling.
 */
public final class MotionTransferUseCases implements SubmitMotionTransferUseCase, GetTaskStatusUseCase,
        ListTasksUseCase, WatchTaskUseCase, AwaitCompletionUseCase, GetWebhookDeliveryUseCase, AutoCloseable {

    /**
     * What the use cases are wired with.
     *
     * @param changes          where moves are published; whatever subscribed before (a webhook dispatcher)
     *                         hears a move before the watchers do
     * @param webhookUrls      how a submit's {@code webhook_url} is judged ({@link WebhookUrlCheck#refusingAll()}
     *                         when the service delivers no webhooks)
     * @param providerCallback the service's own URL for the provider's webhooks, sent with each submission
     */
    public record Wiring(VideoProvider provider, TaskRecords records, TaskChanges changes,
            AcceptedClientKeys acceptedKeys, MotionTransferRules rules, WebhookUrlCheck webhookUrls,
            Scheduler scheduler, PollingPlan polling, Optional<WebhookUrl> providerCallback) {

        public Wiring {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(records, "records");
            Objects.requireNonNull(changes, "changes");
            Objects.requireNonNull(acceptedKeys, "acceptedKeys");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(webhookUrls, "webhookUrls");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(polling, "polling");
            Objects.requireNonNull(providerCallback, "providerCallback");
        }
    }

    private final TaskReports reports;
    private final TaskPolling polling;
    private final SubmitMotionTransferUseCase submit;
    private final GetTaskStatusUseCase status;
    private final ListTasksUseCase list;
    private final WatchTaskUseCase watch;
    private final AwaitCompletionUseCase await;
    private final GetWebhookDeliveryUseCase deliveries;

    public MotionTransferUseCases(Wiring wiring) {
        TaskWatchers watchers = new TaskWatchers();
        reports = new TaskReports(wiring.records(), wiring.changes());
        polling = new TaskPolling(wiring.provider(), reports, watchers, wiring.scheduler(), wiring.polling());
        wiring.changes().subscribe(watchers);
        wiring.changes().subscribe(polling);
        ClientAuthentication authentication = new ClientAuthentication(wiring.acceptedKeys());
        WatchTaskService watching = new WatchTaskService(wiring.records(), watchers, polling);
        submit = authentication.submit(new SubmitMotionTransferService(wiring.rules(), wiring.webhookUrls(),
                wiring.provider(), reports, polling, wiring.providerCallback()));
        status = authentication.getStatus(new GetTaskStatusService(wiring.records(), wiring.provider(), reports));
        list = authentication.listTasks(new ListTasksService(wiring.provider(), reports, wiring.records()));
        watch = authentication.watch(watching);
        await = authentication.awaitCompletion(new AwaitCompletionService(watching, wiring.scheduler()));
        deliveries = authentication.getWebhookDelivery(new GetWebhookDeliveryService(wiring.records()));
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

    /** Stops every background poll; watchers hear that the service is shutting down. */
    @Override
    public void close() {
        polling.close();
    }
}
