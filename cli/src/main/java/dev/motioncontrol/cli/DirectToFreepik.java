package dev.motioncontrol.cli;

import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.freepik.api.TaskBody;
import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.library.MotionControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Freepik itself, through the embeddable library ({@link MotionControl} on the Freepik client): the request is checked
 * by the library's rules before anything is paid for, a submit is never retried unless it provably created nothing,
 * and a task is followed by the library's polling. The library keeps its records in memory, so it knows only the
 * tasks submitted in this run: the status, list, watch and download commands need a service, which keeps them.
 */
final class DirectToFreepik implements TaskService {

    /** Whom the library's records name as the tasks' owner: there is one, the user of this run. */
    private static final ClientKey USER = new ClientKey("command-line");

    private final MotionControl motion;

    DirectToFreepik(FreepikSettings settings) {
        this.motion = MotionControl.builder().freepik(settings).build();
    }

    @Override
    public LocatedTask submit(Submission submission) {
        MotionTransferRequest request = WireMapper.INSTANCE.toRequest(submission.body(), submission.model(),
                submission.tier(), List.of());
        Task task = join(motion.submit(new SubmitMotionTransferCommand(USER, request, submission.idempotencyKey())),
                "the submission failed");
        return new LocatedTask(submission.model(), Optional.of(submission.tier()), WireMapper.INSTANCE.toTaskBody(task));
    }

    @Override
    public LocatedTask status(String taskId, Optional<Model> model) {
        if (!TaskId.isWellFormed(taskId)) {
            throw new CommandFailure(ExitCode.NOT_FOUND, "no task " + taskId);
        }
        Task task = join(motion.getStatus(new GetTaskStatusQuery(USER, new TaskId(taskId), model)),
                "asking for task " + taskId + " failed");
        return new LocatedTask(model.orElse(Model.KLING_2_6), Optional.empty(), WireMapper.INSTANCE.toTaskBody(task));
    }

    @Override
    public List<LocatedTask> list(Optional<Model> model, Optional<Tier> tier) {
        throw new CommandFailure(ExitCode.REJECTED, "listing needs a service: straight to Freepik, the library knows "
                + "only the tasks it submitted in this run");
    }

    @Override
    public Following follow(LocatedTask task, TaskUpdates updates) {
        WatchTaskUseCase.Watch watch = join(motion.watch(new GetTaskStatusQuery(USER, new TaskId(task.id()),
                Optional.of(task.model())), new WatchTaskUseCase.TaskObserver() {
                    @Override
                    public void onUpdate(Task now) {
                        updates.update(WireMapper.INSTANCE.toTaskBody(now));
                    }

                    @Override
                    public void onEnd(MotionTransferFailure why) {
                        updates.end(failure(why, "following the task failed"));
                    }
                }), "following task " + task.id() + " failed");
        return watch::cancel;
    }

    @Override
    public void close() {
        motion.close();
    }

    private static <T> T join(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException | CompletionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.UNAVAILABLE, what + ": interrupted");
        }
    }

    /** The library's failure as the user is told it: the same exit codes as the service's answers would give. */
    static CommandFailure failure(Throwable cause, String what) {
        if (cause instanceof MotionTransferFailure.InvalidRequest invalid) {
            List<String> lines = new ArrayList<>();
            lines.add(what + ": " + invalid.getMessage());
            for (Violation violation : invalid.violations()) {
                lines.add(violation.field() + ": " + violation.reason());
            }
            return new CommandFailure(ExitCode.REJECTED, lines);
        }
        if (cause instanceof MotionTransferFailure.UnknownTask) {
            return new CommandFailure(ExitCode.NOT_FOUND, what + ": no such task");
        }
        if (cause instanceof MotionTransferFailure.Unauthorized) {
            return new CommandFailure(ExitCode.AUTHENTICATION, what + ": Freepik did not accept the API key");
        }
        if (cause instanceof MotionTransferFailure.ProviderRefused refused) {
            return new CommandFailure(ExitCode.ofHttpStatus(refused.status()),
                    what + ": Freepik refused it (" + refused.status() + " " + refused.getMessage() + ")");
        }
        if (cause instanceof MotionTransferFailure.IdempotencyKeyReused) {
            return new CommandFailure(ExitCode.REJECTED, what + ": " + cause.getMessage());
        }
        if (cause instanceof MotionTransferFailure.SubmissionUncertain) {
            return new CommandFailure(ExitCode.UNAVAILABLE, what + ": " + cause.getMessage()
                    + " (the task may have been created: do not submit again before you know)");
        }
        if (cause instanceof MotionTransferFailure) {
            // Rate limited, the provider or the store unavailable, a key still in use: later may succeed.
            return new CommandFailure(ExitCode.UNAVAILABLE, what + ": " + cause.getMessage());
        }
        if (cause instanceof CommandFailure failure) {
            return failure;
        }
        return new CommandFailure(ExitCode.UNEXPECTED, what + ": " + cause);
    }
}
