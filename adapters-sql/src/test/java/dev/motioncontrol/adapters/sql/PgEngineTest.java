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
import org.junit.jupiter.api.Test;

/** The group commit of writes: many writes in few transactions, and a faulty one failing alone. */
class PgEngineTest {

    private static final String INSERT = "INSERT INTO t (id) VALUES (?) ON CONFLICT (id) DO NOTHING";

    private final Vertx vertx = Vertx.vertx();
    private PgEngine engine;

    @BeforeEach
    void openEngine() throws Exception {
        String url = TestPostgres.newDatabase();
        // Which transaction wrote a row: rows written together share it.
        TestPostgres.execute(url, "CREATE TABLE t (id INTEGER PRIMARY KEY CHECK (id >= 0), "
                + "written_by BIGINT NOT NULL DEFAULT txid_current())");
        engine = new PgEngine(vertx, PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build(), Dialect.POSTGRESQL, 2);
    }

    @AfterEach
    void close() throws Exception {
        engine.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void concurrentWritesOfOneStatementCommitTogetherAndEachGetsItsOwnAnswer() throws Exception {
        List<Future<Rows>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(engine.write(INSERT, arguments(i % 100)));
        }

        long inserted = 0;
        for (Future<Rows> write : writes) {
            inserted += write.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).changed();
        }

        assertThat(inserted).as("each id inserted once, its repetition answered 0 rows").isEqualTo(100);
        assertThat(count("SELECT count(DISTINCT written_by) FROM t")).as("transactions for 100 rows").isLessThan(10);
    }

    @Test
    void aWriteThatPostgresqlRefusesFailsAloneAndTheOthersOfItsBatchCommit() throws Exception {
        List<Future<Rows>> writes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            writes.add(engine.write(INSERT, arguments(i == 25 ? -1 : i)));
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

    private long count(String query) throws Exception {
        return engine.read(query, List.of()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .rows().get(0).longValue("count");
    }
}
