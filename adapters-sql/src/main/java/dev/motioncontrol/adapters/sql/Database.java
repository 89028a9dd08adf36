package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.adapters.sql.Engine.Transaction;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database behind an {@link Engine}: statements in the engine's {@link Dialect}, transactions, a time limit
 * on every call, and every failure of the database or the way to it turned into {@link StoreUnavailable}.
 */
final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Engine engine;
    private final Dialect dialect;
    private final String name;
    private final Duration callTimeout;

    /**
     * @param name        what the database is, for messages: never a password or a URL that may hold one
     * @param callTimeout how long one call (a statement, or a whole transaction) may take before it is given up
     */
    Database(Engine engine, Dialect dialect, String name, Duration callTimeout) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.name = Objects.requireNonNull(name, "name");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    Dialect dialect() {
        return dialect;
    }

    /** Runs one statement that only reads. */
    Future<Rows> read(String statement, List<Object> arguments) {
        return limited(engine.read(statement, arguments));
    }

    /** Runs one statement that writes, on its own (committed when it succeeds). */
    Future<Rows> write(String statement, List<Object> arguments) {
        return limited(engine.write(statement, arguments));
    }

    /** Runs one write of one row, on its own, in its one-row or many-row form (see {@link ManyRows}). */
    Future<Rows> write(ManyRows statement, List<Object> arguments) {
        return limited(engine.write(statement, arguments));
    }

    /**
     * Runs {@code work} in one transaction: committed when its future succeeds, rolled back when it fails (or
     * throws).
     */
    <T> Future<T> inTransaction(Function<Transaction, Future<T>> work) {
        return limited(engine.inTransaction(work));
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
        return engine.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
