package dev.motioncontrol.application.service;

import com.google.common.net.InetAddresses;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MotionTransferUseCases} over the given out-ports with test-friendly defaults: any key, public URLs
 * only, webhooks refused unless their hosts are given an address to resolve to, and recorded but not sent unless
 * a sender is given. {@link Builder#build()} does not {@link MotionTransferUseCases#start start} the background
 * work that picks up a previous run: a test that wants it calls {@code start}.
 */
public final class WiredUseCases {

    /** A public address (example.com's), for webhook hosts to resolve to. */
    public static final InetAddress PUBLIC_ADDRESS = InetAddresses.forString("93.184.216.34");

    private WiredUseCases() {
    }

    /** Use cases over {@code provider} and {@code store}; the builder's defaults are listed on its methods. */
    public static Builder over(VideoProvider provider, StateStore store) {
        return new Builder(provider, store);
    }


    /** The out-ports and settings the use cases are wired with. */
    public static final class Builder {
        private final VideoProvider provider;
        private final StateStore store;
        private OwnerHashing owners;
        private TimeSource time = TimeSource.system();
        private SubmissionPlan submissions = SubmissionPlan.DEFAULT;
        private Optional<MotionTransferUseCases.Webhooks> webhooks = Optional.empty();
        private AcceptedClientKeys acceptedKeys = AcceptedClientKeys.any();
        private MotionTransferRules rules = MotionTransferRules.publicOnly();
        private Scheduler scheduler = Scheduler.daemonThread();
        private PollingPlan plan = PollingPlan.DEFAULT;
        private List<InetAddress> webhookHostAddresses;
        private Optional<WebhookUrl> providerCallback = Optional.empty();
        private TaskChanges changes = new TaskChanges();

        private Builder(VideoProvider provider, StateStore store) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Default: hashing with the store's own secret ({@link StateStore#ownerSecret()}), as the library does. */
        public Builder owners(OwnerHashing owners) {
            this.owners = owners;
            return this;
        }

        /** Default: {@link TimeSource#system()}. */
        public Builder time(TimeSource time) {
            this.time = time;
            return this;
        }

        /** Default: {@link SubmissionPlan#DEFAULT}. */
        public Builder submissions(SubmissionPlan submissions) {
            this.submissions = submissions;
            return this;
        }

        /**
         * Sends the clients' webhooks with {@code sender}, retried on {@code retries}, with the default sweep and
         * lease. Default: webhooks are recorded, not sent.
         */
        public Builder webhooks(WebhookSender sender, RetryPlan retries) {
            return webhooks(new MotionTransferUseCases.Webhooks(sender, retries));
        }

        /** Sends the clients' webhooks as {@code webhooks} says. Default: they are recorded, not sent. */
        public Builder webhooks(MotionTransferUseCases.Webhooks webhooks) {
            this.webhooks = Optional.of(webhooks);
            return this;
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

        /** Default: a new one; give one to hear every change before the use cases' own subscribers do. */
        public Builder changes(TaskChanges changes) {
            this.changes = changes;
            return this;
        }

        public MotionTransferUseCases build() {
            WebhookUrlCheck webhookUrls = webhookHostAddresses == null ? WebhookUrlCheck.refusingAll()
                    : WebhookUrlCheck.resolvingWith(host -> CompletableFuture.completedFuture(webhookHostAddresses),
                            rules.urlAccess(), scheduler);
            OwnerHashing hashing = owners != null ? owners
                    : new OwnerHashing(store.ownerSecret().toCompletableFuture().join());
            return new MotionTransferUseCases(new MotionTransferUseCases.Wiring(provider, store, hashing, changes,
                    acceptedKeys, rules, webhookUrls, scheduler, time, plan, submissions, webhooks,
                    providerCallback));
        }
    }
}
