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
 * PostgreSQL through the reactive Vert.x pool, with <em>group commit</em> of single-statement writes: the writes of
 * one statement text that callers ask for while an earlier batch of it is on its way are sent together, as one
 * batch ({@code executeBatch}: every execution, then one {@code Sync}), which PostgreSQL runs as one implicit
 * transaction: one round trip, one commit and one flush of the write-ahead log for all of them, where each write
 * on its own cost all three. That is what bounds a durable submit (two writes) on a small machine: PostgreSQL's own
 * work per transaction and the wake-ups of both sides, not the disk. A batch that PostgreSQL refuses was rolled back
 * whole, so its writes are then run again one by one, and only the write at fault fails. Reads and transactions go
 * to the pool as they come.
 *
 * <p>Transactions are plain {@code BEGIN}/{@code COMMIT}/{@code ROLLBACK} statements on one connection, as they
 * always were here (the pool's {@code withTransaction} left JDBC connections uncommitted in vertx-jdbc-client,
 * vert-x3/vertx-jdbc-client#356).
 */
final class PgEngine implements Engine {

    /** The most writes sent in one batch: bounds how long the last of them waits for the others' execution. */
    private static final int MOST_WRITES_PER_BATCH = 256;
    /**
     * The most batches of one statement on their way at once: two, so that PostgreSQL executes one while the other
     * travels or commits. Batches of one statement that wait for each other (two submissions racing under one
     * idempotency key, in two batches) are a deadlock that PostgreSQL breaks after a second; the losing batch is then
     * run again write by write, and the race settles as it does without batches.
     */
    private static final int MOST_BATCHES_PER_STATEMENT = 2;

    private final Vertx vertx;
    private final Pool pool;
    private final Dialect dialect;
    /** The most batches on their way at once, of all statements together. */
    private final int mostBatchesOnTheirWay;
    /** Statements with their placeholders numbered, by their text as written: computed once each. */
    private final Map<String, String> numbered = new ConcurrentHashMap<>();
    /** Guarded by itself, as are the two fields below: the writes waiting for their batch, by statement. */
    private final Map<String, ArrayDeque<Write>> waiting = new LinkedHashMap<>();
    /** How many batches of each statement are on their way (statements with none are absent). */
    private final Map<String, Integer> onTheirWay = new HashMap<>();
    private int batchesOnTheirWay;

    /** @param mostBatchesOnTheirWay the pool's size leaves connections to reads and transactions if smaller */
    PgEngine(Vertx vertx, Pool pool, Dialect dialect, int mostBatchesOnTheirWay) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        if (mostBatchesOnTheirWay < 1) {
            throw new IllegalArgumentException("mostBatchesOnTheirWay must be at least 1");
        }
        this.mostBatchesOnTheirWay = mostBatchesOnTheirWay;
    }

    @Override
    public Future<Rows> read(String statement, List<Object> arguments) {
        return run(pool, statement, arguments);
    }

    @Override
    public Future<Rows> write(String statement, List<Object> arguments) {
        Write write = new Write(Tuple.wrap(new ArrayList<>(arguments)), new Answer<>(vertx));
        synchronized (waiting) {
            waiting.computeIfAbsent(statement, any -> new ArrayDeque<>()).add(write);
        }
        sendWhatWaits();
        return write.answer.future();
    }

    /** Sends batches of the statements that have writes waiting, as far as the limits allow. */
    private void sendWhatWaits() {
        while (true) {
            String statement = null;
            List<Write> batch = null;
            synchronized (waiting) {
                if (batchesOnTheirWay >= mostBatchesOnTheirWay) {
                    return;
                }
                for (Map.Entry<String, ArrayDeque<Write>> entry : waiting.entrySet()) {
                    if (onTheirWay.getOrDefault(entry.getKey(), 0) < MOST_BATCHES_PER_STATEMENT) {
                        statement = entry.getKey();
                        batch = take(entry.getValue());
                        if (entry.getValue().isEmpty()) {
                            waiting.remove(statement);
                        }
                        onTheirWay.merge(statement, 1, Integer::sum);
                        batchesOnTheirWay++;
                        break;
                    }
                }
            }
            if (batch == null) {
                return;
            }
            String sent = statement;
            send(statement, batch).onComplete(done -> {
                synchronized (waiting) {
                    onTheirWay.computeIfPresent(sent, (any, count) -> count == 1 ? null : count - 1);
                    batchesOnTheirWay--;
                }
                sendWhatWaits();
            });
        }
    }

    private static List<Write> take(ArrayDeque<Write> queue) {
        List<Write> batch = new ArrayList<>(Math.min(queue.size(), MOST_WRITES_PER_BATCH));
        while (!queue.isEmpty() && batch.size() < MOST_WRITES_PER_BATCH) {
            batch.add(queue.poll());
        }
        return batch;
    }

    /** Sends {@code batch}; completes once each of its writes has its answer. */
    private Future<Void> send(String statement, List<Write> batch) {
        if (batch.size() == 1) {
            Write write = batch.get(0);
            return pool.preparedQuery(placeholders(statement)).execute(write.arguments).transform(executed -> {
                if (executed.succeeded()) {
                    write.answer.succeed(rows(executed.result()));
                } else {
                    write.answer.fail(executed.cause());
                }
                write.answer.deliver();
                return Future.succeededFuture();
            });
        }
        List<Tuple> tuples = new ArrayList<>(batch.size());
        List<Answer<?>> answers = new ArrayList<>(batch.size());
        batch.forEach(write -> {
            tuples.add(write.arguments);
            answers.add(write.answer);
        });
        return pool.preparedQuery(placeholders(statement)).executeBatch(tuples).transform(executed -> {
            if (executed.succeeded()) {
                RowSet<Row> each = executed.result();
                for (Write write : batch) {
                    write.answer.succeed(rows(each));
                    each = each.next();
                }
                Answer.deliver(answers);
                return Future.succeededFuture();
            }
            if (executed.cause() instanceof PgException) {
                // Refused by PostgreSQL, so the whole batch was rolled back: one by one, only the faulty write fails.
                return Future.join(batch.stream().map(write -> send(statement, List.of(write))).toList())
                        .<Void>mapEmpty().otherwiseEmpty();
            }
            // The connection failed: nobody knows which writes committed, so none is run again.
            batch.forEach(write -> write.answer.fail(executed.cause()));
            Answer.deliver(answers);
            return Future.succeededFuture();
        });
    }

    /** A write waiting for its batch, answered when the batch is. */
    private record Write(Tuple arguments, Answer<Rows> answer) {
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
