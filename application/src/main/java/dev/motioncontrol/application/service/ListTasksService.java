package dev.motioncontrol.application.service;

import java.util.stream.Collectors;
import java.util.Set;
import java.util.EnumSet;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lists the caller's tasks of the model (and tier) asked: asks the provider for the latest states of the models
 * in which the caller has unfinished tasks (none when every task is over), records them (never backwards), and
 * answers from the service's records, so that the caller sees its own tasks only, whatever account the
 * provider is called with.
 *
 * <p>The provider's list names a task's status, not its videos: a {@code COMPLETED} entry without them is not
 * taken as the task's end (which would record a finished task with nothing to download, and never ask again).
 * For each such task of the caller's, the task itself is asked for, once, and that answer is recorded.
 */
public final class ListTasksService implements ListTasksUseCase {

    private final VideoProvider provider;
    private final TaskReports reports;
    private final TaskRecords records;
    private final OwnerHashing owners;

    public ListTasksService(VideoProvider provider, TaskReports reports, TaskRecords records, OwnerHashing owners) {
        this.owners = Objects.requireNonNull(owners, "owners");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        Owner caller = owners.of(query.caller());
        return records.list(caller).thenCompose(before -> {
            // Only what may still move is worth a provider call: the models of the caller's unfinished tasks.
            Set<Model> unfinished = before.stream()
                    .filter(record -> query.covers(record.modelTier()) && !record.task().isTerminal())
                    .map(record -> record.modelTier().model())
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Model.class)));
            CompletableFuture<?>[] listed = unfinished.stream()
                    .map(model -> provider.list(caller, model, query.tier(), query.cancellation())
                            .thenCompose(reported -> applyAll(caller, reported, query.cancellation()))
                            .toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(listed).thenCompose(applied -> records.list(caller));
        }).thenApply(mine -> mine.stream()
                .filter(record -> query.covers(record.modelTier()))
                .map(TaskRecords.TaskRecord::task)
                .toList());
    }

    private CompletionStage<Void> applyAll(Owner caller, List<Task> reported, Cancellation cancellation) {
        return CompletableFuture.allOf(reported.stream()
                .map(task -> (completedWithoutVideos(task) ? askedFor(caller, task, cancellation) : reports.apply(task))
                        .toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    private static boolean completedWithoutVideos(Task task) {
        return task.status().equals(TaskStatus.COMPLETED) && task.generated().isEmpty();
    }

    /**
     * The caller's unfinished task {@code listed}, as the provider answers for it alone; nothing for another's task
     * or one already over. A failure to ask leaves the record as it was, for a later status to ask again.
     */
    private CompletionStage<Optional<Task>> askedFor(Owner caller, Task listed, Cancellation cancellation) {
        return records.find(caller, listed.id()).thenCompose(found -> found
                .filter(record -> !record.task().isTerminal())
                .map(record -> provider.status(caller, listed.id(), record.modelTier(), cancellation)
                        .thenCompose(reports::apply)
                        .exceptionally(failed -> Optional.empty()))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty())));
    }
}
