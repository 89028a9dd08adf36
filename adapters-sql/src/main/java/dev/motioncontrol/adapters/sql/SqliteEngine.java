package dev.motioncontrol.adapters.sql;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite through its JDBC driver on threads of this engine's own, with <em>group commit</em>: one writer thread owns
 * the one connection that writes, takes every write queued since its last commit, and runs them all in one
 * {@code BEGIN IMMEDIATE ... COMMIT}, each write of several statements inside a {@code SAVEPOINT} of its own. A
 * write that fails is rolled back (to its savepoint) and fails alone; the others commit. Each write's future
 * completes only after the {@code COMMIT} returned, that is after the file was synced ({@code synchronous=FULL}):
 * one disk flush serves every write of the batch instead of one each, which is what bounds a durable SQLite's
 * writes per second. Reads run on reader threads, each with a connection of its own, beside the writer (the file
 * is written ahead, WAL, so readers and the writer do not block one another); they see every write whose future has
 * completed.
 *
 * <p>Hand-written because nothing on the JVM does this that we know of: the Vert.x JDBC pool, HikariCP and the
 * like hand each statement to a pooled connection and commit each transaction on its own (one disk flush each, and
 * one worker-thread hop per statement), and SQLite admits one writer at a time whatever the pool size.
 *
 * <p>Statements are prepared once per connection and kept. A transaction's work must complete with its statements
 * (it runs on the writer thread, whose statements complete at once): work that waits for anything else fails.
 * Futures complete on the Vert.x context of the caller, never on this engine's threads; a batch's answers are handed
 * over with one task per context ({@link Answer}).
 */
