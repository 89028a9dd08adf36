package dev.motioncontrol.application.service;

import com.google.common.net.InetAddresses;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MotionTransferUseCases} over the given out-ports with test-friendly defaults: any key, public URLs
 * only, webhooks refused unless their hosts are given an address to resolve to.
 */
public final class WiredUseCases {

    /** A public address (example.com's), for webhook hosts to resolve to. */
    public static final InetAddress PUBLIC_ADDRESS = InetAddresses.forString("93.184.216.34");

    private WiredUseCases() {
    }

    /** Use cases over {@code provider} and {@code records}; the builder's defaults are listed on its methods. */
    public static Builder over(VideoProvider provider, TaskRecords records) {
        return new Builder(provider, records);
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
        private TaskChanges changes = new TaskChanges();

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

        /** Default: a new one; give one to subscribe, say, a webhook dispatcher before the use cases do. */
        public Builder changes(TaskChanges changes) {
            this.changes = changes;
            return this;
        }

        public MotionTransferUseCases build() {
            WebhookUrlCheck webhookUrls = webhookHostAddresses == null ? WebhookUrlCheck.refusingAll()
                    : WebhookUrlCheck.resolvingWith(host -> CompletableFuture.completedFuture(webhookHostAddresses),
                            rules.urlAccess(), scheduler);
            return new MotionTransferUseCases(new MotionTransferUseCases.Wiring(provider, records, changes,
                    acceptedKeys, rules, webhookUrls, scheduler, plan, providerCallback));
        }
    }
}
