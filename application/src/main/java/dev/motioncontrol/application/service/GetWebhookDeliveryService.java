package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Answers how the delivery of one of the caller's webhooks stands, from the service's records. Another
 * caller's task, and a task submitted without a {@code webhook_url}, are unknown tasks.
 */
public final class GetWebhookDeliveryService implements GetWebhookDeliveryUseCase {

    private final TaskRecords records;

    public GetWebhookDeliveryService(TaskRecords records) {
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    public CompletionStage<WebhookDelivery> getWebhookDelivery(GetTaskStatusQuery query) {
        return records.findById(query.taskId()).thenApply(record -> record
                .filter(found -> found.owner().equals(query.caller()) && query.covers(found.modelTier()))
                .flatMap(TaskRecords.TaskRecord::webhook)
                .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
    }
}
