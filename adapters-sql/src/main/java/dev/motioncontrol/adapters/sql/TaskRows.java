package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A task record as a row of {@code tasks}, and back. */
final class TaskRows {

    /** Every column of {@code tasks}, in the order of {@link #values}. */
    static final String COLUMNS = "task_id, owner, model, tier, status, generated, created_at, checked_at, "
            + "webhook_url, delivery_state, delivery_attempts, delivery_last_attempt_at, delivery_last_status, "
            + "delivery_last_error, delivery_due_at";

    /** What an update may change: every column but the task's id and owner, then the id. */
    static final String SET_CHANGEABLE = "model = ?, tier = ?, status = ?, generated = ?, created_at = ?, "
            + "checked_at = ?, webhook_url = ?, delivery_state = ?, delivery_attempts = ?, "
            + "delivery_last_attempt_at = ?, delivery_last_status = ?, delivery_last_error = ?, delivery_due_at = ?";

    private TaskRows() {
    }

    /** The values of {@link #COLUMNS} for {@code record}. */
    static Tuple values(TaskRecord record) {
        Tuple tuple = Tuple.tuple().addValue(record.task().id().value()).addValue(record.owner().value());
        return addChangeable(tuple, record);
    }

    /** The values of {@link #SET_CHANGEABLE} for {@code record}, then its id. */
    static Tuple changes(TaskRecord record) {
        return addChangeable(Tuple.tuple(), record).addValue(record.task().id().value());
    }

    private static Tuple addChangeable(Tuple tuple, TaskRecord record) {
        Optional<WebhookDelivery> webhook = record.webhook();
        return tuple
                .addValue(record.modelTier().model().name())
                .addValue(record.modelTier().tier().name())
                .addValue(record.task().status().name())
                .addValue(new JsonArray(record.task().generated().stream().map(URI::toString).toList()).encode())
                .addValue(record.createdAt().toEpochMilli())
                .addValue(record.checkedAt().toEpochMilli())
                .addValue(webhook.map(d -> d.target().url().uri().toString()).orElse(null))
                .addValue(webhook.map(d -> d.state().name()).orElse(null))
                .addValue(webhook.map(WebhookDelivery::attempts).orElse(null))
                .addValue(webhook.flatMap(WebhookDelivery::lastAttemptAt).map(Instant::toEpochMilli).orElse(null))
                .addValue(webhook.map(d -> d.lastStatus().isPresent() ? d.lastStatus().getAsInt() : null)
                        .orElse(null))
                .addValue(webhook.flatMap(WebhookDelivery::lastError).orElse(null))
                .addValue(webhook.flatMap(WebhookDelivery::nextAttemptAt).map(Instant::toEpochMilli).orElse(null));
    }

    /** The record that {@code row} (of {@link #COLUMNS}) holds. */
    static TaskRecord record(Row row) {
        TaskId id = new TaskId(row.getString("task_id"));
        List<URI> generated = new JsonArray(row.getString("generated")).stream()
                .map(url -> URI.create((String) url)).toList();
        Task task = new Task(id, TaskStatus.of(row.getString("status")), generated);
        ModelTier at = new ModelTier(Model.valueOf(row.getString("model")), Tier.valueOf(row.getString("tier")));
        return new TaskRecord(new Owner(row.getString("owner")), task, at, delivery(row),
                instant(row, "created_at").orElseThrow(), instant(row, "checked_at").orElseThrow());
    }

    private static Optional<WebhookDelivery> delivery(Row row) {
        String target = row.getString("webhook_url");
        if (target == null) {
            return Optional.empty();
        }
        Integer lastStatus = row.getInteger("delivery_last_status");
        return Optional.of(new WebhookDelivery(new WebhookUrl(HttpUrl.of(target)),
                WebhookDelivery.State.valueOf(row.getString("delivery_state")),
                row.getInteger("delivery_attempts"),
                instant(row, "delivery_last_attempt_at"),
                lastStatus == null ? OptionalInt.empty() : OptionalInt.of(lastStatus),
                Optional.ofNullable(row.getString("delivery_last_error")),
                instant(row, "delivery_due_at")));
    }

    private static Optional<Instant> instant(Row row, String column) {
        Long millis = row.getLong(column);
        return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
