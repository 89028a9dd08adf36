package dev.motioncontrol.application.service;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.WebhookUrl;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The one way what the provider says about a task gets into the service's records: whether it came with a
 * submission, a status query, a list, a provider webhook or a background poll. A report never moves a task
 * backwards (a stale one leaves the record as it was), and every move is published to {@link TaskChanges}.
 */
public final class TaskReports {

    private final TaskRecords records;
    private final TaskChanges changes;

    public TaskReports(TaskRecords records, TaskChanges changes) {
        this.records = Objects.requireNonNull(records, "records");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /**
     * Records a report of a task the service knows, and publishes the move if it moved. Completes with the
     * task as now recorded, or empty when the service has no record of it (nothing is recorded then).
     */
    public CompletionStage<Optional<Task>> apply(Task reported) {
        Objects.requireNonNull(reported, "reported");
        return records.update(reported).thenApply(change -> {
            change.filter(TaskRecords.Change::changed).ifPresent(changes::publish);
            return change.map(c -> c.after().task());
        });
    }

    /**
     * Records a new task that {@code owner} submitted at {@code at}, with the webhook to deliver when it finishes, and
     * then applies what the provider first said of it. It is recorded as created first, so that a task
     * the provider reports already moving (or over) is a change like any other, and its webhook is delivered.
     */
    public CompletionStage<Optional<Task>> applySubmitted(ClientKey owner, Task reported, ModelTier at,
            Optional<WebhookUrl> webhook) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(webhook, "webhook");
        return records.remember(owner, Task.created(reported.id()), at, webhook)
                .thenCompose(remembered -> apply(reported));
    }
}
