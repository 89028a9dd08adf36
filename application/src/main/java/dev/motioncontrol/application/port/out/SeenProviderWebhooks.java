package dev.motioncontrol.application.port.out;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The ids of the provider's webhooks already applied, so that one delivered twice (the provider retries) is
 * recognised, on whichever instance it arrives.
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}.
 */
public interface SeenProviderWebhooks {

    /** Whether a webhook with {@code webhookId} was remembered (and not forgotten since). */
    CompletionStage<Boolean> seen(String webhookId);

    /** Remembers {@code webhookId}, received at {@code at}; remembering it again changes nothing. */
    CompletionStage<Void> remember(String webhookId, Instant at);

    /** Forgets the ids received before {@code cutoff}, well after the provider stopped retrying them. */
    CompletionStage<Void> forgetBefore(Instant cutoff);
}
