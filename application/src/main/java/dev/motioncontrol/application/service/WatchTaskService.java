package dev.motioncontrol.application.service;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import java.util.Optional;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Lets a caller follow one of its tasks: the observer hears the task as recorded at once, then every move
 * (from any report: a status query, a provider webhook, the background polling), the terminal one last.
 * While it watches a task that has not finished, the task is polled in the background.
 */
public final class WatchTaskService implements WatchTaskUseCase {

    private final TaskRecords records;
    private final TaskWatchers watchers;
    private final TaskPolling polling;
    private final OwnerHashing owners;

    public WatchTaskService(TaskRecords records, TaskWatchers watchers, TaskPolling polling, OwnerHashing owners) {
        this.owners = Objects.requireNonNull(owners, "owners");
        this.records = Objects.requireNonNull(records, "records");
        this.watchers = Objects.requireNonNull(watchers, "watchers");
        this.polling = Objects.requireNonNull(polling, "polling");
    }

    @Override
    public CompletionStage<Watch> watch(GetTaskStatusQuery query, TaskObserver observer) {
        // Added before the record is read, so that no move recorded in between goes unheard.
        TaskWatchers.Watcher watcher = watchers.add(query.taskId(), Objects.requireNonNull(observer, "observer"));
        Owner owner = owners.of(query.caller());
        return records.find(owner, query.taskId()).whenComplete((found, failure) -> {
            if (failure != null) {
                watchers.remove(watcher); // the store is away: no one will ever tell this watcher anything
            }
        }).thenApply(record -> {
            Optional<TaskRecords.TaskRecord> found = record.filter(candidate -> query.covers(candidate.modelTier()));
            if (found.isEmpty()) {
                watchers.remove(watcher);
                throw new MotionTransferFailure.UnknownTask(query.taskId());
            }
            watcher.offer(watchers.shown(found.get()));
            if (watcher.isDone()) {
                watchers.remove(watcher);
                return () -> { };
            }
            TaskPolling.Interest interest = polling.follow(owner, query.taskId(), found.get().modelTier());
            return () -> {
                watchers.remove(watcher);
                interest.release();
            };
        });
    }
}
