package dev.motioncontrol.application.service;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.Validation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The motion-transfer use cases: lets in only accepted clients, sends the provider only requests that
 * pass every rule, shows each client only the tasks it created (from the service's own task records,
 * whatever account the provider is called with), and never asks the provider again about a task that
 * has finished.
 */
public final class MotionTransferService
        implements SubmitMotionTransferUseCase, GetTaskStatusUseCase, ListTasksUseCase {

    private final VideoProvider provider;
    private final TaskRecords records;
    private final AcceptedClientKeys acceptedKeys;
    private final MotionTransferRules rules;

    public MotionTransferService(VideoProvider provider, TaskRecords records, AcceptedClientKeys acceptedKeys,
            MotionTransferRules rules) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.records = Objects.requireNonNull(records, "records");
        this.acceptedKeys = Objects.requireNonNull(acceptedKeys, "acceptedKeys");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public CompletionStage<Task> submit(SubmitMotionTransferCommand command) {
        if (!acceptedKeys.accepts(command.caller())) {
            return invalidKey();
        }
        Validation<MotionTransfer> validation = rules.validate(command.request());
        if (validation instanceof Validation.Invalid<MotionTransfer> invalid) {
            return CompletableFuture.failedStage(new MotionTransferFailure.InvalidRequest(invalid.violations()));
        }
        MotionTransfer transfer = ((Validation.Valid<MotionTransfer>) validation).value();
        return provider.submit(command.caller(), transfer)
                .thenCompose(task -> records.remember(command.caller(), task).thenApply(recorded -> task));
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        ClientKey caller = query.caller();
        return records.find(caller, query.taskId()).thenCompose(known -> {
            if (known.isEmpty()) {
                return CompletableFuture.failedStage(new MotionTransferFailure.UnknownTask(query.taskId()));
            }
            if (known.get().isTerminal()) {
                return CompletableFuture.completedStage(known.get());
            }
            return provider.status(caller, query.taskId())
                    .thenCompose(reported -> records.update(caller, reported))
                    .thenApply(updated -> updated.orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId())));
        });
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        ClientKey caller = query.caller();
        return provider.list(caller)
                .thenCompose(reported -> allOf(reported.stream().map(task -> records.update(caller, task)).toList()))
                .thenCompose(updated -> records.list(caller));
    }

    private static CompletionStage<Void> allOf(List<CompletionStage<Optional<Task>>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    private static <T> CompletionStage<T> invalidKey() {
        return CompletableFuture.failedStage(new MotionTransferFailure.Unauthorized("Invalid API key"));
    }
}
