package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.WebhookDelivery;
import java.util.concurrent.CompletionStage;

/** How the delivery of one of the caller's webhooks stands. */
public interface GetWebhookDeliveryUseCase {

    /**
     * The delivery of the task's webhook. Fails with {@code UnknownTask} when the caller has no such task,
     * or when the task was submitted without a {@code webhook_url}.
     */
    CompletionStage<WebhookDelivery> getWebhookDelivery(GetTaskStatusQuery query);
}
