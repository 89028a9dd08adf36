package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.Engine.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The group commit of writes: many writes in few transactions, and a faulty one failing alone; for a plain statement
 * (a batch of executions) and for one with a many-row form (one execution per batch).
 */
class PgEngineTest {

    private static final String INSERT = "INSERT INTO t (id) VALUES (?) ON CONFLICT (id) DO NOTHING";
    /** The many-row form marks the rows it wrote, to show that it ran. */
    private static final ManyRows INSERT_MANY = ManyRows.of(INSERT, "INSERT INTO t (id, form) "
            + "SELECT id, 'many' FROM unnest(?::integer[]) AS rows (id) ON CONFLICT (id) DO NOTHING RETURNING id", 0);

    private final Vertx vertx = Vertx.vertx();
    private PgEngine engine;

    @BeforeEach
    void openEngine() throws Exception {
        String url = TestPostgres.newDatabase();
        // Which transaction wrote a row: rows written together share it.
        for (String table : List.of("t", "u")) {
            TestPostgres.execute(url, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY CHECK (id >= 0), "
                    + "written_by BIGINT NOT NULL DEFAULT txid_current(), form TEXT NOT NULL DEFAULT 'one')");
        }
        engine = new PgEngine(vertx, PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build(), Dialect.POSTGRESQL, 2);
    }

    @AfterEach
    void close() throws Exception {
        engine.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void concurrentWritesOfOneStatementCommitTogetherAndEachGetsItsOwnAnswer(boolean manyRows) throws Exception {
        List<Future<Rows>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(write(manyRows, i % 100));
        }

        long inserted = 0;
        for (Future<Rows> write : writes) {
            inserted += write.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).changed();
        }

        assertThat(inserted).as("each id inserted once, its repetition answered 0 rows").isEqualTo(100);
        assertThat(count("SELECT count(DISTINCT written_by) FROM t")).as("transactions for 100 rows").isLessThan(10);
        assertThat(count("SELECT count(*) FROM t WHERE form = 'many'")).as("rows written by the many-row form")
                .isGreaterThan(manyRows ? 50 : -1).isLessThanOrEqualTo(manyRows ? 100 : 0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWriteThatPostgresqlRefusesFailsAloneAndTheOthersOfItsBatchCommit(boolean manyRows) throws Exception {
        List<Future<Rows>> writes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            writes.add(write(manyRows, i == 25 ? -1 : i));
        }

        for (int i = 0; i < writes.size(); i++) {
            Future<Rows> write = writes.get(i);
            write.toCompletionStage().toCompletableFuture().handle((rows, failure) -> null).get(10, TimeUnit.SECONDS);
            if (i == 25) {
                assertThat(write.failed()).isTrue();
                assertThat(write.cause()).isInstanceOf(PgException.class).hasMessageContaining("check");
            } else {
                assertThat(write.succeeded()).as("write %d", i).isTrue();
            }
        }
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(49);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writesOfSeveralStatementsShareTransactionsAndARefusedOneFailsAlone(boolean manyRows) throws Exception {
        assertThat(writeBothTables(manyRows, 0, -1)).as("failed writes").isEmpty();
        assertThat(count("SELECT count(DISTINCT written_by) FROM t WHERE written_by IN (SELECT written_by FROM u)"))
                .as("transactions that wrote both tables").isPositive();
        assertThat(count("SELECT count(DISTINCT written_by) FROM t")).as("transactions for 100 rows").isLessThan(10);

        // The transaction holding the refused write is rolled back whole; the others of it are written again.
        assertThat(writeBothTables(manyRows, 100, 150)).as("failed writes").containsExactly("t 150");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(199);
        assertThat(count("SELECT count(*) FROM u")).isEqualTo(200);
    }

    /** Writes ids {@code from} to {@code from + 99} to both tables at once, {@code refused} as -1 to t. */
    private List<String> writeBothTables(boolean manyRows, int from, int refused) throws Exception {
        List<Future<Rows>> writes = new ArrayList<>();
        for (int i = from; i < from + 100; i++) {
            writes.add(write(manyRows, i == refused ? -1 : i));
            writes.add(engine.write("INSERT INTO u (id) VALUES (?)", arguments(i)));
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            Future<Rows> write = writes.get(i);
            write.toCompletionStage().toCompletableFuture().handle((rows, failure) -> null).get(10, TimeUnit.SECONDS);
            if (write.failed()) {
                failed.add((i % 2 == 0 ? "t " : "u ") + (from + i / 2));
            }
        }
        return failed;
    }

    private Future<Rows> write(boolean manyRows, int id) {
        return manyRows ? engine.write(INSERT_MANY, arguments(id)) : engine.write(INSERT, arguments(id));
    }

    private long count(String query) throws Exception {
        return engine.read(query, List.of()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .rows().get(0).longValue("count");
    }
}
