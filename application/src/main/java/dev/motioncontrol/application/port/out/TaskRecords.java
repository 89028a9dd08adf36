package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.WebhookUrl;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * The service's own record of its tasks: which client created which task, where it runs, the last state the
 * provider reported and when it was asked, and how the delivery of its webhook stands. It is what keeps one
 * client from seeing another's tasks when the service talks to the provider with a single account, and what
 * lets a task be answered without asking the provider again — after a restart too, when the store is durable.
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}.
 */
public interface TaskRecords {

    /** The most records {@link #list} returns: the owner's newest. */
    int LIST_LIMIT = 100;

    /** Records a new task; a record with the same task id is left as it was. */
    CompletionStage<Void> remember(TaskRecord record);

    /** The record of the task with {@code id}, if {@code owner} created it; empty otherwise. */
    CompletionStage<Optional<TaskRecord>> find(Owner owner, TaskId id);

    /** The record of the task with {@code id}, whoever created it (for the provider's webhooks). */
    CompletionStage<Optional<TaskRecord>> findById(TaskId id);

    /**
     * Replaces the record of the task with {@code id} by {@code change} applied to it, atomically: two updates of
     * one record never lose one another, on one instance or several. Returns the record before and after; empty
     * when there is no such record. {@code change} may be applied more than once (on a conflict, to a fresher
     * record) and must have no other effect.
     */
    CompletionStage<Optional<Change>> update(TaskId id, UnaryOperator<TaskRecord> change);

    /** The records of {@code owner}'s tasks, newest first, at most {@value #LIST_LIMIT}. */
    CompletionStage<List<TaskRecord>> list(Owner owner);

    /**
     * One task's record.
     *
     * @param owner     who created it
     * @param task      its last known state
     * @param modelTier where it runs: the task is known to the provider only at that model's and tier's paths
     * @param webhook   the delivery of the client's webhook, when it gave one
     * @param createdAt when the service recorded it
     * @param checkedAt when the provider last said how it stands (its submission, a poll, a webhook, a list)
     * @param media     what was measured of its media before it was paid for (see the media preflight)
     * @param results   where the service's copies of its generated videos stand
     */
    record TaskRecord(Owner owner, Task task, ModelTier modelTier, Optional<WebhookDelivery> webhook,
            Instant createdAt, Instant checkedAt, MediaFacts media, ResultCopies results) {

        public TaskRecord {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(modelTier, "modelTier");
            Objects.requireNonNull(webhook, "webhook");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(checkedAt, "checkedAt");
            Objects.requireNonNull(media, "media");
            Objects.requireNonNull(results, "results");
        }

        /** A record of a task whose results are not kept. */
        public TaskRecord(Owner owner, Task task, ModelTier modelTier, Optional<WebhookDelivery> webhook,
                Instant createdAt, Instant checkedAt, MediaFacts media) {
            this(owner, task, modelTier, webhook, createdAt, checkedAt, media, ResultCopies.NONE);
        }

        /** A record of a task whose media were not measured. */
        public TaskRecord(Owner owner, Task task, ModelTier modelTier, Optional<WebhookDelivery> webhook,
                Instant createdAt, Instant checkedAt) {
            this(owner, task, modelTier, webhook, createdAt, checkedAt, MediaFacts.NONE);
        }

        /** A task just submitted, {@code CREATED}, whose webhook (if any) waits for it to finish. */
        public static TaskRecord submitted(Owner owner, TaskId id, ModelTier at, Optional<WebhookUrl> webhook,
                Instant now) {
            return submitted(owner, id, at, webhook, now, MediaFacts.NONE, ResultCopies.NONE);
        }

        /**
         * The same, with what was measured of its media before it was paid for, and whether its results are kept
         * ({@link ResultCopies#WANTED}) or not ({@link ResultCopies#NONE}).
         */
        public static TaskRecord submitted(Owner owner, TaskId id, ModelTier at, Optional<WebhookUrl> webhook,
                Instant now, MediaFacts media, ResultCopies results) {
            return new TaskRecord(owner, Task.created(id), at, webhook.map(WebhookDelivery::waiting), now, now, media,
                    results);
        }

        /**
         * After the provider {@code reported} the task at {@code now}: the task moves forward, never back (see
         * {@link Task#updatedFrom(Task)}). When it has just finished, its webhook falls due; but when it completed and
         * its results are kept, its copy falls due instead, and the webhook waits for the copy (see
         * {@link #withResults}).
         */
        public TaskRecord reported(Task reported, Instant now) {
            Task updated = task.updatedFrom(reported);
            Optional<WebhookDelivery> delivery = webhook;
            ResultCopies copies = results;
            if (updated.isTerminal() && !task.isTerminal()) {
                if (updated.status() == TaskStatus.COMPLETED && results.state() == ResultCopies.State.WANTED) {
                    copies = results.due(now);
                } else {
                    delivery = webhook.map(waiting -> waiting.dueAt(now));
                    copies = results.isPending() ? ResultCopies.NONE : results;
                }
            }
            return new TaskRecord(owner, updated, modelTier, delivery, createdAt, now, media, copies);
        }

        /** As it is, checked at {@code now}: someone is asking the provider about it (see the status checks). */
        public TaskRecord checked(Instant now) {
            return new TaskRecord(owner, task, modelTier, webhook, createdAt, now, media, results);
        }

        /** With the delivery of its webhook now standing as {@code delivery}. */
        public TaskRecord withDelivery(WebhookDelivery delivery) {
            return new TaskRecord(owner, task, modelTier, Optional.of(delivery), createdAt, checkedAt, media, results);
        }

        /**
         * With its copies now standing as {@code copies}, at {@code now}: when the copy has just been made or given
         * up, the webhook that waited for it falls due.
         */
        public TaskRecord withResults(ResultCopies copies, Instant now) {
            Optional<WebhookDelivery> delivery = webhook;
            if (results.isPending() && !copies.isPending()) {
                delivery = webhook.map(waiting -> waiting.isFinal() || waiting.nextAttemptAt().isPresent()
                        ? waiting : waiting.dueAt(now));
            }
            return new TaskRecord(owner, task, modelTier, delivery, createdAt, checkedAt, media, copies);
        }

        /**
         * The task as clients are shown it, before the copies' links replace its URLs: {@code IN_PROGRESS} while a
         * completed task's videos are being copied, as recorded otherwise.
         */
        public Task visible() {
            if (task.status() == TaskStatus.COMPLETED && results.isPending()) {
                return new Task(task.id(), TaskStatus.IN_PROGRESS, List.of());
            }
            return task;
        }
    }

    /** A task's record before and after an update; {@link #changed()} when the task moved, or as clients see it. */
    record Change(TaskRecord before, TaskRecord after) {

        public Change {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        public boolean changed() {
            return !before.task().equals(after.task()) || !before.visible().equals(after.visible());
        }
    }
}
