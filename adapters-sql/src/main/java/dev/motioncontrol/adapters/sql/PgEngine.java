package dev.motioncontrol.adapters.sql;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * PostgreSQL through the reactive Vert.x pool, with <em>group commit</em> of single-statement writes: the writes that
 * callers ask for while an earlier transaction of writes is on its way are sent together, in one transaction, with
 * one commit and one flush of the write-ahead log for all of them. On a small machine that flush is what a durable
 * write waits for: PostgreSQL flushes for one transaction at a time, and under load each flush took 1 to 2 ms, so
 * writes that each commit on their own (or in one batch per statement, as here before) cap a durable submit (two
 * writes) at a few thousand a second whatever the CPU can do.
 *
 * <p>In a transaction, the writes of one statement go as one batch ({@code executeBatch}), or as one statement for all
 * of them when the statement has a {@link ManyRows many-row form}; the statements, {@code BEGIN} and {@code COMMIT}
 * are pipelined on one connection, so the transaction costs one round trip. A transaction of a single statement is
 * left implicit. A transaction that PostgreSQL refuses was rolled back whole, so its writes are then run again,
 * statement by statement and, should one still be refused, one by one: only the write at fault fails. A connection
 * that fails leaves unknown which writes committed, so none is run again: each fails. Two transactions of writes that
 * wait for each other's rows (two submissions racing under one idempotency key, in crossed order) are a deadlock
 * that PostgreSQL breaks after a second; the losing transaction is then run again as above, and the race settles as
 * it does without group commit.
 *
 * <p>Reads and explicit transactions go to the pool as they come. Those transactions are plain
 * {@code BEGIN}/{@code COMMIT}/{@code ROLLBACK} statements on one connection, as they always were here (the pool's
 * {@code withTransaction} left JDBC connections uncommitted in vertx-jdbc-client, vert-x3/vertx-jdbc-client#356).
 */
final class PgEngine implements Engine {

    /** The most writes sent in one transaction: bounds how long the last of them waits for the others. */
    private static final int MOST_WRITES_PER_TRANSACTION = 512;

    private final Vertx vertx;
    private final Pool pool;
    private final Dialect dialect;
    /** The most transactions of writes on their way at once. */
    private final int mostTransactionsOnTheirWay;
    /** Statements with their placeholders numbered, by their text as written: computed once each. */
    private final Map<String, String> numbered = new ConcurrentHashMap<>();
    /** The many-row forms of the one-row statements that have one, by the one-row form's text. */
    private final Map<String, ManyRows> manyRows = new ConcurrentHashMap<>();
    /** Guarded by itself, as is the field below: the writes waiting for their transaction, by statement. */
    private final Map<String, ArrayDeque<Write>> waiting = new LinkedHashMap<>();
    private int transactionsOnTheirWay;

    /** @param mostTransactionsOnTheirWay the pool's size leaves connections to reads and transactions if larger */
    PgEngine(Vertx vertx, Pool pool, Dialect dialect, int mostTransactionsOnTheirWay) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        if (mostTransactionsOnTheirWay < 1) {
            throw new IllegalArgumentException("mostTransactionsOnTheirWay must be at least 1");
        }
        this.mostTransactionsOnTheirWay = mostTransactionsOnTheirWay;
    }

    @Override
    public Future<Rows> read(String statement, List<Object> arguments) {
        return run(pool, statement, arguments);
    }

    /** Batches of more than one write run in the many-row form. */
    @Override
    public Future<Rows> write(ManyRows statement, List<Object> arguments) {
        manyRows.putIfAbsent(statement.oneRow(), statement);
        return write(statement.oneRow(), arguments);
    }

    @Override
    public Future<Rows> write(String statement, List<Object> arguments) {
        Write write = new Write(new ArrayList<>(arguments), new Answer<>(vertx));
        synchronized (waiting) {
            waiting.computeIfAbsent(statement, any -> new ArrayDeque<>()).add(write);
        }
        sendWhatWaits();
        return write.answer.future();
    }

    /** Sends what waits, in transactions, as far as the limit allows. */
    private void sendWhatWaits() {
        while (true) {
            Map<String, List<Write>> transaction;
            synchronized (waiting) {
                if (waiting.isEmpty() || transactionsOnTheirWay >= mostTransactionsOnTheirWay) {
                    return;
                }
                transaction = take();
                transactionsOnTheirWay++;
            }
            send(transaction).onComplete(done -> {
                synchronized (waiting) {
                    transactionsOnTheirWay--;
                }
                sendWhatWaits();
            });
        }
    }

    /** Takes the writes that wait, up to {@link #MOST_WRITES_PER_TRANSACTION}, by statement. Holds the lock. */
    private Map<String, List<Write>> take() {
        Map<String, List<Write>> taken = new LinkedHashMap<>();
        int count = 0;
        for (var statements = waiting.entrySet().iterator(); statements.hasNext()
                && count < MOST_WRITES_PER_TRANSACTION;) {
            Map.Entry<String, ArrayDeque<Write>> statement = statements.next();
            ArrayDeque<Write> queue = statement.getValue();
            List<Write> writes = new ArrayList<>(Math.min(queue.size(), MOST_WRITES_PER_TRANSACTION - count));
            while (!queue.isEmpty() && count < MOST_WRITES_PER_TRANSACTION) {
                writes.add(queue.poll());
                count++;
            }
            taken.put(statement.getKey(), writes);
            if (queue.isEmpty()) {
                statements.remove();
            }
        }
        return taken;
    }

    /** Sends the writes of one transaction; completes once each of them has its answer. */
    private Future<Void> send(Map<String, List<Write>> transaction) {
        if (transaction.size() == 1) {
            Map.Entry<String, List<Write>> only = transaction.entrySet().iterator().next();
            return send(only.getKey(), only.getValue());
        }
        List<Write> writes = new ArrayList<>();
        transaction.values().forEach(writes::addAll);
        // Everything that could throw is done before a connection is taken: one given back between BEGIN and COMMIT
        // would still be in the transaction.
        List<Execution> executions = new ArrayList<>(transaction.size());
        try {
            transaction.forEach((statement, theirs) -> executions.add(prepare(statement, theirs)));
        } catch (RuntimeException bug) {
            failed(writes, bug);
            return Future.succeededFuture();
        }
        // Pipelined on one connection: BEGIN, each statement's writes, COMMIT, sent without waiting for the answers.
        // A statement refused leaves the transaction aborted, and its COMMIT then rolls back without failing.
        List<Future<?>> begun = new ArrayList<>(1);
        Future<Void> committed = pool.withConnection(connection -> {
            begun.add(connection.query("BEGIN").execute());
            List<Future<Void>> executed = new ArrayList<>(executions.size());
            executions.forEach(execution -> executed.add(execution.run(connection)));
            Future<RowSet<Row>> commit = connection.query("COMMIT").execute();
            return Future.all(begun.get(0), Future.all(executed)).compose(all -> commit).mapEmpty();
        });
        return committed.transform(done -> {
            if (done.succeeded()) {
                deliver(writes);
                return Future.succeededFuture();
            }
            boolean begunFine = !begun.isEmpty() && begun.get(0).succeeded();
            if (begunFine && refusedByPostgresql(done.cause())) {
                // Rolled back whole: each statement's writes on their own, so that only the faulty write fails.
                return Future.join(transaction.entrySet().stream()
                        .map(statement -> send(statement.getKey(), statement.getValue())).toList())
                        .<Void>mapEmpty().otherwiseEmpty();
            }
            failed(writes, done.cause());
            return Future.succeededFuture();
        });
    }

    /** Sends the writes of one statement, in an implicit transaction; completes once each has its answer. */
    private Future<Void> send(String statement, List<Write> writes) {
        if (writes.size() == 1) {
            Write write = writes.get(0);
            return pool.preparedQuery(placeholders(statement)).execute(Tuple.wrap(write.arguments))
                    .transform(executed -> {
                        if (executed.succeeded()) {
                            write.answer.succeed(rows(executed.result()));
                        } else {
                            write.answer.fail(executed.cause());
                        }
                        write.answer.deliver();
                        return Future.succeededFuture();
                    });
        }
        Execution execution;
        try {
            execution = prepare(statement, writes);
        } catch (RuntimeException bug) {
            failed(writes, bug);
            return Future.succeededFuture();
        }
        return execution.run(pool).transform(done -> {
            if (done.succeeded()) {
                deliver(writes);
                return Future.succeededFuture();
            }
            if (refusedByPostgresql(done.cause())) {
                // Rolled back whole: one by one, so that only the faulty write fails.
                return Future.join(writes.stream().map(write -> send(statement, List.of(write))).toList())
                        .<Void>mapEmpty().otherwiseEmpty();
            }
            failed(writes, done.cause());
            return Future.succeededFuture();
        });
    }

    /**
     * A statement that PostgreSQL refused (severity {@code ERROR}), which rolled back its transaction. After any
     * other failure (the connection failed; a {@code FATAL}, which may come after a commit) nobody knows which writes
     * committed, so none is run again.
     */
    private static boolean refusedByPostgresql(Throwable failure) {
        return failure instanceof PgException refused && "ERROR".equals(refused.getSeverity());
    }

    /** The writes of one statement, in its many-row form if it has one, or as a batch of one-row executions. */
    private Execution prepare(String statement, List<Write> writes) {
        ManyRows many = manyRows.get(statement);
        if (many == null) {
            List<Tuple> tuples = new ArrayList<>(writes.size());
            writes.forEach(write -> tuples.add(Tuple.wrap(write.arguments)));
            return new Execution(placeholders(statement), writes, null, tuples);
        }
        List<List<Object>> rows = new ArrayList<>(writes.size());
        writes.forEach(write -> rows.add(write.arguments));
        return new Execution(placeholders(many.manyRows()), writes, many, List.of(Tuple.wrap(many.arguments(rows))));
    }

    /**
     * The writes of one statement, ready to run: their arguments worked out, as one tuple for the many-row form
     * ({@code many} not null) or one per write.
     */
    private record Execution(String sql, List<Write> writes, ManyRows many, List<Tuple> tuples) {

        /** Runs the writes on {@code client}, keeping their answers if they succeed. */
        Future<Void> run(SqlClient client) {
            if (many == null) {
                return client.preparedQuery(sql).executeBatch(tuples).map(executed -> {
                    RowSet<Row> each = executed;
                    for (Write write : writes) {
                        write.answer.succeed(rows(each));
                        each = each.next();
                    }
                    return null;
                });
            }
            return client.preparedQuery(sql).execute(tuples.get(0)).map(executed -> {
                // How many rows of each key it wrote: of writes that share a key, the first ones were written.
                Map<Object, Integer> written = new HashMap<>(executed.size() * 2);
                executed.forEach(row -> written.merge(row.getValue(0), 1, Integer::sum));
                for (Write write : writes) {
                    Integer left = written.computeIfPresent(write.arguments.get(many.key()), (key, count) -> count - 1);
                    write.answer.succeed(Rows.changed(left == null || left < 0 ? 0 : 1));
                }
                return null;
            });
        }
    }

    private static void failed(List<Write> writes, Throwable failure) {
        writes.forEach(write -> write.answer.fail(failure));
        deliver(writes);
    }

    private static void deliver(List<Write> batch) {
        List<Answer<?>> answers = new ArrayList<>(batch.size());
        batch.forEach(write -> answers.add(write.answer));
        Answer.deliver(answers);
    }

    /** A write waiting for its transaction, answered when the transaction is. */
    private record Write(List<Object> arguments, Answer<Rows> answer) {
    }

    @Override
    public <T> Future<T> inTransaction(Function<Transaction, Future<T>> work) {
        return pool.withConnection(connection -> connection.query(dialect.begin()).execute()
                .compose(begun -> attempt(() -> work.apply(transaction(connection))))
                .transform(outcome -> outcome.succeeded()
                        ? connection.query("COMMIT").execute()
                                .recover(failure -> rollBack(connection, failure))
                                .map(committed -> outcome.result())
                        : rollBack(connection, outcome.cause())));
    }

    private Transaction transaction(SqlConnection connection) {
        return new Transaction() {
            @Override
            public Future<Rows> run(String statement, List<Object> arguments) {
                return PgEngine.this.run(connection, statement, arguments);
            }

            @Override
            public Future<Void> runEach(String statement, List<List<Object>> arguments) {
                if (arguments.isEmpty()) {
                    return Future.succeededFuture();
                }
                List<Tuple> tuples = new ArrayList<>(arguments.size());
                arguments.forEach(each -> tuples.add(Tuple.wrap(each)));
                return connection.preparedQuery(placeholders(statement)).executeBatch(tuples).mapEmpty();
            }
        };
    }

    private Future<Rows> run(SqlClient client, String statement, List<Object> arguments) {
        return client.preparedQuery(placeholders(statement)).execute(Tuple.wrap(arguments)).map(PgEngine::rows);
    }

    private String placeholders(String statement) {
        return numbered.computeIfAbsent(statement, dialect::placeholders);
    }

    private static Rows rows(RowSet<Row> rowSet) {
        if (rowSet.size() == 0) {
            return Rows.changed(rowSet.rowCount());
        }
        List<String> names = rowSet.columnsNames();
        Map<String, Integer> columns = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            columns.put(names.get(i), i);
        }
        List<Rows.Row> rows = new ArrayList<>(rowSet.size());
        for (Row row : rowSet) {
            Object[] values = new Object[names.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.getValue(i);
            }
            rows.add(new Rows.Row(columns, values));
        }
        return new Rows(rows, rowSet.rowCount());
    }

    private static <T> Future<T> rollBack(SqlConnection connection, Throwable failure) {
        return connection.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(failure));
    }

    private static <T> Future<T> attempt(Supplier<Future<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }
}
