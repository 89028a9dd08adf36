package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase;
import dev.motioncontrol.domain.webhook.WebhookVerification;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes in the provider's webhooks: only an authentic one (Standard Webhooks signature over the raw body,
 * signed within the verifier's tolerance) changes anything; one whose {@code webhook-id} was seen before
 * is ignored (the provider may deliver twice); the reported state is applied through the
 * {@link TaskReports}, so it never moves a task backwards and everyone waiting hears of it. The signature
 * is the provider's authentication: no client key is involved.
 */
public final class ReceiveProviderWebhookService implements ReceiveProviderWebhookUseCase {

    /** How many webhook ids are remembered to recognise a repeat (well past the provider's retries). */
    public static final int REMEMBERED_IDS = 100_000;

    private final WebhookVerifier verifier;
    private final TaskReports reports;
    private final Map<String, Boolean> seenIds = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    public ReceiveProviderWebhookService(WebhookVerifier verifier, TaskReports reports) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    @Override
    public CompletionStage<Outcome> receive(ProviderWebhook webhook) {
        WebhookVerification verification = verifier.verify(webhook.headers(), webhook.rawBody());
        if (!(verification instanceof WebhookVerification.Verified verified)) {
            return CompletableFuture.completedFuture(Outcome.REJECTED);
        }
        if (seen(verified.webhookId())) {
            return CompletableFuture.completedFuture(Outcome.DUPLICATE);
        }
        if (webhook.reported().isEmpty()) {
            remember(verified.webhookId());
            return CompletableFuture.completedFuture(Outcome.MALFORMED);
        }
        // The id counts as seen only once applied: a webhook whose application failed is taken again when
        // the provider retries it. Applying one twice is harmless (a task never moves backwards).
        return reports.apply(webhook.reported().get()).thenApply(applied -> {
            remember(verified.webhookId());
            return applied.isPresent() ? Outcome.ACCEPTED : Outcome.UNKNOWN_TASK;
        });
    }

    private boolean seen(String webhookId) {
        synchronized (seenIds) {
            return seenIds.containsKey(webhookId);
        }
    }

    private void remember(String webhookId) {
        synchronized (seenIds) {
            seenIds.put(webhookId, Boolean.TRUE);
        }
    }
}
