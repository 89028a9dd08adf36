package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.domain.Task;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Answers where one of the caller's tasks stands. A task the caller did not create is unknown, and the
 * provider is not asked about it; any other is answered through the {@link StatusChecks}: from the service's
 * records when they say enough, otherwise as the provider answers (recorded, never backwards), one call for all
 * who ask at once.
 */
public final class GetTaskStatusService implements GetTaskStatusUseCase {

    private final TaskRecords records;
    private final StatusChecks checks;
    private final OwnerHashing owners;
    private final ShownTasks shown;

    public GetTaskStatusService(TaskRecords records, StatusChecks checks, OwnerHashing owners) {
        this(records, checks, owners, ShownTasks.AS_RECORDED);
    }

    /** As above, answering with tasks as {@code shown}. */
    public GetTaskStatusService(TaskRecords records, StatusChecks checks, OwnerHashing owners, ShownTasks shown) {
        this.shown = Objects.requireNonNull(shown, "shown");
        this.records = Objects.requireNonNull(records, "records");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.owners = Objects.requireNonNull(owners, "owners");
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        Owner owner = owners.of(query.caller());
        return records.find(owner, query.taskId()).thenCompose(known -> {
            TaskRecords.TaskRecord record = known.filter(found -> query.covers(found.modelTier()))
                    .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId()));
            return checks.current(record, query.cancellation())
                    .thenApply(updated -> shown.of(updated.orElseThrow(
                            () -> new MotionTransferFailure.UnknownTask(query.taskId()))));
        });
    }
}
