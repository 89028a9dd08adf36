package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.in.GetTaskMediaUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.domain.MediaFacts;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** Answers what the media preflight measured of one of the caller's tasks, from its record; another's is unknown. */
public final class GetTaskMediaService implements GetTaskMediaUseCase {

    private final TaskRecords records;
    private final OwnerHashing owners;

    public GetTaskMediaService(TaskRecords records, OwnerHashing owners) {
        this.records = Objects.requireNonNull(records, "records");
        this.owners = Objects.requireNonNull(owners, "owners");
    }

    @Override
    public CompletionStage<MediaFacts> getTaskMedia(GetTaskStatusQuery query) {
        return records.find(owners.of(query.caller()), query.taskId()).thenApply(record -> record
                .filter(found -> query.covers(found.modelTier()))
                .map(TaskRecords.TaskRecord::media)
                .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
    }
}
