package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase;
import dev.motioncontrol.application.port.out.SeenProviderWebhooks;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.webhook.WebhookVerification;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes in the provider's webhooks: only an authentic one (Standard Webhooks signature over the raw body,
 * signed within the verifier's tolerance) changes anything; one whose {@code webhook-id} was seen before
 * is ignored (the provider may deliver twice; the ids are kept in the store, so that a repeat is recognised on
 * any instance and after a restart); the reported state is applied through the
 * {@link TaskReports}, so it never moves a task backwards and everyone waiting hears of it. The signature
 * is the provider's authentication: no client key is involved. The reported task is relayed to clients only as
 * the {@link VideoProvider#relayable provider makes it fit to}: a signed webhook is still the provider's text.
 */
public final class ReceiveProviderWebhookService implements ReceiveProviderWebhookUseCase {

    private final WebhookVerifier verifier;
    private final TaskReports reports;
    private final SeenProviderWebhooks seen;
    private final TimeSource time;
    private final VideoProvider provider;

    public ReceiveProviderWebhookService(WebhookVerifier verifier, TaskReports reports, SeenProviderWebhooks seen,
            TimeSource time, VideoProvider provider) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.seen = Objects.requireNonNull(seen, "seen");
        this.time = Objects.requireNonNull(time, "time");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public CompletionStage<Outcome> receive(ProviderWebhook webhook) {
        WebhookVerification verification = verifier.verify(webhook.headers(), webhook.rawBody());
        if (!(verification instanceof WebhookVerification.Verified verified)) {
            return CompletableFuture.completedFuture(Outcome.REJECTED);
        }
        String id = verified.webhookId();
        return seen.seen(id).thenCompose(before -> {
            if (before) {
                return CompletableFuture.completedFuture(Outcome.DUPLICATE);
            }
            Optional<Task> reported = webhook.reported().flatMap(this::relayable);
            if (reported.isEmpty()) {
                return seen.remember(id, time.now()).thenApply(remembered -> Outcome.MALFORMED);
            }
            // The id counts as seen only once applied: a webhook whose application failed is taken again when
            // the provider retries it. Applying one twice is harmless (a task never moves backwards).
            return reports.apply(reported.get()).thenCompose(applied -> seen.remember(id, time.now())
                    .thenApply(remembered -> applied.isPresent() ? Outcome.ACCEPTED : Outcome.UNKNOWN_TASK));
        });
    }

    private Optional<Task> relayable(Task reported) {
        try {
            return Optional.of(provider.relayable(reported));
        } catch (IllegalArgumentException cannotBe) {
            return Optional.empty();
        }
    }
}
