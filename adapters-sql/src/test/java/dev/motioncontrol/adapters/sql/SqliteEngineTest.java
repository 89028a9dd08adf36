package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.Engine.arguments;
import static dev.motioncontrol.adapters.sql.SqliteFileTest.failureOf;
import static dev.motioncontrol.adapters.sql.TwoInstancesOnPostgresTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The group commit of the SQLite engine: what a write's completion promises, on a real file. */
class SqliteEngineTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final String INSERT = "INSERT INTO items (id, name) VALUES (?, ?)";

    @TempDir
    Path directory;
    private SqliteEngine engine;

    @BeforeEach
    void open() throws SQLException {
        engine = SqliteEngine.open(VERTX, dataSource(), 2, "test file", () -> { });
        await(engine.write("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", List.of())
                .toCompletionStage(), 10);
    }

    @AfterEach
    void close() {
        await(engine.close().toCompletionStage(), 10);
    }

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage(), 10);
    }

    @Test
    void manyConcurrentWritesAreAllCommittedAndKeptAfterReopening() throws SQLException {
        List<Future<Rows>> writes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            writes.add(engine.write(INSERT, arguments(i, "item " + i)));
        }

        await(Future.all(writes).toCompletionStage(), 30);
        await(engine.close().toCompletionStage(), 10);

        assertThat(writes).allSatisfy(write -> assertThat(write.result().changed()).isEqualTo(1));
        assertThat(countFromOutside()).isEqualTo(1_000);
        engine = SqliteEngine.open(VERTX, dataSource(), 2, "test file", () -> { });
        assertThat(await(engine.read("SELECT count(*) AS n FROM items", List.of()).toCompletionStage(), 10)
                .rows().get(0).longValue("n")).isEqualTo(1_000);
    }

    @Test
    void aFailingWriteFailsAloneAndTheOthersOfItsCommitAreKept() throws SQLException {
        await(engine.write(INSERT, arguments(1, "first")).toCompletionStage(), 10);
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        // Holds the writer until the writes below are queued, so that they are committed together.
        Future<Void> holding = engine.inTransaction(transaction -> {
            writerBusy.countDown();
            awaitLatch(queued);
            return Future.succeededFuture();
        });
        awaitLatch(writerBusy);

        Future<Rows> before = engine.write(INSERT, arguments(2, "before"));
        Future<Rows> duplicate = engine.inTransaction(transaction -> transaction.run(INSERT, arguments(3, "partial"))
                .compose(inserted -> transaction.run(INSERT, arguments(1, "again"))));
        Future<Rows> single = engine.write(INSERT, arguments(2, "a single statement, without a savepoint"));
        Future<Rows> after = engine.write(INSERT, arguments(4, "after"));
        queued.countDown();

        await(holding.toCompletionStage(), 10);
        assertThat(await(before.toCompletionStage(), 10).changed()).isEqualTo(1);
        assertThat(await(after.toCompletionStage(), 10).changed()).isEqualTo(1);
        assertThat(failureOf(duplicate.toCompletionStage().toCompletableFuture()))
                .isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        assertThat(failureOf(single.toCompletionStage().toCompletableFuture()))
                .isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        // The failed write left nothing, not even its first statement; the others are there.
        assertThat(namesFromOutside()).containsExactly("first", "before", "after");
    }

    @Test
    void aWriteCompletesOnlyOnceItsCommitIsVisibleToAnotherConnection() {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch looked = new CountDownLatch(1);
        CompletableFuture<Long> seenAtCompletion = new CompletableFuture<>();
        Future<Void> holding = engine.inTransaction(transaction -> {
            writerBusy.countDown();
            awaitLatch(queued);
            return Future.succeededFuture();
        });
        awaitLatch(writerBusy);

        // The look from outside is made in the completion itself: any later, and a commit made just after the
        // completion would be seen too.
        Future<Rows> written = engine.write(INSERT, arguments(1, "visible"));
        written.onComplete(done -> {
            try {
                seenAtCompletion.complete(countFromOutside());
            } catch (SQLException e) {
                seenAtCompletion.completeExceptionally(e);
            } finally {
                looked.countDown();
            }
        });
        // Committed with the write above, and keeps their transaction open until the look was made (or a second
        // passed, as it must when the write completes only after the commit).
        Future<Void> slow = engine.inTransaction(transaction -> {
            awaitQuietly(looked, 1);
            return Future.succeededFuture();
        });
        queued.countDown();

        await(Future.all(holding, written, slow).toCompletionStage(), 10);
        assertThat(await(seenAtCompletion, 10)).isEqualTo(1);
    }

    @Test
    void aTransactionThatWaitsForSomethingElseFailsAndIsRolledBack() throws SQLException {
        Future<Object> waiting = engine.inTransaction(transaction -> transaction.run(INSERT, arguments(1, "never"))
                .compose(inserted -> Future.future(promise -> { })));

        assertThat(failureOf(waiting.toCompletionStage().toCompletableFuture()))
                .hasMessageContaining("waited for something other than its statements");
        assertThat(countFromOutside()).isZero();
    }

    @Test
    void afterClosingEveryCallFails() {
        await(engine.close().toCompletionStage(), 10);

        assertThat(failureOf(engine.write(INSERT, arguments(1, "late")).toCompletionStage().toCompletableFuture()))
                .hasMessageContaining("closed");
        assertThat(failureOf(engine.read("SELECT 1", List.of()).toCompletionStage().toCompletableFuture()))
                .hasMessageContaining("closed");
    }

    private SQLiteDataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + directory.resolve("engine.db"));
        return dataSource;
    }

    private long countFromOutside() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("engine.db"));
                ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM items")) {
            count.next();
            return count.getLong(1);
        }
    }

    private List<String> namesFromOutside() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("engine.db"));
                ResultSet rows = connection.createStatement().executeQuery("SELECT name FROM items ORDER BY id")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("released in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
