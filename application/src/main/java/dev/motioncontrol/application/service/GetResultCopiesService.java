package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.in.GetResultCopiesUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.out.TaskRecords;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** Answers where the copies of one of the caller's tasks stand, from its record; another's task is unknown. */
public final class GetResultCopiesService implements GetResultCopiesUseCase {

    private final TaskRecords records;
    private final OwnerHashing owners;

    public GetResultCopiesService(TaskRecords records, OwnerHashing owners) {
        this.records = Objects.requireNonNull(records, "records");
        this.owners = Objects.requireNonNull(owners, "owners");
    }

    @Override
    public CompletionStage<ResultCopies> getResultCopies(GetTaskStatusQuery query) {
        return records.find(owners.of(query.caller()), query.taskId()).thenApply(record -> record
                .filter(found -> query.covers(found.modelTier()))
                .map(TaskRecords.TaskRecord::results)
                .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
    }
}
