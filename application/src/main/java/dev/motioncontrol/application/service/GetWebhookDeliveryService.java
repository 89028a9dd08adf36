package dev.motioncontrol.application.service;

import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.GetTaskMediaUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.domain.MediaFacts;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Answers what the service's records say of one of the caller's tasks beyond its status: how the delivery of its
 * webhook stands, and what was measured of its media. Another caller's task is an unknown task, and so is, for its
 * webhook, one submitted without a {@code webhook_url}.
 */
public final class GetWebhookDeliveryService implements GetWebhookDeliveryUseCase, GetTaskMediaUseCase {

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

    @Override
    public CompletionStage<MediaFacts> getTaskMedia(GetTaskStatusQuery query) {
        return records.find(owners.of(query.caller()), query.taskId()).thenApply(record -> record
                .filter(found -> query.covers(found.modelTier()))
                .map(TaskRecords.TaskRecord::media)
                .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
    }
}
