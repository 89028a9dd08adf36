package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers where one of the caller's tasks stands. A task the caller did not create is unknown, and the
 * provider is not asked about it; a finished task is answered from the service's records, without asking the
 * provider again; any other is asked of the provider and the answer recorded, never backwards.
 */
public final class GetTaskStatusService implements GetTaskStatusUseCase {

    private final TaskRecords records;
    private final VideoProvider provider;
    private final TaskReports reports;
    private final OwnerHashing owners;

    public GetTaskStatusService(TaskRecords records, VideoProvider provider, TaskReports reports,
            OwnerHashing owners) {
        this.owners = Objects.requireNonNull(owners, "owners");
        this.records = Objects.requireNonNull(records, "records");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        Owner owner = owners.of(query.caller());
        return records.find(owner, query.taskId()).thenCompose(known -> {
            TaskRecords.TaskRecord record = known.filter(found -> query.covers(found.modelTier()))
                    .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId()));
            if (record.task().isTerminal()) {
                return CompletableFuture.completedStage(record.task());
            }
            return provider.status(owner, query.taskId(), record.modelTier(), query.cancellation())
                    .thenCompose(reports::apply)
                    .thenApply(updated -> updated.orElseThrow(
                            () -> new MotionTransferFailure.UnknownTask(query.taskId())));
        });
    }
}
