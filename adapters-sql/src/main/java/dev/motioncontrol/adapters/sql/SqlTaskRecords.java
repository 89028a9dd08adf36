package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.WebhookOutbox;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * The task records and the webhook outbox, both kept in {@code tasks}: a record's delivery is a few of its
 * columns, and a delivery is due when its {@code delivery_due_at} has come and its state is not final.
 */
final class SqlTaskRecords implements TaskRecords, WebhookOutbox {

    private static final String INSERT = "INSERT INTO tasks (" + TaskRows.COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING";
    private static final String SELECT = "SELECT " + TaskRows.COLUMNS + " FROM tasks";
    static final String BY_ID = SELECT + " WHERE task_id = ?";
    private static final String BY_OWNER_AND_ID = SELECT + " WHERE task_id = ? AND owner = ?";
    private static final String UPDATE = "UPDATE tasks SET " + TaskRows.SET_CHANGEABLE + " WHERE task_id = ?";
    static final String NEWEST_OF_OWNER = SELECT
            + " WHERE owner = ? ORDER BY created_at DESC, task_id DESC LIMIT ?";
    // The conditions below repeat those of the partial indexes tasks_delivery_due and tasks_awaited word for word,
    // so that SQLite, too, sees that the index covers the query. 'WAITING' and 'RETRYING' are the deliveries that
    // are not final (WebhookDelivery.isFinal); 'COMPLETED' and 'FAILED' the finished tasks (TaskStatus.isTerminal).
    static final String DUE = SELECT
            + " WHERE delivery_due_at IS NOT NULL AND delivery_state IN ('WAITING', 'RETRYING')"
            + " AND delivery_due_at <= ? ORDER BY delivery_due_at, task_id LIMIT ?";
    private static final String LEASE = "UPDATE tasks SET delivery_due_at = ? WHERE task_id = ?";
    static final String AWAITED = SELECT
            + " WHERE delivery_state = 'WAITING' AND status NOT IN ('COMPLETED', 'FAILED')"
            + " ORDER BY created_at, task_id LIMIT ?";

    private final Database database;
    private final TaskChangeNotices notices;

    SqlTaskRecords(Database database, TaskChangeNotices notices) {
        this.database = Objects.requireNonNull(database, "database");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    @Override
    public CompletionStage<Void> remember(TaskRecord record) {
        Objects.requireNonNull(record, "record");
        return database.answer(database.run(INSERT, TaskRows.values(record)).mapEmpty());
    }

    /** {@link #remember} inside a transaction of {@code connection}. */
    Future<Void> remember(SqlClient connection, TaskRecord record) {
        return database.run(connection, INSERT, TaskRows.values(record)).mapEmpty();
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> find(Owner owner, TaskId id) {
        return database.answer(database.run(BY_OWNER_AND_ID, Tuple.of(id.value(), owner.value()))
                .map(SqlTaskRecords::first));
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> findById(TaskId id) {
        return database.answer(database.run(BY_ID, Tuple.of(id.value())).map(SqlTaskRecords::first));
    }

    /** Reads the row and writes it back changed in one transaction that holds it (a row lock, or the whole file). */
    @Override
    public CompletionStage<Optional<Change>> update(TaskId id, UnaryOperator<TaskRecord> change) {
        Objects.requireNonNull(change, "change");
        return database.answer(database.inTransaction(connection -> database
                .run(connection, BY_ID + database.dialect().lockRow(), Tuple.of(id.value()))
                .map(SqlTaskRecords::first)
                .compose(before -> before.isEmpty()
                        ? Future.succeededFuture(Optional.empty())
                        : write(connection, new Change(before.get(), changed(before.get(), change)))
                                .map(Optional::of))));
    }

    private static TaskRecord changed(TaskRecord before, UnaryOperator<TaskRecord> change) {
        TaskRecord after = Objects.requireNonNull(change.apply(before), "the changed record");
        if (!after.task().id().equals(before.task().id()) || !after.owner().equals(before.owner())) {
            throw new IllegalArgumentException("an update keeps the task's id and owner");
        }
        return after;
    }

    private Future<Change> write(SqlConnection connection, Change change) {
        if (change.after().equals(change.before())) {
            return Future.succeededFuture(change);
        }
        return database.run(connection, UPDATE, TaskRows.changes(change.after()))
                .compose(updated -> notices.announce(connection, change.after().task().id()))
                .map(change);
    }

    @Override
    public CompletionStage<List<TaskRecord>> list(Owner owner) {
        return database.answer(database.run(NEWEST_OF_OWNER, Tuple.of(owner.value(), (long) LIST_LIMIT))
                .map(SqlTaskRecords::all));
    }

    // The webhook outbox

    /**
     * Selects the due rows and moves them to the end of the lease in one transaction: on PostgreSQL the selected rows
     * stay locked until it commits, and concurrent claims skip them; on SQLite the transaction holds the file.
     */
    @Override
    public CompletionStage<List<TaskRecord>> claimDue(Instant now, Instant leaseUntil, int limit) {
        return database.answer(database.inTransaction(connection -> database
                .run(connection, DUE + database.dialect().claimRows(), Tuple.of(now.toEpochMilli(), (long) limit))
                .map(SqlTaskRecords::all)
                .compose(due -> {
                    List<Tuple> leases = new ArrayList<>(due.size());
                    List<TaskRecord> leased = new ArrayList<>(due.size());
                    for (TaskRecord record : due) {
                        leases.add(Tuple.of(leaseUntil.toEpochMilli(), record.task().id().value()));
                        leased.add(record.withDelivery(record.webhook().orElseThrow().dueAt(leaseUntil)));
                    }
                    return database.runEach(connection, LEASE, leases).map(done -> List.copyOf(leased));
                })));
    }

    @Override
    public CompletionStage<List<TaskRecord>> awaitingTasks(int limit) {
        return database.answer(database.run(AWAITED, Tuple.of((long) limit)).map(SqlTaskRecords::all));
    }

    private static Optional<TaskRecord> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(TaskRows.record(rows.iterator().next())) : Optional.empty();
    }

    private static List<TaskRecord> all(RowSet<Row> rows) {
        List<TaskRecord> records = new ArrayList<>(rows.size());
        rows.forEach(row -> records.add(TaskRows.record(row)));
        return List.copyOf(records);
    }
}
