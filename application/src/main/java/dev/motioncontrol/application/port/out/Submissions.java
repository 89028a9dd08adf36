package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The journal of paid submissions: each one is written down <em>before</em> the provider is asked (so that a
 * crash in between leaves a trace rather than a forgotten, paid task), and settled after. A submission made
 * with an idempotency key is found again by the same owner and key until it expires, whatever instance
 * receives the retry: that is what keeps a retried request from paying twice.
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}.
 */
public interface Submissions {

    /** The reason {@link #settleStale} gives. */
    String INTERRUPTED = "The service stopped while it was submitting this task to the provider: the provider may "
            + "have created it. Look for it among your tasks before you submit again.";

    /**
     * Writes {@code submission} down, {@link Submission.State#PENDING}. When it has an idempotency key and the
     * owner already has a live submission under that key, nothing is written and that one is returned; of two
     * racing, exactly one is {@link Begun.Started}.
     */
    CompletionStage<Begun> begin(Submission submission);

    /**
     * The provider created the task: records {@code task} and settles the submission as
     * {@link Submission.State#CREATED} with its id, atomically, so that neither is ever found without the other.
     * A submission without an idempotency key is forgotten instead: nobody can ask for it again.
     *
     * <p>True when done. False when a task of that id is recorded already (whoever's it is): the provider named a
     * task it had named before, which no new task can be. Then nothing is written, the known task stays as it was,
     * and the submission is still pending, for the caller to settle as it sees fit. A store may also answer false
     * when the submission was no longer pending (settled as interrupted meanwhile) though it recorded the task: the
     * caller tells the two apart by the record it finds.
     */
    CompletionStage<Boolean> created(Submission submission, TaskRecord task);

    /**
     * The provider may have created the task, but did not say (a timeout, a reset, an unreadable answer):
     * settles the submission as {@link Submission.State#UNCERTAIN}, with {@code reason}; a retry under its key
     * hears the same, and never pays again. A submission without an idempotency key is forgotten instead.
     */
    CompletionStage<Void> uncertain(Submission submission, String reason);

    /** The provider refused it: nothing was created; the submission is forgotten and its key is free again. */
    CompletionStage<Void> abandon(String submissionId);

    /**
     * Settles as {@link Submission.State#UNCERTAIN} every submission still pending after its
     * {@code pendingUntil} (its instance stopped while the provider was being asked) and returns them as now
     * settled. Those without an idempotency key are forgotten instead, once returned.
     */
    CompletionStage<List<Submission>> settleStale(Instant now);

    /** Forgets the submissions kept until before {@code now}; their keys are free again. */
    CompletionStage<Void> forgetExpired(Instant now);

    /** The outcome of {@link #begin}. */
    sealed interface Begun {
        /** Written down: go on and ask the provider. */
        record Started(Submission submission) implements Begun {
        }

        /** The owner's earlier submission under the same idempotency key. */
        record Existing(Submission submission) implements Begun {
        }
    }

    /**
     * One submission.
     *
     * @param id             unique, chosen by the service
     * @param owner          who submitted it
     * @param idempotencyKey the key its client sent, if any; unique per owner among the live submissions
     * @param fingerprint    what was asked (a digest of the request), to tell a retry from another request
     * @param modelTier      where it was sent
     * @param startedAt      when it was written down
     * @param pendingUntil   after this, a submission still pending was interrupted (its instance stopped)
     * @param keepUntil      when it is forgotten and its key is free again
     * @param state          {@link State}
     * @param taskId         the task it created, once {@link State#CREATED}
     * @param reason         why it is {@link State#UNCERTAIN}
     */
    record Submission(String id, Owner owner, Optional<String> idempotencyKey, String fingerprint,
            ModelTier modelTier, Instant startedAt, Instant pendingUntil, Instant keepUntil, State state,
            Optional<TaskId> taskId, Optional<String> reason) {

        public Submission {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(modelTier, "modelTier");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(pendingUntil, "pendingUntil");
            Objects.requireNonNull(keepUntil, "keepUntil");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(reason, "reason");
            if ((state == State.CREATED) != taskId.isPresent()) {
                throw new IllegalArgumentException("a submission has a task id exactly when it is CREATED");
            }
        }

        /** A submission about to be sent to the provider. */
        public static Submission pending(String id, Owner owner, Optional<String> idempotencyKey, String fingerprint,
                ModelTier at, Instant now, Instant pendingUntil, Instant keepUntil) {
            return new Submission(id, owner, idempotencyKey, fingerprint, at, now, pendingUntil, keepUntil,
                    State.PENDING, Optional.empty(), Optional.empty());
        }

        /** Where a submission stands. */
        public enum State {
            /** Written down; the provider is being asked, or was when its instance stopped. */
            PENDING,
            /** The provider created {@link #taskId()}. */
            CREATED,
            /** The provider may have created a task; no one knows which. */
            UNCERTAIN
        }
    }
}
