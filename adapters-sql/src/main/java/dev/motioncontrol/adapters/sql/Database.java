package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database behind a Vert.x {@link Pool}: statements in the engine's {@link Dialect}, transactions, a time limit
 * on every call, and every failure of the database or the way to it turned into {@link StoreUnavailable}.
 *
 * <p>Transactions are plain {@code BEGIN}/{@code COMMIT}/{@code ROLLBACK} statements on one connection, never the
 * pool's {@code withTransaction}: in vertx-jdbc-client 5.0.7 that leaves the pooled JDBC connection out of
 * auto-commit, and every later plain statement on it uncommitted (vert-x3/vertx-jdbc-client#356).
 */
final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Pool pool;
    private final Dialect dialect;
    private final String name;
    private final Duration callTimeout;

    /**
     * @param name        what the database is, for messages: never a password or a URL that may hold one
     * @param callTimeout how long one call (a statement, or a whole transaction) may take before it is given up
     */
    Database(Pool pool, Dialect dialect, String name, Duration callTimeout) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.name = Objects.requireNonNull(name, "name");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    Dialect dialect() {
        return dialect;
    }

    /** Runs one statement on its own (committed when it succeeds). */
    Future<RowSet<Row>> run(String statement, Tuple arguments) {
        return limited(run(pool, statement, arguments));
    }

    /** Runs one statement inside the transaction of {@code connection}. */
    Future<RowSet<Row>> run(SqlClient connection, String statement, Tuple arguments) {
        return connection.preparedQuery(dialect.placeholders(statement)).execute(arguments);
    }

    /** Runs one statement once per tuple of {@code arguments} inside the transaction of {@code connection}. */
    Future<Void> runEach(SqlClient connection, String statement, List<Tuple> arguments) {
        if (arguments.isEmpty()) {
            return Future.succeededFuture();
        }
        return connection.preparedQuery(dialect.placeholders(statement)).executeBatch(arguments).mapEmpty();
    }

    /**
     * Runs {@code work} in one transaction: committed when its future succeeds, rolled back when it fails (or
     * throws).
     */
    <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
        return limited(pool.withConnection(connection -> connection.query(dialect.begin()).execute()
                .compose(begun -> attempt(() -> work.apply(connection)))
                .transform(outcome -> outcome.succeeded()
                        ? connection.query("COMMIT").execute()
                                .recover(failure -> rollBack(connection, failure))
                                .map(committed -> outcome.result())
                        : rollBack(connection, outcome.cause()))));
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

    private <T> Future<T> limited(Future<T> call) {
        return call.timeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * {@code call} as the ports answer: its result, or {@link StoreUnavailable} saying what failed. A bug of the
     * caller (an illegal argument, a change that throws) is left as it is: it is not the database's failure.
     */
    <T> CompletionStage<T> answer(Future<T> call) {
        return call.recover(failure -> Future.failedFuture(unavailable(failure))).toCompletionStage();
    }

    Throwable unavailable(Throwable failure) {
        if (failure instanceof MotionTransferFailure || failure instanceof IllegalArgumentException
                || failure instanceof NullPointerException) {
            return failure;
        }
        LOG.debug("The {} failed", name, failure);
        return new StoreUnavailable("The service's store (" + name + ") is unavailable: " + reason(failure));
    }

    private String reason(Throwable failure) {
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return "it did not answer within " + callTimeout.toMillis() + " ms";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    Future<Void> close() {
        return pool.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
