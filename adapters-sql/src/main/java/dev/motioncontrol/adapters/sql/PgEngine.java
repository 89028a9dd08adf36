package dev.motioncontrol.adapters.sql;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * PostgreSQL through the reactive Vert.x pool: it pipelines the statements of many callers on a few connections,
 * and PostgreSQL itself flushes the commits of concurrent transactions to disk together.
 *
 * <p>Transactions are plain {@code BEGIN}/{@code COMMIT}/{@code ROLLBACK} statements on one connection, as they
 * always were here (the pool's {@code withTransaction} left JDBC connections uncommitted in vertx-jdbc-client,
 * vert-x3/vertx-jdbc-client#356).
 */
final class PgEngine implements Engine {

    private final Pool pool;
    private final Dialect dialect;
    /** Statements with their placeholders numbered, by their text as written: computed once each. */
    private final Map<String, String> numbered = new ConcurrentHashMap<>();

    PgEngine(Pool pool, Dialect dialect) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public Future<Rows> read(String statement, List<Object> arguments) {
        return run(pool, statement, arguments);
    }

    @Override
    public Future<Rows> write(String statement, List<Object> arguments) {
        return run(pool, statement, arguments);
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
