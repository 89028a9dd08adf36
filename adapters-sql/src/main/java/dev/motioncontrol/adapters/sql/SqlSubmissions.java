package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.Engine.arguments;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import dev.motioncontrol.application.port.out.Submissions;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Future;
import dev.motioncontrol.adapters.sql.Rows.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The submissions journal in {@code submissions}. An idempotency key is unique per owner by a unique index of the
 * table ({@code submissions_by_key}), so that of two submissions racing under one key, on one instance or several,
 * the database lets exactly one in.
 */
final class SqlSubmissions implements Submissions {

    private static final String COLUMNS = "submission_id, owner, idempotency_key, fingerprint, model, tier, "
            + "started_at, pending_until, keep_until, state, task_id, reason";
    // The conditions "idempotency_key IS NOT NULL" repeat those of the partial indexes submissions_by_key and
    // submissions_keep_until word for word, so that both engines see that the index serves the statement.
    private static final String INSERT_ONE = "INSERT INTO submissions (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UNNESTED_ROWS = "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[])";
    private static final String UNLESS_KEY_TAKEN =
            " ON CONFLICT (owner, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";
    /** A submission with a key, unless its owner has one under that key already. */
    static final ManyRows INSERT_WITH_KEY = ManyRows.of(INSERT_ONE + UNLESS_KEY_TAKEN,
            "INSERT INTO submissions (" + COLUMNS + ") " + UNNESTED_ROWS + UNLESS_KEY_TAKEN
                    + " RETURNING submission_id", 0);
    /** A submission without a key, which nothing can conflict with. */
    static final ManyRows INSERT_WITHOUT_KEY = ManyRows.of(INSERT_ONE,
            "INSERT INTO submissions (" + COLUMNS + ") " + UNNESTED_ROWS + " RETURNING submission_id", 0);
    static final String BY_KEY = "SELECT " + COLUMNS + " FROM submissions "
            + "WHERE owner = ? AND idempotency_key = ? AND idempotency_key IS NOT NULL";
    private static final String SETTLE = "UPDATE submissions SET state = ?, task_id = ?, reason = ? "
            + "WHERE submission_id = ?";
    private static final String FORGET = "DELETE FROM submissions WHERE submission_id = ?";
    /** The submission is settled only if the task was new: a task id recorded before is no new task. */
    private static final String UNLESS_TASK_KNOWN = " AND EXISTS (SELECT 1 FROM remembered)";
    /**
     * PostgreSQL: the task recorded and the submission settled (or forgotten) in one statement: one round trip,
     * one implicit transaction. Concurrent ones run as one statement for all their rows, which leaves out the
     * {@code ON CONFLICT} of the one-row form: each row would pay for a speculative insertion, for a task id that the
     * provider never repeats. Should it, the many-row statement fails, and its rows are written again one by one:
     * the one-row form then settles nothing for the repeated task (see {@link #created}).
     */
    static final ManyRows CREATED_IN_ONE_STATEMENT = ManyRows.of(
            "WITH remembered AS (" + SqlTaskRecords.INSERT + " RETURNING task_id) " + SETTLE + UNLESS_TASK_KNOWN,
            "WITH remembered AS (INSERT INTO tasks (" + TaskRows.COLUMNS + ") " + SqlTaskRecords.UNNESTED_ROWS
                    + ") UPDATE submissions SET state = settled.state, "
                    + "task_id = settled.task_id, reason = settled.reason "
                    + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) "
                    + "AS settled (state, task_id, reason, submission_id) "
                    + "WHERE submissions.submission_id = settled.submission_id RETURNING submissions.submission_id",
            TaskRows.COLUMN_COUNT + 3);
    static final ManyRows CREATED_AND_FORGOTTEN_IN_ONE_STATEMENT = ManyRows.of(
            "WITH remembered AS (" + SqlTaskRecords.INSERT + " RETURNING task_id) " + FORGET + UNLESS_TASK_KNOWN,
            "WITH remembered AS (INSERT INTO tasks (" + TaskRows.COLUMNS + ") " + SqlTaskRecords.UNNESTED_ROWS
                    + ") DELETE FROM submissions WHERE submission_id = ANY (?::text[]) RETURNING submission_id",
            TaskRows.COLUMN_COUNT);
    static final String FORGET_STALE_WITHOUT_KEY = "DELETE FROM submissions "
            + "WHERE state = 'PENDING' AND pending_until < ? AND idempotency_key IS NULL RETURNING " + COLUMNS;
    static final String SETTLE_STALE = "UPDATE submissions SET state = 'UNCERTAIN', reason = ? "
            + "WHERE state = 'PENDING' AND pending_until < ? RETURNING " + COLUMNS;
    static final String FORGET_EXPIRED = "DELETE FROM submissions "
            + "WHERE keep_until < ? AND idempotency_key IS NOT NULL";
    /**
     * How often {@link #begin} looks again when the submission that held its key was forgotten between its insert
     * and its look: each time, someone else abandoned the key in that instant.
     */
    private static final int BEGIN_ATTEMPTS = 3;

    private final Database database;
    SqlSubmissions(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public CompletionStage<Begun> begin(Submission submission) {
        Objects.requireNonNull(submission, "submission");
        return database.answer(begin(submission, BEGIN_ATTEMPTS));
    }

    private Future<Begun> begin(Submission submission, int attempts) {
        ManyRows insert = submission.idempotencyKey().isPresent() ? INSERT_WITH_KEY : INSERT_WITHOUT_KEY;
        return database.write(insert, values(submission)).compose(inserted -> {
            if (inserted.changed() == 1) {
                return Future.succeededFuture(new Begun.Started(submission));
            }
            List<Object> key = arguments(submission.owner().value(), submission.idempotencyKey().orElseThrow());
            return database.read(BY_KEY, key).compose(existing -> {
                if (existing.size() > 0) {
                    return Future.succeededFuture(new Begun.Existing(submission(existing.rows().get(0))));
                }
                return attempts > 1 ? begin(submission, attempts - 1)
                        : Future.failedFuture(new StoreUnavailable("The service's store (" + database
                                + ") kept freeing and taking the idempotency key; try again"));
            });
        });
    }

    /**
     * Records the task and settles the submission in one transaction. A submission without a key is forgotten
     * rather than settled: nobody can ask for it again, and a row deleted costs less than a row updated (whose
     * every index would gain an entry).
     */
    @Override
    public CompletionStage<Boolean> created(Submission submission, TaskRecord task) {
        Objects.requireNonNull(task, "task");
        boolean keyed = submission.idempotencyKey().isPresent();
        List<Object> settled = keyed
                ? arguments(Submission.State.CREATED.name(), task.task().id().value(), null, submission.id())
                : arguments(submission.id());
        List<Object> taskValues = TaskRows.values(task);
        if (database.dialect() == Dialect.POSTGRESQL) {
            List<Object> both = new ArrayList<>(taskValues);
            both.addAll(settled);
            return database.answer(database.write(keyed ? CREATED_IN_ONE_STATEMENT
                    : CREATED_AND_FORGOTTEN_IN_ONE_STATEMENT, both).map(written -> written.changed() == 1));
        }
        // SQLite has no data-modifying WITH: two statements, in one transaction (its values worked out here, not on
        // the engine's one writer thread).
        return database.answer(database.inTransaction(connection -> connection.run(SqlTaskRecords.INSERT, taskValues)
                .compose(remembered -> remembered.changed() == 0 ? Future.succeededFuture(false)
                        : connection.run(keyed ? SETTLE : FORGET, settled).map(done -> true))));
    }

    /** Settles the submission, or forgets it if it has no key (see {@link #created}). */
    @Override
    public CompletionStage<Void> uncertain(Submission submission, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (submission.idempotencyKey().isEmpty()) {
            return abandon(submission.id());
        }
        return database.answer(database.write(SETTLE, arguments(Submission.State.UNCERTAIN.name(), null, reason,
                submission.id())).mapEmpty());
    }

    @Override
    public CompletionStage<Void> abandon(String submissionId) {
        return database.answer(database.write(FORGET, arguments(submissionId)).mapEmpty());
    }

    @Override
    public CompletionStage<List<Submission>> settleStale(Instant now) {
        long at = now.toEpochMilli();
        // Those without a key are forgotten, as they are once settled: nobody can ask for them again.
        return database.answer(database.inTransaction(transaction -> transaction.run(FORGET_STALE_WITHOUT_KEY,
                arguments(at)).compose(forgotten -> transaction.run(SETTLE_STALE, arguments(INTERRUPTED, at))
                        .map(settled -> {
                            List<Submission> all = new ArrayList<>(forgotten.size() + settled.size());
                            forgotten.forEach(row -> all.add(interrupted(submission(row))));
                            settled.forEach(row -> all.add(submission(row)));
                            all.sort(Comparator.comparing(Submission::startedAt));
                            return List.copyOf(all);
                        }))));
    }

    private static Submission interrupted(Submission pending) {
        return new Submission(pending.id(), pending.owner(), pending.idempotencyKey(), pending.fingerprint(),
                pending.modelTier(), pending.startedAt(), pending.pendingUntil(), pending.keepUntil(),
                Submission.State.UNCERTAIN, Optional.empty(), Optional.of(INTERRUPTED));
    }

    @Override
    public CompletionStage<Void> forgetExpired(Instant now) {
        return database.answer(database.write(FORGET_EXPIRED, arguments(now.toEpochMilli())).mapEmpty());
    }

    static List<Object> values(Submission submission) {
        return arguments(submission.id(), submission.owner().value(), submission.idempotencyKey().orElse(null),
                submission.fingerprint(), submission.modelTier().model().name(), submission.modelTier().tier().name(),
                submission.startedAt().toEpochMilli(), submission.pendingUntil().toEpochMilli(),
                submission.keepUntil().toEpochMilli(), submission.state().name(),
                submission.taskId().map(TaskId::value).orElse(null), submission.reason().orElse(null));
    }

    private static Submission submission(Row row) {
        return new Submission(row.string("submission_id"), new Owner(row.string("owner")),
                Optional.ofNullable(row.string("idempotency_key")), row.string("fingerprint"),
                ModelTier.of(Model.valueOf(row.string("model")), Tier.valueOf(row.string("tier"))),
                Instant.ofEpochMilli(row.longValue("started_at")), Instant.ofEpochMilli(row.longValue("pending_until")),
                Instant.ofEpochMilli(row.longValue("keep_until")), Submission.State.valueOf(row.string("state")),
                Optional.ofNullable(row.string("task_id")).map(TaskId::new),
                Optional.ofNullable(row.string("reason")));
    }
}
