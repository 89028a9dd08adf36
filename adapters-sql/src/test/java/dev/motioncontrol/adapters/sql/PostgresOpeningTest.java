package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.SqliteFileTest.failureOf;
import static dev.motioncontrol.adapters.sql.TwoInstancesOnPostgresTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PostgresOpeningTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage(), 10);
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsTheOpeningWithoutTellingAPassword() throws IOException {
        String url = "postgresql://motion:in-the-url@localhost:" + freePort() + "/motion";

        Throwable failure = failureOf(SqlStateStores.postgresql(VERTX, url, Optional.of("in-the-argument"))
                .toCompletionStage().toCompletableFuture());

        assertThat(failure).isInstanceOf(StoreUnavailable.class)
                .hasMessageContaining("PostgreSQL database motion at localhost")
                .hasMessageNotContaining("in-the-url").hasMessageNotContaining("in-the-argument");
    }

    @Test
    void aUrlThatIsNotOneIsRefusedWithoutBeingRepeated() {
        Throwable failure = failureOf(SqlStateStores.postgresql(VERTX, "mysql://motion:in-the-url@localhost/motion",
                Optional.empty()).toCompletionStage().toCompletableFuture());

        assertThat(failure).isInstanceOf(StoreUnavailable.class).hasMessageNotContaining("in-the-url");
    }

    @Test
    void aSchemaNewerThanThisBuildKnowsIsRefused() {
        String url = TestPostgres.newDatabase();
        await(SqlStateStores.postgresql(VERTX, url, Optional.empty()).toCompletionStage(), 10).close();
        TestPostgres.execute(url, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, "
                + "script, checksum, installed_by, execution_time, success) VALUES (999, '999', 'from a newer "
                + "build', 'SQL', 'V999__from_a_newer_build.sql', 0, 'test', 1, true)");

        Throwable refused = failureOf(SqlStateStores.postgresql(VERTX, url, Optional.empty()).toCompletionStage()
                .toCompletableFuture());

        assertThat(refused).isInstanceOf(StoreUnavailable.class)
                .hasMessageContaining("newer than this build knows")
                .hasMessageContaining("version 999 (from a newer build)");
    }

    @Test
    void theClaimsTheAwaitedTasksTheListAndTheLookupsUseIndexes() throws SQLException {
        String url = TestPostgres.newDatabase();
        await(SqlStateStores.postgresql(VERTX, url, Optional.empty()).toCompletionStage(), 10).close();
        Map<String, List<String>> arguments = Map.of(
                SqlTaskRecords.DUE, List.of("0", "10"),
                SqlTaskRecords.COPIES_DUE, List.of("0", "10"),
                SqlTaskRecords.AWAITED, List.of("10"),
                SqlTaskRecords.NEWEST_OF_OWNER, List.of("'x'", "100"),
                SqlTaskRecords.BY_ID, List.of("'x'"),
                SqlSubmissions.BY_KEY, List.of("'x'", "'y'"),
                SqlSubmissions.SETTLE_STALE, List.of("'x'", "0"),
                SqlSubmissions.FORGET_STALE_WITHOUT_KEY, List.of("0"),
                SqlSubmissions.FORGET_EXPIRED, List.of("0"));

        for (Map.Entry<String, List<String>> query : arguments.entrySet()) {
            String sql = query.getKey();
            for (String argument : query.getValue()) {
                sql = sql.replaceFirst("\\?", argument);
            }
            // An empty table is read whole whatever the indexes, and the few rows it is guessed to hold sorted rather
            // than read in an index's order: ask for the plan that a large one gets (see plan).
            assertThat(plan(url, sql)).as(sql).noneMatch(step -> step.contains("Seq Scan"))
                    .noneMatch(step -> step.contains("Sort"));
        }
    }

    private static List<String> plan(String url, String sql) throws SQLException {
        List<String> steps = new ArrayList<>();
        String jdbc = "jdbc:" + url.replace("postgres@", "") + "?user=postgres";
        try (Connection connection = DriverManager.getConnection(jdbc);
                Statement statement = connection.createStatement()) {
            // Off, a scan of the table (or a sort) is planned only where no index serves (or gives the order).
            statement.execute("SET enable_seqscan = off");
            statement.execute("SET enable_sort = off");
            try (ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
                while (rows.next()) {
                    steps.add(rows.getString(1));
                }
            }
        }
        return steps;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
