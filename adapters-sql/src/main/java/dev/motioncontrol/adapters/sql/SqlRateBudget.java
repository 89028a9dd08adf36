package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.Engine.arguments;

import dev.motioncontrol.application.port.out.SharedRateBudget;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The provider's request rate in PostgreSQL, spent by every instance that shares the database: the generic cell rate
 * algorithm (a token bucket kept as one instant, the theoretical arrival time of the next request) in one row, moved
 * by one conditional {@code UPDATE}, on the database's clock. A request that would have to wait longer than it may
 * takes nothing, so that callers who give up never push the schedule away from those who come after them.
 *
 * <p>Kept by hand rather than with Bucket4j's PostgreSQL integration, which needs JDBC (a blocking, second pool): one
 * statement on the store's own reactive client does the same.
 */
final class SqlRateBudget implements SharedRateBudget {

    /** The provider account's budget, the only one the service keeps (its row is made by the migration). */
    static final String PROVIDER = "provider";
    /** A budget's row, made again if it went missing: without one, every take would find no room. */
    private static final String CREATE = "INSERT INTO rate_budgets (name, theoretical_arrival) VALUES (?, 0) "
            + "ON CONFLICT (name) DO NOTHING";
    private static final String EXISTS = "SELECT count(*) AS n FROM rate_budgets WHERE name = ?";
    /**
     * Parameters: the budget's name, the interval between two requests, the burst's tolerance (the interval times
     * the burst less one) and the longest wait, all in microseconds. A row when the request was taken, with its wait.
     */
    private static final String TAKE = "UPDATE rate_budgets b "
            + "SET theoretical_arrival = GREATEST(b.theoretical_arrival, c.now) + ? "
            + "FROM (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT AS now) c "
            + "WHERE b.name = ? AND GREATEST(b.theoretical_arrival, c.now) - c.now - ? <= ? "
            + "RETURNING GREATEST(0, b.theoretical_arrival - c.now) AS due_in";

    private final Database database;
    private final String name;

    SqlRateBudget(Database database, String name) {
        this.database = Objects.requireNonNull(database, "database");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public CompletionStage<Optional<Duration>> take(double perSecond, int burst, Duration maxWait) {
        long interval = Math.max(1, Math.round(1e6 / perSecond));
        long tolerance = (long) Math.min(Long.MAX_VALUE / 4, (double) interval * (burst - 1L));
        long longest = Math.max(0, maxWait.toNanos() / 1000);
        List<Object> arguments = arguments(interval, name, tolerance, longest);
        return database.answer(database.inTransaction(transaction -> transaction.run(TAKE, arguments))
                .compose(rows -> rows.first().isPresent() ? Future.succeededFuture(rows)
                        : database.read(EXISTS, arguments(name)).compose(found -> found.first()
                                .map(row -> row.longValue("n")).orElse(0L) > 0 ? Future.succeededFuture(rows)
                                : database.write(CREATE, arguments(name)).compose(created -> database.inTransaction(
                                        transaction -> transaction.run(TAKE, arguments)))))
                .map(rows -> rows.first().map(row -> {
                    // The new arrival time less the interval is when this request is due; less the tolerance, the
                    // wait (a burst goes at once).
                    long dueIn = row.longValue("due_in") - interval - tolerance;
                    return Duration.ofNanos(Math.max(0, dueIn) * 1000);
                })));
    }
}
