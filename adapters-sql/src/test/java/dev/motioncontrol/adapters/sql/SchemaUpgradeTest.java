package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.TwoInstancesOnPostgresTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.Submissions.Begun;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written by an earlier build is upgraded at start, and keeps what it held. */
class SchemaUpgradeTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Owner OWNER = new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey("k"));
    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.STANDARD);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** How many migrations this build knows. */
    private static final int MIGRATIONS = 5;

    @TempDir
    Path directory;

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage(), 10);
    }

    @Test
    void aVersionOneSqliteFileKeepsItsSubmissions() throws Exception {
        Path file = directory.resolve("motion-control.db");
        String jdbc = "jdbc:sqlite:" + file;
        Files.createDirectories(directory);

        upgradesKeepingTheSubmissions(jdbc, () -> SqlStateStores.sqlite(VERTX, file));
    }

    @Test
    void aVersionOnePostgresqlDatabaseKeepsItsSubmissions() throws Exception {
        String url = TestPostgres.newDatabase();
        String jdbc = "jdbc:" + url.replace("postgres@", "") + "?user=postgres";

        upgradesKeepingTheSubmissions(jdbc, () -> SqlStateStores.postgresql(VERTX, url, Optional.empty()));
    }

    private static void upgradesKeepingTheSubmissions(String jdbc, Supplier<Future<StateStore>> open)
            throws SQLException {
        Flyway.configure(SchemaUpgradeTest.class.getClassLoader()).dataSource(jdbc, null, null)
                .locations("classpath:db/migration").target("1").load().migrate();
        String columns = "INSERT INTO submissions (submission_id, owner, idempotency_key, fingerprint, model, tier, "
                + "started_at, pending_until, keep_until, state) VALUES ";
        long start = T0.toEpochMilli();
        execute(jdbc, columns + "('with-key', '" + OWNER.value() + "', 'key-1', 'fp', 'KLING_2_6', 'STANDARD', "
                + start + ", " + (start + 120_000) + ", " + (start + 86_400_000) + ", 'PENDING')");
        execute(jdbc, columns + "('without-key', '" + OWNER.value() + "', NULL, 'fp', 'KLING_2_6', 'STANDARD', "
                + (start + 1) + ", " + (start + 120_000) + ", " + (start + 86_400_000) + ", 'PENDING')");

        // Version 1 kept a submission without a key that a restart settled: nobody could ask for it again.
        execute(jdbc, "INSERT INTO submissions (submission_id, owner, idempotency_key, fingerprint, model, tier, "
                + "started_at, pending_until, keep_until, state, reason) VALUES ('settled-without-key', '"
                + OWNER.value() + "', NULL, 'fp', 'KLING_2_6', 'STANDARD', " + start + ", " + start + ", "
                + (start + 86_400_000) + ", 'UNCERTAIN', 'interrupted')");

        StateStore store = await(open.get().toCompletionStage(), 30);
        try {
            assertThat(count(jdbc, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(MIGRATIONS);
            assertThat(count(jdbc, "SELECT count(*) FROM submissions")).as("all but the settled one without a key")
                    .isEqualTo(2);
            Begun again = await(store.submissions().begin(Submission.pending("again", OWNER, Optional.of("key-1"),
                    "fp", AT, T0.plusSeconds(1), T0.plusSeconds(121), T0.plus(Duration.ofHours(24)))), 10);
            assertThat(again).as("the key is still taken").isInstanceOf(Begun.Existing.class);
            assertThat(((Begun.Existing) again).submission().id()).isEqualTo("with-key");

            List<Submission> settled = await(store.submissions().settleStale(T0.plusSeconds(121)), 10);

            assertThat(settled).extracting(Submission::id).containsExactly("with-key", "without-key");
            assertThat(settled).extracting(Submission::state).containsOnly(Submission.State.UNCERTAIN);
            assertThat(count(jdbc, "SELECT count(*) FROM submissions")).as("the one without a key is forgotten")
                    .isEqualTo(1);
        } finally {
            store.close();
        }
    }

    @Test
    void aVersionFourSqliteFileReadsItsTasksWithoutResultCopies() throws Exception {
        Path file = directory.resolve("motion-control.db");
        Files.createDirectories(directory);

        upgradesKeepingTheTasks("jdbc:sqlite:" + file, () -> SqlStateStores.sqlite(VERTX, file));
    }

    @Test
    void aVersionFourPostgresqlDatabaseReadsItsTasksWithoutResultCopies() throws Exception {
        String url = TestPostgres.newDatabase();
        String jdbc = "jdbc:" + url.replace("postgres@", "") + "?user=postgres";

        upgradesKeepingTheTasks(jdbc, () -> SqlStateStores.postgresql(VERTX, url, Optional.empty()));
    }

    /**
     * Version 4 held tasks in 16 columns: a running one whose webhook waits for it, a completed one whose delivery is
     * due, and a completed one with its media measured. Each reads as it was, its results not kept.
     */
    private static void upgradesKeepingTheTasks(String jdbc, Supplier<Future<StateStore>> open) throws SQLException {
        Flyway.configure(SchemaUpgradeTest.class.getClassLoader()).dataSource(jdbc, null, null)
                .locations("classpath:db/migration").target("4").load().migrate();
        long start = T0.toEpochMilli();
        String columns = "INSERT INTO tasks (task_id, owner, model, tier, status, generated, created_at, checked_at, "
                + "webhook_url, delivery_state, delivery_attempts, delivery_last_attempt_at, delivery_last_status, "
                + "delivery_last_error, delivery_due_at, media) VALUES ";
        execute(jdbc, columns + "('running', '" + OWNER.value() + "', 'KLING_2_6', 'STANDARD', 'IN_PROGRESS', '[]', "
                + start + ", " + start + ", 'https://hooks.example.com/done', 'WAITING', 0, NULL, NULL, NULL, NULL, "
                + "NULL)");
        execute(jdbc, columns + "('delivery-due', '" + OWNER.value() + "', 'KLING_2_6', 'STANDARD', 'COMPLETED', "
                + "'[\"https://cdn.example.com/1.mp4\"]', " + (start + 1) + ", " + (start + 2) + ", "
                + "'https://hooks.example.com/done', 'WAITING', 0, NULL, NULL, NULL, " + (start + 2) + ", NULL)");
        execute(jdbc, columns + "('measured', '" + OWNER.value() + "', 'KLING_2_6', 'STANDARD', 'COMPLETED', "
                + "'[\"https://cdn.example.com/2.mp4\"]', " + (start + 3) + ", " + (start + 4) + ", NULL, NULL, NULL, "
                + "NULL, NULL, NULL, NULL, '{\"image\":{\"format\":\"PNG\",\"width\":300,\"height\":400,"
                + "\"bytes\":5000}}')");

        StateStore store = await(open.get().toCompletionStage(), 30);
        try {
            assertThat(count(jdbc, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(MIGRATIONS);
            for (String id : List.of("running", "delivery-due", "measured")) {
                TaskRecord read = await(store.tasks().find(OWNER, new TaskId(id)), 10).orElseThrow();
                assertThat(read.results()).as(id).isEqualTo(ResultCopies.NONE);
                assertThat(read.visible()).as(id).isEqualTo(read.task());
            }
            TaskRecord running = await(store.tasks().findById(new TaskId("running")), 10).orElseThrow();
            assertThat(running.task().status()).isEqualTo(TaskStatus.IN_PROGRESS);
            assertThat(running.webhook().orElseThrow().state()).isEqualTo(WebhookDelivery.State.WAITING);
            assertThat(await(store.tasks().findById(new TaskId("measured")), 10).orElseThrow().media())
                    .isEqualTo(new MediaFacts(Optional.of(ImageFacts.of(MediaFormat.PNG, 300, 400, 5000)),
                            Optional.empty()));

            assertThat(await(store.outbox().awaitingTasks(10), 10)).containsExactly(running);
            assertThat(await(store.outbox().claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10), 10))
                    .extracting(record -> record.task().id().value()).containsExactly("delivery-due");
            assertThat(await(store.results().claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10), 10)).isEmpty();
        } finally {
            store.close();
        }
    }

    private static void execute(String jdbc, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String jdbc, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc);
                ResultSet count = connection.createStatement().executeQuery(query)) {
            count.next();
            return count.getLong(1);
        }
    }
}
