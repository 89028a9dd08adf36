package dev.motioncontrol.application.service;

import dev.motioncontrol.application.OwnerHashing;
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
    private final OwnerHashing owners;

    public GetWebhookDeliveryService(TaskRecords records, OwnerHashing owners) {
        this.owners = Objects.requireNonNull(owners, "owners");
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    public CompletionStage<WebhookDelivery> getWebhookDelivery(GetTaskStatusQuery query) {
        return records.find(owners.of(query.caller()), query.taskId()).thenApply(record -> record
                .filter(found -> query.covers(found.modelTier()))
                .flatMap(TaskRecords.TaskRecord::webhook)
                .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
    }
}
