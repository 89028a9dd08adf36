package dev.motioncontrol.application.service;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.Validation;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.domain.WebhookUrl;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Submits a motion transfer for its caller: sends the provider only a request that passes every rule and
 * whose webhook can be honoured, records the new task as the caller's, and, when it has a webhook, follows
 * the task until it finishes so the webhook can be delivered. The client's {@code webhook_url} is the
 * service's to deliver: the provider is given the service's own callback instead, or none.
 */
public final class SubmitMotionTransferService implements SubmitMotionTransferUseCase {

    private final MotionTransferRules rules;
    private final WebhookUrlCheck webhookUrls;
    private final VideoProvider provider;
    private final TaskReports reports;
    private final TaskPolling polling;
    private final Optional<WebhookUrl> providerCallback;

    /**
     * @param providerCallback the service's own URL for the provider's webhooks, sent with each submission in
     *                         place of the client's (empty: none is sent; the service polls instead)
     */
    public SubmitMotionTransferService(MotionTransferRules rules, WebhookUrlCheck webhookUrls, VideoProvider provider,
            TaskReports reports, TaskPolling polling, Optional<WebhookUrl> providerCallback) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.webhookUrls = Objects.requireNonNull(webhookUrls, "webhookUrls");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.polling = Objects.requireNonNull(polling, "polling");
        this.providerCallback = Objects.requireNonNull(providerCallback, "providerCallback");
    }

    @Override
    public CompletionStage<Task> submit(SubmitMotionTransferCommand command) {
        Validation<MotionTransfer> validation = rules.validate(command.request());
        if (validation instanceof Validation.Invalid<MotionTransfer> invalid) {
            return CompletableFuture.failedStage(new MotionTransferFailure.InvalidRequest(invalid.violations()));
        }
        MotionTransfer transfer = ((Validation.Valid<MotionTransfer>) validation).value();
        ClientKey caller = command.caller();
        return webhookHonoured(transfer)
                .thenCompose(honoured -> provider.submit(caller, forProvider(transfer)))
                .thenCompose(task -> reports.applySubmitted(caller, task, transfer.modelTier(), transfer.webhook())
                        .thenApply(recorded -> {
                    if (transfer.webhook().isPresent() && !task.isTerminal()) {
                        polling.follow(caller, task.id(), transfer.modelTier());
                    }
                    return task;
                }));
    }

    /** Refuses, before anything is paid for, a webhook the service cannot honour. */
    private CompletionStage<Void> webhookHonoured(MotionTransfer transfer) {
        if (transfer.webhook().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return webhookUrls.problemWith(transfer.webhook().get()).thenAccept(problem -> {
            if (problem.isPresent()) {
                throw new MotionTransferFailure.InvalidRequest(List.<Violation>of(problem.get()));
            }
        });
    }

    /** The transfer as the provider gets it: with the service's own callback in place of the client's webhook. */
    private MotionTransfer forProvider(MotionTransfer transfer) {
        return transfer.withWebhook(providerCallback);
    }
}
