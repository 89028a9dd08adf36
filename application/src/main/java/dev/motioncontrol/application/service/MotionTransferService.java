package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.Validation;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The motion-transfer use cases: lets in only accepted clients, sends the provider only requests that
 * pass every rule, and asks it only for the caller's own tasks.
 */
public final class MotionTransferService
        implements SubmitMotionTransferUseCase, GetTaskStatusUseCase, ListTasksUseCase {

    private final VideoProvider provider;
    private final AcceptedClientKeys acceptedKeys;
    private final MotionTransferRules rules;

    public MotionTransferService(VideoProvider provider, AcceptedClientKeys acceptedKeys, MotionTransferRules rules) {
        this.provider = Objects.requireNonNull(provider, "provider");
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
        return provider.submit(command.caller(), transfer);
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        return provider.status(query.caller(), query.taskId());
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        if (!acceptedKeys.accepts(query.caller())) {
            return invalidKey();
        }
        return provider.list(query.caller());
    }

    private static <T> CompletionStage<T> invalidKey() {
        return CompletableFuture.failedStage(new MotionTransferFailure.Unauthorized("Invalid API key"));
    }
}
