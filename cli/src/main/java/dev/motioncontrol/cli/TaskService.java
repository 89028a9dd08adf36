package dev.motioncontrol.cli;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.freepik.api.SubmitBody;
import dev.motioncontrol.freepik.api.TaskBody;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the commands send their work: a running service ({@link RunningService}, over its HTTP API) or Freepik itself
 * ({@link DirectToFreepik}, through the library). Every method blocks until it has its answer (a command line has
 * nothing else to do meanwhile) and fails with a {@link CommandFailure} saying what the user is to be told.
 */
interface TaskService extends AutoCloseable {

    /** One submission: the body as the API takes it, where it goes, and the caller's name for it, if any. */
    record Submission(Model model, Tier tier, SubmitBody body, Optional<String> idempotencyKey) {
        public Submission {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        }
    }

    /** A task with the model whose paths know it, and its tier when that is known. */
    record LocatedTask(Model model, Optional<Tier> tier, TaskBody task) {
        public LocatedTask {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(task, "task");
        }

        String id() {
            return task.taskId();
        }

        boolean isFinished() {
            return TaskStatus.of(task.status()).isTerminal();
        }

        LocatedTask now(TaskBody newer) {
            return new LocatedTask(model, tier, newer);
        }
    }

    /** Receives a followed task's states; on any thread. */
    interface TaskUpdates {
        /** The task as it stands: first as it is now, then at each change, the finished state last. */
        void update(TaskBody task);

        /** The task can no longer be followed, although it has not finished; nothing comes after. */
        void end(CommandFailure why);
    }

    /** A task being followed: closing it stops the updates. */
    interface Following extends AutoCloseable {
        @Override
        void close();
    }

    /** Submits a task, and answers with it as created. */
    LocatedTask submit(Submission submission);

    /** One of the caller's tasks as it stands, looked for under {@code model}'s paths, or under each model's in turn. */
    LocatedTask status(String taskId, Optional<Model> model);

    /** The caller's tasks of {@code model} ({@code tier} within Kling 3), or of every model, newest first by model. */
    List<LocatedTask> list(Optional<Model> model, Optional<Tier> tier);

    /** Follows {@code task} until it finishes, without polling where the other side can say when it changes. */
    Following follow(LocatedTask task, TaskUpdates updates);

    /** Releases what this holds; the tasks go on. */
    @Override
    void close();
}
