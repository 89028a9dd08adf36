package dev.motioncontrol.application.service;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lists the caller's tasks of the model (and tier) asked: asks the provider for its latest states of that model,
 * records them (never backwards), and answers from the service's records, so that the caller sees its own tasks only, whatever account the
 * provider is called with.
 */
public final class ListTasksService implements ListTasksUseCase {

    private final VideoProvider provider;
    private final TaskReports reports;
    private final TaskRecords records;

    public ListTasksService(VideoProvider provider, TaskReports reports, TaskRecords records) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        ClientKey caller = query.caller();
        CompletableFuture<?>[] listed = query.model().map(List::of).orElse(List.of(Model.values())).stream()
                .map(model -> provider.list(caller, model, query.tier()).thenCompose(this::applyAll).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(listed).thenCompose(applied -> records.list(caller)).thenApply(mine -> mine.stream()
                .filter(record -> query.covers(record.modelTier()))
                .map(TaskRecords.TaskRecord::task)
                .toList());
    }

    private CompletionStage<Void> applyAll(List<Task> reported) {
        return CompletableFuture.allOf(reported.stream()
                .map(task -> reports.apply(task).toCompletableFuture()).toArray(CompletableFuture[]::new));
    }
}