final class SqliteEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteEngine.class);
    /** The most writes committed together: bounds how long the first of them waits for the others. */
    private static final int MOST_WRITES_PER_COMMIT = 512;
    private static final AtomicInteger ENGINES = new AtomicInteger();
    /**
     * How many pages the file written ahead (WAL) grows to before the writer copies them into the database file (a
     * checkpoint, which the commit that crosses it runs): 10,000 pages of 4 KB, 40 MB, rather than SQLite's 1,000.
     * A checkpoint copies each page changed since the last one once, however often it changed, and flushes the
     * database file: fewer of them cost the one writer less (submits +5 to 10% in the load benchmark), for a WAL file
     * of at most about 40 MB, read again in well under a second after a crash.
     */
    private static final int WAL_PAGES_BEFORE_CHECKPOINT = 10_000;

    private final Vertx vertx;
    private final String name;
    private final BlockingQueue<Write<?>> writes = new LinkedBlockingQueue<>();
    private final Session writerSession;
    private final Thread writer;
    private final CompletableFuture<Void> writerStopped = new CompletableFuture<>();
    private final BlockingQueue<Session> readerSessions;
    private final ExecutorService readers;
    private final AutoCloseable heldUntilClosed;
    private volatile boolean closing;

    private SqliteEngine(Vertx vertx, DataSource dataSource, int readerCount, String name,
            AutoCloseable heldUntilClosed) throws SQLException {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.name = Objects.requireNonNull(name, "name");
        this.heldUntilClosed = Objects.requireNonNull(heldUntilClosed, "heldUntilClosed");
        int engine = ENGINES.incrementAndGet();
        List<Session> opened = new ArrayList<>();
        try {
            writerSession = new Session(dataSource.getConnection());
            writerSession.execute("PRAGMA wal_autocheckpoint=" + WAL_PAGES_BEFORE_CHECKPOINT);
            opened.add(writerSession);
            readerSessions = new ArrayBlockingQueue<>(readerCount);
            for (int i = 0; i < readerCount; i++) {
                Session reader = new Session(dataSource.getConnection());
                opened.add(reader);
                readerSessions.add(reader);
            }
        } catch (SQLException | RuntimeException e) {
            opened.forEach(Session::close);
            throw e;
        }
        AtomicInteger readerThreads = new AtomicInteger();
        readers = Executors.newFixedThreadPool(readerCount, task -> daemon(task,
                "motion-control-sqlite-" + engine + "-reader-" + readerThreads.incrementAndGet()));
        writer = daemon(this::writeUntilClosed, "motion-control-sqlite-" + engine + "-writer");
        writer.start();
    }

    /**
     * Opens the writer's connection and {@code readerCount} readers' on {@code dataSource} (whose configuration
     * holds the pragmas: WAL, synchronous, busy timeout, foreign keys). Blocking: call it off the event loop.
     *
     * @param heldUntilClosed released once the engine closed (the file's lock against a second process)
     */
    static SqliteEngine open(Vertx vertx, DataSource dataSource, int readerCount, String name,
            AutoCloseable heldUntilClosed) throws SQLException {
        return new SqliteEngine(vertx, dataSource, readerCount, name, heldUntilClosed);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public Future<Rows> read(String statement, List<Object> arguments) {
        Answer<Rows> answer = new Answer<>(vertx);
        if (closing) {
            answer.fail(closed());
            answer.deliver();
            return answer.future();
        }
        try {
            readers.execute(() -> {
                Session session = readerSessions.poll();
                try {
                    if (session == null) {
                        // Never: there are as many sessions as reader threads.
                        answer.fail(new IllegalStateException("no reader connection free"));
                        return;
                    }
                    answer.succeed(session.run(statement, arguments));
                } catch (SQLException | RuntimeException e) {
                    answer.fail(e);
                } finally {
                    if (session != null) {
                        readerSessions.add(session);
                    }
                    answer.deliver();
                }
            });
        } catch (RejectedExecutionException e) {
            answer.fail(closed());
            answer.deliver();
        }
        return answer.future();
    }

    @Override
    public Future<Rows> write(String statement, List<Object> arguments) {
        return queue(new Write<>(transaction -> transaction.run(statement, arguments), true, new Answer<>(vertx)));
    }

    @Override
    public <T> Future<T> inTransaction(Function<Transaction, Future<T>> work) {
        return queue(new Write<>(Objects.requireNonNull(work, "work"), false, new Answer<>(vertx)));
    }

    private <T> Future<T> queue(Write<T> write) {
        if (closing) {
            write.answer.fail(closed());
            write.answer.deliver();
            return write.answer.future();
        }
        writes.add(write);
        if (writerStopped.isDone()) {
            // The writer stopped between the check above and the queueing: whoever takes it out fails it.
            failQueued();
        }
        return write.answer.future();
    }

    private IllegalStateException closed() {
        return new IllegalStateException("the store is closed");
    }

    // The writer thread

    private void writeUntilClosed() {
        List<Write<?>> batch = new ArrayList<>();
        try {
            while (true) {
                Write<?> first = writes.take();
                if (first == Write.STOP) {
                    break;
                }
                batch.add(first);
                writes.drainTo(batch, MOST_WRITES_PER_COMMIT - 1);
                boolean stop = batch.remove(Write.STOP);
                commitTogether(batch);
                batch.clear();
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writerSession.close();
            writerStopped.complete(null);
            failQueued();
        }
    }

    private void failQueued() {
        for (Write<?> write = writes.poll(); write != null; write = writes.poll()) {
            if (write != Write.STOP) {
                write.answer.fail(closed());
                write.answer.deliver();
            }
        }
    }

    /** Runs {@code batch} in one transaction, each write in a savepoint, and completes each after the commit. */
    private void commitTogether(List<Write<?>> batch) {
        Transaction transaction = transactionOn(writerSession);
        try {
            writerSession.execute("BEGIN IMMEDIATE");
        } catch (SQLException | RuntimeException e) {
            batch.forEach(write -> write.answer.fail(e));
            answer(batch);
            return;
        }
        try {
            for (Write<?> write : batch) {
                if (write.oneStatement) {
                    write.runIn(transaction);
                    continue;
                }
                writerSession.execute("SAVEPOINT write");
                if (write.runIn(transaction)) {
                    writerSession.execute("RELEASE write");
                } else {
                    writerSession.execute("ROLLBACK TO write");
                    writerSession.execute("RELEASE write");
                }
            }
            writerSession.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            // The transaction itself failed (a savepoint, or the commit: the disk, the file's lock): nothing of it
            // is kept, and every write of it fails.
            LOG.debug("A group commit on {} failed", name, e);
            rollBackQuietly();
            batch.forEach(write -> write.fail(e));
            answer(batch);
            return;
        }
        answer(batch);
    }

    private static void answer(List<Write<?>> batch) {
        List<Answer<?>> answers = new ArrayList<>(batch.size());
        batch.forEach(write -> answers.add(write.answer));
        Answer.deliver(answers);
    }

    private void rollBackQuietly() {
        try {
            writerSession.execute("ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            // There was no transaction left to roll back (SQLite rolls back by itself on some errors).
            LOG.debug("Rolling back on {} failed", name, e);
        }
    }

    private static Transaction transactionOn(Session session) {
        return new Transaction() {
            @Override
            public Future<Rows> run(String statement, List<Object> arguments) {
                try {
                    return Future.succeededFuture(session.run(statement, arguments));
                } catch (SQLException | RuntimeException e) {
                    return Future.failedFuture(e);
                }
            }

            @Override
            public Future<Void> runEach(String statement, List<List<Object>> arguments) {
                try {
                    for (List<Object> each : arguments) {
                        session.run(statement, each);
                    }
                    return Future.succeededFuture();
                } catch (SQLException | RuntimeException e) {
                    return Future.failedFuture(e);
                }
            }
        };
    }

    @Override
    public Future<Void> close() {
        if (closing) {
            return Future.fromCompletionStage(writerStopped, vertx.getOrCreateContext());
        }
        closing = true;
        writes.add(Write.STOP);
        return vertx.executeBlocking(() -> {
            readers.shutdown();
            readers.awaitTermination(SqlStateStores.CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            writerStopped.get(SqlStateStores.CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (Session reader = readerSessions.poll(); reader != null; reader = readerSessions.poll()) {
                reader.close();
            }
            heldUntilClosed.close();
            return null;
        });
    }

    /** One write: its work, and its outcome kept in its answer until the commit. */
    private static final class Write<T> {

        static final Write<Void> STOP = new Write<>(transaction -> Future.succeededFuture(), true, null);

        final Function<Transaction, Future<T>> work;
        /**
         * One statement: it needs no savepoint, since SQLite undoes a failed statement's changes by itself and
         * keeps the transaction (two statements fewer for most writes).
         */
        final boolean oneStatement;
        final Answer<T> answer;
        private boolean failedByItself;

        Write(Function<Transaction, Future<T>> work, boolean oneStatement, Answer<T> answer) {
            this.work = work;
            this.oneStatement = oneStatement;
            this.answer = answer;
        }

        /** Runs the work and keeps its outcome; whether it succeeded (and may be kept). */
        boolean runIn(Transaction transaction) {
            Future<T> outcome;
            try {
                outcome = work.apply(transaction);
            } catch (RuntimeException e) {
                return failedBy(e);
            }
            if (!outcome.isComplete()) {
                return failedBy(new IllegalStateException("a SQLite transaction waited for something other than "
                        + "its statements"));
            }
            if (outcome.failed()) {
                return failedBy(outcome.cause());
            }
            answer.succeed(outcome.result());
            return true;
        }

        private boolean failedBy(Throwable failure) {
            failedByItself = true;
            answer.fail(failure);
            return false;
        }

        /** After a failed transaction: its own failure, or the transaction's. */
        void fail(Throwable transactionFailure) {
            if (!failedByItself) {
                answer.fail(transactionFailure);
            }
        }
    }

    /** One connection and the statements prepared on it; used by one thread at a time. */
    private static final class Session {

        private final Connection connection;
        private final Map<String, Prepared> prepared = new HashMap<>();

        Session(Connection connection) {
            this.connection = connection;
        }

        void execute(String statement) throws SQLException {
            run(statement, List.of());
        }

        Rows run(String statement, List<Object> arguments) throws SQLException {
            Prepared known = prepared.get(statement);
            if (known == null) {
                known = new Prepared(connection.prepareStatement(statement));
                prepared.put(statement, known);
            }
            try {
                return known.run(arguments);
            } catch (SQLException | RuntimeException e) {
                // Prepared again next time, from a clean state.
                prepared.remove(statement);
                known.close();
                throw e;
            }
        }

        void close() {
            prepared.values().forEach(Prepared::close);
            prepared.clear();
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a SQLite connection failed", e);
            }
        }
    }

    /** A prepared statement, and the names of the columns it returns (read on its first answer). */
    private static final class Prepared {

        private final PreparedStatement statement;
        private Map<String, Integer> columns;

        Prepared(PreparedStatement statement) {
            this.statement = statement;
        }

        Rows run(List<Object> arguments) throws SQLException {
            for (int i = 0; i < arguments.size(); i++) {
                statement.setObject(i + 1, arguments.get(i));
            }
            if (!statement.execute()) {
                return Rows.changed(statement.getUpdateCount());
            }
            try (ResultSet results = statement.getResultSet()) {
                if (columns == null) {
                    columns = columns(results.getMetaData());
                }
                int width = columns.size();
                List<Rows.Row> rows = new ArrayList<>();
                while (results.next()) {
                    Object[] values = new Object[width];
                    for (int i = 0; i < width; i++) {
                        values[i] = results.getObject(i + 1);
                    }
                    rows.add(new Rows.Row(columns, values));
                }
                return new Rows(rows, 0);
            }
        }

        private static Map<String, Integer> columns(ResultSetMetaData metaData) throws SQLException {
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                columns.put(metaData.getColumnLabel(i), i - 1);
            }
            return Map.copyOf(columns);
        }

        void close() {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("Closing a SQLite statement failed", e);
            }
        }
    }
}
