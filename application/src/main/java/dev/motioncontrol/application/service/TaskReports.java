package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The one way what the provider says about a task gets into the service's records: whether it came with a
 * submission, a status query, a list, a provider webhook or a background poll. A report never moves a task
 * backwards (a stale one leaves the task as it was), it records when the provider was last heard about the
 * task, and every move is published to {@link TaskChanges}.
 */
public final class TaskReports {

    private final TaskRecords records;
    private final TaskChanges changes;
    private final TimeSource time;
    private final Telemetry telemetry;

    public TaskReports(TaskRecords records, TaskChanges changes, TimeSource time) {
        this(records, changes, time, Telemetry.NONE);
    }

    /** As above, telling {@code telemetry} of each task created and each move this instance records. */
    public TaskReports(TaskRecords records, TaskChanges changes, TimeSource time, Telemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.records = Objects.requireNonNull(records, "records");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Records a report of a task the service knows, and publishes the move if it moved. Completes with the
     * task's record as it now stands, or empty when the service has no record of it (nothing is recorded then).
     */
    public CompletionStage<Optional<TaskRecords.TaskRecord>> apply(Task reported) {
        Objects.requireNonNull(reported, "reported");
        return records.update(reported.id(), record -> record.reported(reported, time.now())).thenApply(change -> {
            change.filter(TaskRecords.Change::changed).ifPresent(this::publish);
            return change.map(TaskRecords.Change::after);
        });
    }

    /**
     * Publishes what the provider first said of a task just recorded ({@code asReported}) as a move from the task
     * as created ({@code asCreated}), if it is one.
     */
    public void submitted(TaskRecords.TaskRecord asCreated, TaskRecords.TaskRecord asReported) {
        telemetry.taskReached(asCreated.task().status());
        TaskRecords.Change change = new TaskRecords.Change(asCreated, asReported);
        if (change.changed()) {
            publish(change);
        }
    }

    /** Publishes a move this instance recorded, and counts the status it reached if it is a new one. */
    private void publish(TaskRecords.Change change) {
        if (change.after().task().status() != change.before().task().status()) {
            telemetry.taskReached(change.after().task().status());
        }
        changes.publish(change);
    }

    /**
     * Tells the subscribers of a record that another instance changed: it is published as it now stands (the
     * watchers hear its state; whoever acts on moves finds it in the record).
     */
    public CompletionStage<Void> changedElsewhere(TaskId id) {
        return records.findById(id).thenAccept(found -> found
                .ifPresent(record -> changes.publish(new TaskRecords.Change(record, record))));
    }
}
