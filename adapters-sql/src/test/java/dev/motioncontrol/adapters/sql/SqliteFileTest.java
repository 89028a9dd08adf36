package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.TwoInstancesOnPostgresTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite file does, read from outside the store as an operator would. */
class SqliteFileTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Owner OWNER = new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey("k"));
    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.STANDARD);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path directory;

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage(), 10);
    }

    /** vertx-jdbc-client 5.0.7 leaves a connection uncommitted after its own transactions (#356): not ours. */
    @Test
    void aPlainStatementAfterATransactionIsCommitted() throws SQLException {
        StateStore store = open();
        Submission submission = Submission.pending(UUID.randomUUID().toString(), OWNER, Optional.empty(), "fp", AT,
                T0, T0.plusSeconds(120), T0.plus(Duration.ofHours(24)));
        await(store.submissions().begin(submission), 10);
        await(store.submissions().created(submission, TaskRecord.submitted(OWNER, TaskId.random(), AT,
                Optional.empty(), T0)), 10);

        await(store.seenProviderWebhooks().remember("after-a-transaction", T0), 10);

        assertThat(countFromOutside("SELECT count(*) FROM seen_provider_webhooks")).isEqualTo(1);
        store.close();
        StateStore reopened = open();
        assertThat(await(reopened.seenProviderWebhooks().seen("after-a-transaction"), 10)).isTrue();
        reopened.close();
    }

    @Test
    void theFileIsWrittenAheadAndItsDirectoryCreated() throws SQLException {
        open().close();

        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                ResultSet mode = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void openingAnUpToDateSchemaAgainChangesNothing() throws SQLException {
        open().close();
        long migrations = countFromOutside("SELECT count(*) FROM flyway_schema_history");
        open().close();

        assertThat(countFromOutside("SELECT count(*) FROM flyway_schema_history")).isEqualTo(migrations);
    }

    @Test
    void aSecondStoreOnTheSameFileIsRefusedUntilTheFirstCloses() {
        StateStore first = open();

        Throwable refused = failureOf(SqlStateStores.sqlite(VERTX, file()).toCompletionStage().toCompletableFuture());

        assertThat(refused).isInstanceOf(StoreUnavailable.class).hasMessageContaining("in use by another process")
                .hasMessageContaining("PostgreSQL");
        first.close();
        open().close();
    }

    @Test
    void aSchemaNewerThanThisBuildKnowsIsRefused() throws SQLException {
        open().close();
        execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, execution_time, success) VALUES (999, '999', 'from a newer build', "
                + "'SQL', 'V999__from_a_newer_build.sql', 0, 'test', 1, 1)");

        Throwable refused = failureOf(SqlStateStores.sqlite(VERTX, file()).toCompletionStage().toCompletableFuture());

        assertThat(refused).isInstanceOf(StoreUnavailable.class)
                .hasMessageContaining("newer than this build knows")
                .hasMessageContaining("version 999 (from a newer build)")
                .hasMessageContaining("knows up to version 5");
    }

    @Test
    void theClaimsTheAwaitedTasksTheListAndTheLookupsUseIndexes() throws SQLException {
        open().close();

        for (String query : List.of(SqlTaskRecords.DUE, SqlTaskRecords.COPIES_DUE, SqlTaskRecords.AWAITED,
                SqlTaskRecords.NEWEST_OF_OWNER,
                SqlTaskRecords.BY_ID, SqlSubmissions.BY_KEY, SqlSubmissions.SETTLE_STALE,
                SqlSubmissions.FORGET_STALE_WITHOUT_KEY, SqlSubmissions.FORGET_EXPIRED)) {
            List<String> plan = plan(query);
            // A partial index may be read whole ("SCAN tasks USING INDEX tasks_awaited"): it holds only the rows
            // that qualify. The table itself never is, and nothing is sorted.
            assertThat(plan).as(query).isNotEmpty()
                    .allSatisfy(step -> assertThat(step).containsPattern("USING (COVERING )?INDEX")
                            .doesNotContain("TEMP B-TREE"));
        }
    }

    private List<String> plan(String query) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                var statement = connection.prepareStatement("EXPLAIN QUERY PLAN " + query)) {
            for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                statement.setObject(i, "x");
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    steps.add(rows.getString("detail"));
                }
            }
        }
        return steps;
    }

    private StateStore open() {
        return await(SqlStateStores.sqlite(VERTX, file()).toCompletionStage(), 10);
    }

    private Path file() {
        return directory.resolve("not-yet").resolve("motion-control.db");
    }

    private String jdbcUrl() {
        return "jdbc:sqlite:" + file();
    }

    private long countFromOutside(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                ResultSet count = connection.createStatement().executeQuery(query)) {
            count.next();
            return count.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static Throwable failureOf(java.util.concurrent.CompletableFuture<?> call) {
        try {
            call.get(30, TimeUnit.SECONDS);
            throw new AssertionError("it succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no answer: " + e, e);
        }
    }
}
