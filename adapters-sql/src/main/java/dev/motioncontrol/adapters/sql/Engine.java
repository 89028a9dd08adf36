package dev.motioncontrol.adapters.sql;

import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Where the statements run: the one thing that differs between the engines besides their SQL ({@link Dialect}).
 * PostgreSQL has a reactive client ({@link PgEngine}); SQLite has only a blocking JDBC driver, run on threads of
 * the store's own ({@link SqliteEngine}). Statements use {@code ?} placeholders; arguments are {@code String},
 * {@code Long}, {@code Integer} or {@code null}.
 *
 * <p>Every future completes on the Vert.x context of the caller (when it has one), never on a thread of the engine.
 */
interface Engine {

    /** Runs one statement that only reads. */
    Future<Rows> read(String statement, List<Object> arguments);

    /**
     * Runs one statement that writes, committed before the future succeeds: on its own, or in one transaction with
     * other callers' writes (each write stands alone: no caller sees another's fail).
     */
    Future<Rows> write(String statement, List<Object> arguments);

    /** Runs the one-row form of {@code statement} as {@link #write(String, List)} does, or its many-row form. */
    default Future<Rows> write(ManyRows statement, List<Object> arguments) {
        return write(statement.oneRow(), arguments);
    }

    /**
     * Runs {@code work} in one transaction: committed when its future succeeds, rolled back when it fails (or
     * throws); the returned future completes after the commit.
     */
    <T> Future<T> inTransaction(Function<Transaction, Future<T>> work);

    Future<Void> close();

    /** {@code values} as the arguments of a statement ({@code null} allowed). */
    static List<Object> arguments(Object... values) {
        return Arrays.asList(values);
    }

    /** The statements of one transaction. */
    interface Transaction {

        Future<Rows> run(String statement, List<Object> arguments);

        /** Runs {@code statement} once per list of {@code arguments}. */
        Future<Void> runEach(String statement, List<List<Object>> arguments);
    }
}
