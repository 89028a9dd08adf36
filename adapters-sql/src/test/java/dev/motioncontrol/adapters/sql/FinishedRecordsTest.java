package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.TwoInstancesOnPostgresTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that can no longer change are kept in memory after they were read once; the others are read from the
 * database each time. Seen by changing the file behind the store's back, which the service itself never does to a
 * finished record.
 */
class FinishedRecordsTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final OwnerHashing OWNERS = new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]);
    private static final Owner OWNER = OWNERS.of(new ClientKey("owner"));
    private static final Owner SOMEONE_ELSE = OWNERS.of(new ClientKey("someone else"));
    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));

    @TempDir
    Path directory;
    private StateStore store;

    @BeforeEach
    void open() {
        store = await(SqlStateStores.sqlite(VERTX, directory.resolve("store.db")).toCompletionStage(), 10);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage(), 10);
    }

    @Test
    void aFinishedRecordWithoutWebhookIsReadFromTheDatabaseOnce() throws SQLException {
        TaskRecord finished = remembered(completed(Optional.empty()));
        read(finished);

        changeBehindTheStoresBack(finished.task().id());

        assertThat(read(finished)).isEqualTo(finished);
        assertThat(await(store.tasks().findById(finished.task().id()), 10)).contains(finished);
    }

    @Test
    void aFinishedRecordWhoseWebhookIsDeliveredIsKeptOnceUpdatedSo() throws SQLException {
        TaskRecord due = remembered(completed(Optional.of(WebhookDelivery.waiting(HOOK).dueAt(T0))));
        TaskRecord delivered = await(store.tasks().update(due.task().id(), record -> record.withDelivery(
                new WebhookDelivery(HOOK, WebhookDelivery.State.DELIVERED, 1, Optional.of(T0),
                        OptionalInt.of(200), Optional.empty(), Optional.empty()))), 10)
                .orElseThrow().after();

        changeBehindTheStoresBack(due.task().id());

        assertThat(read(delivered)).isEqualTo(delivered);
    }

    @Test
    void aFinishedRecordWhoseWebhookIsStillDueIsReadEachTime() throws SQLException {
        TaskRecord due = remembered(completed(Optional.of(WebhookDelivery.waiting(HOOK).dueAt(T0))));
        read(due);

        changeBehindTheStoresBack(due.task().id());

        assertThat(read(due).task().status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void anUnfinishedRecordIsReadEachTime() throws SQLException {
        TaskRecord running = remembered(TaskRecord.submitted(OWNER, TaskId.random(), AT, Optional.empty(), T0));
        read(running);

        changeBehindTheStoresBack(running.task().id());

        assertThat(read(running).task().status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aCompletedRecordWhoseCopyIsBeingMadeIsReadEachTime() throws SQLException {
        TaskRecord copying = remembered(completed(Optional.empty(), ResultCopies.WANTED.due(T0)));
        read(copying);

        changeBehindTheStoresBack(copying.task().id());

        assertThat(read(copying).task().status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aCompletedRecordWhoseCopiesAreStillToBeDeletedIsReadEachTime() throws SQLException {
        TaskRecord copied = remembered(completed(Optional.empty(), copied(Optional.of(T0.plusSeconds(3600)))));
        read(copied);

        changeBehindTheStoresBack(copied.task().id());

        assertThat(read(copied).task().status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aCompletedRecordWhoseCopiesAreKeptForGoodIsKept() throws SQLException {
        TaskRecord copied = remembered(completed(Optional.empty(), copied(Optional.empty())));
        read(copied);

        changeBehindTheStoresBack(copied.task().id());

        assertThat(read(copied)).isEqualTo(copied);
    }

    @Test
    void aKeptRecordIsStillAnsweredToItsOwnerOnly() {
        TaskRecord finished = remembered(completed(Optional.empty()));
        read(finished);

        assertThat(await(store.tasks().find(SOMEONE_ELSE, finished.task().id()), 10)).isEmpty();
        assertThat(await(store.tasks().find(OWNER, finished.task().id()), 10)).contains(finished);
    }

    private TaskRecord completed(Optional<WebhookDelivery> webhook) {
        return completed(webhook, ResultCopies.NONE);
    }

    private TaskRecord completed(Optional<WebhookDelivery> webhook, ResultCopies results) {
        Task task = new Task(TaskId.random(), TaskStatus.COMPLETED,
                List.of(URI.create("https://cdn.example.com/1.mp4")));
        return new TaskRecord(OWNER, task, AT, webhook, T0, T0, MediaFacts.NONE, results);
    }

    /** Copies made at {@code T0}, to be deleted at {@code deleteAt} if ever. */
    private static ResultCopies copied(Optional<Instant> deleteAt) {
        return ResultCopies.WANTED.due(T0).copied(List.of(new ResultCopies.StoredVideo("task/0.mp4", 1000,
                "0".repeat(64), "video/mp4")), T0, deleteAt);
    }

    private TaskRecord remembered(TaskRecord record) {
        await(store.tasks().remember(record), 10);
        return record;
    }

    private TaskRecord read(TaskRecord record) {
        return await(store.tasks().find(record.owner(), record.task().id()), 10).orElseThrow();
    }

    private void changeBehindTheStoresBack(TaskId id) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("store.db"));
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE tasks SET status = 'FAILED' WHERE task_id = '" + id.value() + "'");
        }
    }
}
