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
import dev.motioncontrol.adapters.sql.Rows.Row;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.OptionalInt;

/** A task record as a row of {@code tasks}, and back. */
final class TaskRows {

    /** The scheme and the user info of an absolute URL; the first group keeps the scheme. */
    private static final Pattern WITH_USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    /** Every column of {@code tasks}, in the order of {@link #values}. */
    static final String COLUMNS = "task_id, owner, model, tier, status, generated, created_at, checked_at, "
            + "webhook_url, delivery_state, delivery_attempts, delivery_last_attempt_at, delivery_last_status, "
            + "delivery_last_error, delivery_due_at, media, results_state, results, results_due_at";

    /** How many columns {@link #COLUMNS} names. */
    static final int COLUMN_COUNT = 19;

    /** One {@code ?} per column of {@link #COLUMNS}, for an {@code INSERT}. */
    static final String PLACEHOLDERS = String.join(", ", Collections.nCopies(COLUMN_COUNT, "?"));

    /** What an update may change: every column but the task's id and owner, then the id. */
    static final String SET_CHANGEABLE = "model = ?, tier = ?, status = ?, generated = ?, created_at = ?, "
            + "checked_at = ?, webhook_url = ?, delivery_state = ?, delivery_attempts = ?, "
            + "delivery_last_attempt_at = ?, delivery_last_status = ?, delivery_last_error = ?, delivery_due_at = ?, "
            + "media = ?, results_state = ?, results = ?, results_due_at = ?";

    private TaskRows() {
    }

    /** The values of {@link #COLUMNS} for {@code record}. */
    static List<Object> values(TaskRecord record) {
        List<Object> values = new ArrayList<>(COLUMN_COUNT);
        values.add(record.task().id().value());
        values.add(record.owner().value());
        return addChangeable(values, record);
    }

    /** The values of {@link #SET_CHANGEABLE} for {@code record}, then its id. */
    static List<Object> changes(TaskRecord record) {
        List<Object> values = addChangeable(new ArrayList<>(COLUMN_COUNT - 1), record);
        values.add(record.task().id().value());
        return values;
    }

    private static List<Object> addChangeable(List<Object> values, TaskRecord record) {
        Optional<WebhookDelivery> webhook = record.webhook();
        values.add(record.modelTier().model().name());
        values.add(record.modelTier().tier().name());
        values.add(record.task().status().name());
        values.add(record.task().generated().isEmpty() ? "[]"
                : new JsonArray(record.task().generated().stream().map(URI::toString).toList()).encode());
        values.add(record.createdAt().toEpochMilli());
        values.add(record.checkedAt().toEpochMilli());
        values.add(webhook.map(d -> d.target().url().uri().toString()).orElse(null));
        values.add(webhook.map(d -> d.state().name()).orElse(null));
        values.add(webhook.map(WebhookDelivery::attempts).orElse(null));
        values.add(webhook.flatMap(WebhookDelivery::lastAttemptAt).map(Instant::toEpochMilli).orElse(null));
        values.add(webhook.map(d -> d.lastStatus().isPresent() ? d.lastStatus().getAsInt() : null).orElse(null));
        values.add(webhook.flatMap(WebhookDelivery::lastError).orElse(null));
        values.add(webhook.flatMap(WebhookDelivery::nextAttemptAt).map(Instant::toEpochMilli).orElse(null));
        values.add(MediaColumn.write(record.media()));
        values.add(ResultsColumn.state(record.results()));
        values.add(ResultsColumn.rest(record.results()));
        values.add(ResultsColumn.dueAt(record.results()));
        return values;
    }

    /** The record that {@code row} (of {@link #COLUMNS}) holds. */
    static TaskRecord record(Row row) {
        TaskId id = new TaskId(row.string("task_id"));
        List<URI> generated = new JsonArray(row.string("generated")).stream()
                .map(url -> URI.create((String) url)).toList();
        Task task = new Task(id, TaskStatus.of(row.string("status")), generated);
        ModelTier at = ModelTier.of(Model.valueOf(row.string("model")), Tier.valueOf(row.string("tier")));
        return new TaskRecord(new Owner(row.string("owner")), task, at, delivery(row),
                instant(row, "created_at").orElseThrow(), instant(row, "checked_at").orElseThrow(),
                MediaColumn.read(row.string("media")),
                ResultsColumn.read(row.string("results_state"), row.string("results"), row.longValue("results_due_at")));
    }

    private static Optional<WebhookDelivery> delivery(Row row) {
        Optional<WebhookUrl> target = storedWebhook(row.string("webhook_url"));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Integer lastStatus = row.integer("delivery_last_status");
        return Optional.of(new WebhookDelivery(target.get(),
                WebhookDelivery.State.valueOf(row.string("delivery_state")),
                row.integer("delivery_attempts"),
                instant(row, "delivery_last_attempt_at"),
                lastStatus == null ? OptionalInt.empty() : OptionalInt.of(lastStatus),
                Optional.ofNullable(row.string("delivery_last_error")),
                instant(row, "delivery_due_at")));
    }

    /**
     * A webhook URL as stored. One an earlier version accepted with credentials in it ({@code user:token@}, which the
     * sender never sent) is read without them, and delivered as before; one that is no URL at all any more (a port
     * out of range, which no delivery could ever reach) is read as none, so that the task is still read.
     */
    static Optional<WebhookUrl> storedWebhook(String target) {
        if (target == null) {
            return Optional.empty();
        }
        for (String candidate : List.of(target, WITH_USER_INFO.matcher(target).replaceFirst("$1"))) {
            if (HttpUrl.problemWith(candidate).isEmpty()) {
                return Optional.of(new WebhookUrl(HttpUrl.of(candidate)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(Row row, String column) {
        Long millis = row.longValue(column);
        return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
