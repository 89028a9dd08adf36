package dev.motioncontrol.application.port.in;

import dev.motioncontrol.domain.Task;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Take in a webhook the provider sent about one of the service's tasks. */
public interface ReceiveProviderWebhookUseCase {

    /**
     * Verifies the webhook's signature over the raw body (Standard Webhooks, any of the configured
     * secrets, timestamp within ±5 minutes), ignores a {@code webhook-id} already seen, and applies the
     * reported state to the task, never backwards. A webhook that fails verification changes nothing.
     */
    CompletionStage<Outcome> receive(ProviderWebhook webhook);

    /**
     * A webhook as it arrived.
     *
     * @param headers  the request's headers (names in any case)
     * @param rawBody  the body's bytes exactly as received: what the signature covers
     * @param reported the body read as a task, if it could be
     */
    record ProviderWebhook(Map<String, String> headers, byte[] rawBody, Optional<Task> reported) {
        public ProviderWebhook {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(rawBody, "rawBody");
            Objects.requireNonNull(reported, "reported");
        }
    }

    /** What became of a webhook. */
    enum Outcome {
        /** Verified and applied (or already known: nothing moved). */
        ACCEPTED,
        /** Verified, but its id was seen before: ignored. */
        DUPLICATE,
        /** Verified, but about no task of this service: ignored. */
        UNKNOWN_TASK,
        /** Verified, but its body is not a task: ignored. */
        MALFORMED,
        /** Not signed by the provider, or too old or too new: rejected, nothing changed. */
        REJECTED
    }
}
