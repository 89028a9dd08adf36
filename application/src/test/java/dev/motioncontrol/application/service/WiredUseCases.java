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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The client-facing use cases wired to one another and to the given out-ports the way the library wires
 * them (each behind {@link ClientAuthentication}), for tests of the use cases together and of inbound
 * adapters. Like the library's front door, it offers all six use cases in one object.
 */
public final class WiredUseCases implements SubmitMotionTransferUseCase, GetTaskStatusUseCase, ListTasksUseCase,
        WatchTaskUseCase, AwaitCompletionUseCase, GetWebhookDeliveryUseCase {

    /** A public address (example.com's), for webhook hosts to resolve to. */
    public static final InetAddress PUBLIC_ADDRESS = address(93, 184, 216, 34);

    private final TaskChanges changes = new TaskChanges();
    private final TaskReports reports;
    private final TaskWatchers watchers = new TaskWatchers();
    private final TaskPolling polling;
    private final SubmitMotionTransferUseCase submit;
    private final GetTaskStatusUseCase status;
    private final ListTasksUseCase list;
    private final WatchTaskUseCase watch;
    private final AwaitCompletionUseCase await;
    private final GetWebhookDeliveryUseCase deliveries;

    private WiredUseCases(Builder builder) {
        reports = new TaskReports(builder.records, changes);
        polling = new TaskPolling(builder.provider, reports, watchers, builder.scheduler, builder.plan);
        changes.subscribe(watchers);
        changes.subscribe(polling);
        ClientAuthentication authentication = new ClientAuthentication(builder.acceptedKeys);
        WatchTaskService watching = new WatchTaskService(builder.records, watchers, polling);
        WebhookUrlCheck webhookUrls = builder.webhookHostAddresses == null ? WebhookUrlCheck.refusingAll()
                : WebhookUrlCheck.resolvingWith(host -> CompletableFuture.completedFuture(builder.webhookHostAddresses),
                        builder.rules.urlAccess(), builder.scheduler);
        submit = authentication.submit(new SubmitMotionTransferService(builder.rules, webhookUrls,
                builder.provider, reports, polling, builder.providerCallback));
        status = authentication.getStatus(new GetTaskStatusService(builder.records, builder.provider, reports));
        list = authentication.listTasks(new ListTasksService(builder.provider, reports, builder.records));
        watch = authentication.watch(watching);
        await = authentication.awaitCompletion(new AwaitCompletionService(watching, builder.scheduler));
        deliveries = authentication.getWebhookDelivery(new GetWebhookDeliveryService(builder.records));
    }

    /** Use cases over {@code provider} and {@code records}; the builder's defaults are listed on its methods. */
    public static Builder over(VideoProvider provider, TaskRecords records) {
        return new Builder(provider, records);
    }

    /** Where the moves of tasks are published: subscribe a webhook dispatcher here. */
    public TaskChanges changes() {
        return changes;
    }

    /** Where reports of tasks are applied: hand it to a provider webhook receiver. */
    public TaskReports reports() {
        return reports;
    }

    /** The background polling, to close it or count what it polls. */
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

    private static InetAddress address(int... bytes) {
        byte[] address = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            address[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The out-ports and settings the use cases are wired with. */
    public static final class Builder {
        private final VideoProvider provider;
        private final TaskRecords records;
        private AcceptedClientKeys acceptedKeys = AcceptedClientKeys.any();
        private MotionTransferRules rules = MotionTransferRules.publicOnly();
        private Scheduler scheduler = Scheduler.daemonThread();
        private PollingPlan plan = PollingPlan.DEFAULT;
        private List<InetAddress> webhookHostAddresses;
        private Optional<WebhookUrl> providerCallback = Optional.empty();

        private Builder(VideoProvider provider, TaskRecords records) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.records = Objects.requireNonNull(records, "records");
        }

        /** Default: any key. */
        public Builder acceptedKeys(AcceptedClientKeys acceptedKeys) {
            this.acceptedKeys = acceptedKeys;
            return this;
        }

        /** Default: public URLs only. */
        public Builder rules(MotionTransferRules rules) {
            this.rules = rules;
            return this;
        }

        /** Default: {@link Scheduler#daemonThread()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Default: {@link PollingPlan#DEFAULT}. */
        public Builder polling(PollingPlan plan) {
            this.plan = plan;
            return this;
        }

        /**
         * Accepts webhooks, judging each by these addresses, which every host resolves to, and the rules' URL
         * policy. Default: webhooks are refused, as in a service that delivers none.
         */
        public Builder webhookHostsResolveTo(InetAddress... addresses) {
            this.webhookHostAddresses = List.of(addresses);
            return this;
        }

        /** Default: none. */
        public Builder providerCallback(WebhookUrl callback) {
            this.providerCallback = Optional.of(callback);
            return this;
        }

        public WiredUseCases build() {
            return new WiredUseCases(this);
        }
    }
}
