package dev.motioncontrol.application.service;

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
 * Lists the caller's tasks: asks the provider for its latest states, records them (never backwards), and
 * answers from the service's records, so that the caller sees its own tasks only, whatever account the
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
        return provider.list(caller)
                .thenCompose(reported -> CompletableFuture.allOf(reported.stream()
                        .map(task -> reports.apply(task).toCompletableFuture()).toArray(CompletableFuture[]::new)))
                .thenCompose(applied -> records.list(caller));
    }
}
