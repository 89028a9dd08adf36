package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.Engine.arguments;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.motioncontrol.adapters.sql.Engine.Transaction;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.ResultQueue;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.WebhookOutbox;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * The task records, the webhook outbox and the queue of result copies, all kept in {@code tasks}: a record's delivery
 * is a few of its columns, and a delivery is due when its {@code delivery_due_at} has come and its state is not final;
 * its result copies are three more ({@link ResultsColumn}), due when their {@code results_due_at} has come while they
 * are being made or are to be deleted.
 *
 * <p>Finished records are also kept in memory, a bounded number of them ({@value #FINISHED_KEPT}), and looked up
 * there first: a record whose task is over (completed or failed), whose webhook, if any, is final (delivered,
 * stopped or given up) and whose result copies, if any, are settled with nothing more due (neither being made nor to
 * be deleted) can no longer change in any way a client sees — a task never moves back, a final delivery is never
 * attempted again, and settled copies are never acted on again — on this instance or any other that shares the
 * database. So no copy kept here ever needs to be invalidated, and several instances need not tell one another
 * anything about them. Only the time the provider was last asked ({@code checked_at}) may still move, when the
 * provider repeats itself about a finished task; that is no client's business, and this instance keeps its copy up to
 * date with its own updates.
 * A kept record is still answered to its owner only.
 */
final class SqlTaskRecords implements TaskRecords, WebhookOutbox {

    /** How many finished records are kept in memory, at most (about 1 KB each). */
    static final int FINISHED_KEPT = 100_000;

    static final String INSERT = "INSERT INTO tasks (" + TaskRows.COLUMNS + ") "
            + "VALUES (" + TaskRows.PLACEHOLDERS + ") ON CONFLICT (task_id) DO NOTHING";
    /**
     * The rows of {@link #INSERT}, for a many-row statement of PostgreSQL (see {@link ManyRows}): one typed array per
     * column of {@link TaskRows#COLUMNS}, in its order.
     */
    static final String UNNESTED_ROWS = "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::integer[], ?::bigint[], "
            + "?::integer[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[])";
    private static final String SELECT = "SELECT " + TaskRows.COLUMNS + " FROM tasks";
    static final String BY_ID = SELECT + " WHERE task_id = ?";
    private static final String UPDATE = "UPDATE tasks SET " + TaskRows.SET_CHANGEABLE + " WHERE task_id = ?";
    static final String NEWEST_OF_OWNER = SELECT
            + " WHERE owner = ? ORDER BY created_at DESC, task_id DESC LIMIT ?";
    // The conditions below repeat those of the partial indexes tasks_delivery_due, tasks_results_due and
    // tasks_awaited word for word, so that SQLite, too, sees that the index covers the query. 'WAITING' and 'RETRYING'
    // are the deliveries that are not final (WebhookDelivery.isFinal); 'COPYING' and 'COPIED' the copies that may be
    // due (ResultCopies.dueAt); 'WANTED' the copies of a task that has not completed; 'COMPLETED' and 'FAILED' the
    // finished tasks (TaskStatus.isTerminal).
    static final String DUE = SELECT
            + " WHERE delivery_due_at IS NOT NULL AND delivery_state IN ('WAITING', 'RETRYING')"
            + " AND delivery_due_at <= ? ORDER BY delivery_due_at, task_id LIMIT ?";
    private static final String LEASE = "UPDATE tasks SET delivery_due_at = ? WHERE task_id = ?";
    static final String COPIES_DUE = SELECT
            + " WHERE results_due_at IS NOT NULL AND results_state IN ('COPYING', 'COPIED')"
            + " AND results_due_at <= ? ORDER BY results_due_at, task_id LIMIT ?";
    private static final String LEASE_COPIES = "UPDATE tasks SET results_due_at = ? WHERE task_id = ?";
    static final String AWAITED = SELECT
            + " WHERE (delivery_state = 'WAITING' OR results_state = 'WANTED')"
            + " AND status NOT IN ('COMPLETED', 'FAILED') ORDER BY created_at, task_id LIMIT ?";

    private final Database database;
    private final TaskChangeNotices notices;
    private final Cache<TaskId, TaskRecord> finished;
    /** Not this object itself, whose {@code claimDue} is the outbox's. */
    private final ResultQueue results = this::claimDueCopies;

    SqlTaskRecords(Database database, TaskChangeNotices notices) {
        this(database, notices, FINISHED_KEPT);
    }

    SqlTaskRecords(Database database, TaskChangeNotices notices, int finishedKept) {
        this.database = Objects.requireNonNull(database, "database");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.finished = Caffeine.newBuilder().maximumSize(finishedKept).build();
    }

    /** Whether {@code record} can no longer change in a way a client sees (see the class's description). */
    static boolean isFinished(TaskRecord record) {
        return record.task().isTerminal() && record.webhook().map(delivery -> delivery.isFinal()).orElse(true)
                && !record.results().isPending() && record.results().dueAt().isEmpty();
    }

    /** The queue of result copies, kept in the same rows. */
    ResultQueue results() {
        return results;
    }

    @Override
    public CompletionStage<Void> remember(TaskRecord record) {
        Objects.requireNonNull(record, "record");
        return database.answer(database.write(INSERT, TaskRows.values(record)).mapEmpty());
    }

    /** Read by id alone, the owner compared here: the same row, and one statement for both lookups. */
    @Override
    public CompletionStage<Optional<TaskRecord>> find(Owner owner, TaskId id) {
        Objects.requireNonNull(owner, "owner");
        return findById(id).thenApply(found -> found.filter(record -> record.owner().equals(owner)));
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> findById(TaskId id) {
        TaskRecord kept = finished.getIfPresent(id);
        if (kept != null) {
            return CompletableFuture.completedFuture(Optional.of(kept));
        }
        return database.answer(database.read(BY_ID, arguments(id.value())).map(rows -> {
            Optional<TaskRecord> found = first(rows);
            found.filter(SqlTaskRecords::isFinished).ifPresent(record -> finished.put(id, record));
            return found;
        }));
    }

    /** Reads the row and writes it back changed in one transaction that holds it (a row lock, or the whole file). */
    @Override
    public CompletionStage<Optional<Change>> update(TaskId id, UnaryOperator<TaskRecord> change) {
        Objects.requireNonNull(change, "change");
        return database.answer(database.inTransaction(transaction -> transaction
                .run(BY_ID + database.dialect().lockRow(), arguments(id.value()))
                .map(SqlTaskRecords::first)
                .compose(before -> before.isEmpty()
                        ? Future.succeededFuture(Optional.<Change>empty())
                        : write(transaction, new Change(before.get(), changed(before.get(), change)))
                                .map(Optional::of)))
                .map(done -> {
                    // After the commit: what is kept is only ever what the database holds.
                    done.ifPresent(committed -> keep(committed.after()));
                    return done;
                }));
    }

    private void keep(TaskRecord record) {
        if (isFinished(record)) {
            finished.put(record.task().id(), record);
        } else {
            finished.invalidate(record.task().id());
        }
    }

    private static TaskRecord changed(TaskRecord before, UnaryOperator<TaskRecord> change) {
        TaskRecord after = Objects.requireNonNull(change.apply(before), "the changed record");
        if (!after.task().id().equals(before.task().id()) || !after.owner().equals(before.owner())) {
            throw new IllegalArgumentException("an update keeps the task's id and owner");
        }
        return after;
    }

    private Future<Change> write(Transaction transaction, Change change) {
        if (change.after().equals(change.before())) {
            return Future.succeededFuture(change);
        }
        Future<Void> written = transaction.run(UPDATE, TaskRows.changes(change.after())).mapEmpty();
        // The other instances act on a task's state and its webhook's delivery; a new check time alone (a claim, a
        // poll that heard nothing new) is not announced, or every check would make every instance read the record.
        if (change.after().checked(change.before().checkedAt()).equals(change.before())) {
            return written.map(change);
        }
        return written.compose(updated -> notices.announce(transaction, change.after().task().id())).map(change);
    }

    @Override
    public CompletionStage<List<TaskRecord>> list(Owner owner) {
        return database.answer(database.read(NEWEST_OF_OWNER, arguments(owner.value(), (long) LIST_LIMIT))
                .map(SqlTaskRecords::all));
    }

    // The webhook outbox

    @Override
    public CompletionStage<List<TaskRecord>> claimDue(Instant now, Instant leaseUntil, int limit) {
        return claim(DUE, LEASE, now, leaseUntil, limit,
                record -> record.withDelivery(record.webhook().orElseThrow().dueAt(leaseUntil)));
    }

    // The queue of result copies

    private CompletionStage<List<TaskRecord>> claimDueCopies(Instant now, Instant leaseUntil, int limit) {
        return claim(COPIES_DUE, LEASE_COPIES, now, leaseUntil, limit,
                record -> record.withResults(record.results().dueAt(leaseUntil), now));
    }

    /**
     * Selects the rows that {@code due} finds due at {@code now} and moves them to {@code leaseUntil} with
     * {@code lease}, in one transaction: on PostgreSQL the selected rows stay locked until it commits, and concurrent
     * claims skip them; on SQLite the transaction holds the file. Returns each as {@code leased} makes it, which is
     * what the database then holds.
     */
    private CompletionStage<List<TaskRecord>> claim(String due, String lease, Instant now, Instant leaseUntil,
            int limit, UnaryOperator<TaskRecord> leased) {
        return database.answer(database.inTransaction(transaction -> transaction
                .run(due + database.dialect().claimRows(), arguments(now.toEpochMilli(), (long) limit))
                .map(SqlTaskRecords::all)
                .compose(claimed -> {
                    List<List<Object>> leases = new ArrayList<>(claimed.size());
                    List<TaskRecord> records = new ArrayList<>(claimed.size());
                    for (TaskRecord record : claimed) {
                        leases.add(arguments(leaseUntil.toEpochMilli(), record.task().id().value()));
                        records.add(leased.apply(record));
                    }
                    return transaction.runEach(lease, leases).map(done -> List.copyOf(records));
                })));
    }

    @Override
    public CompletionStage<List<TaskRecord>> awaitingTasks(int limit) {
        return database.answer(database.read(AWAITED, arguments((long) limit)).map(SqlTaskRecords::all));
    }

    private static Optional<TaskRecord> first(Rows rows) {
        return rows.first().map(TaskRows::record);
    }

    private static List<TaskRecord> all(Rows rows) {
        List<TaskRecord> records = new ArrayList<>(rows.size());
        rows.forEach(row -> records.add(TaskRows.record(row)));
        return List.copyOf(records);
    }
}
