package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.TwoInstancesOnPostgresTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL of its own, stopped and started again under two stores. */
class PostgresOutageTest {

    private static final Owner OWNER = new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey("k"));
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dataDirectory;

    private final Vertx vertx = Vertx.vertx();
    private EmbeddedPostgres postgres;

    @AfterEach
    void stopEverything() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        await(vertx.close().toCompletionStage(), 10);
    }

    @Test
    void aStoreWhoseDatabaseIsDownAnswersUnavailableQuicklyAndRecoversWhenItIsBack() throws Exception {
        int port = freePort();
        postgres = start(port);
        String url = TestPostgres.newDatabase(postgres);
        StateStore store = await(SqlStateStores.postgresql(vertx, url, Optional.empty()).toCompletionStage(), 10);
        StateStore other = await(SqlStateStores.postgresql(vertx, url, Optional.empty()).toCompletionStage(), 10);
        TaskRecord record = TaskRecord.submitted(OWNER, TaskId.random(), new ModelTier(Model.KLING_2_6, Tier.PRO),
                Optional.of(new WebhookUrl(HttpUrl.of("https://hooks.example.com/x"))), T0);
        await(store.tasks().remember(record), 10);

        postgres.close();
        postgres = null;
        long before = System.nanoTime();
        Throwable failure = failureOf(store.tasks().findById(record.task().id()).toCompletableFuture());
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(failure).isInstanceOf(StoreUnavailable.class).hasMessageContaining("PostgreSQL database");
        assertThat(took).isLessThan(Duration.ofSeconds(SqlStateStores.CALL_TIMEOUT_SECONDS));
        assertThat(failureOf(store.submissions().settleStale(T0).toCompletableFuture()))
                .isInstanceOf(StoreUnavailable.class);

        postgres = start(port);

        assertThat(await(store.tasks().findById(record.task().id()), 10)).contains(record);
        assertThat(heardAfterReconnecting(store, other, record.task().id())).isEqualTo(record.task().id());
        store.close();
        other.close();
    }

    /**
     * Changes the task through {@code store} until {@code other} hears of it: what is announced before its
     * listening connection is back is not heard.
     */
    private static TaskId heardAfterReconnecting(StateStore store, StateStore other, TaskId id) throws Exception {
        CompletableFuture<TaskId> heard = new CompletableFuture<>();
        other.onChangesElsewhere(heard::complete);
        for (int attempt = 1; attempt <= 50; attempt++) {
            int attempts = attempt;
            await(store.tasks().update(id, r -> r.withDelivery(new WebhookDelivery(r.webhook().orElseThrow().target(),
                    WebhookDelivery.State.WAITING, attempts, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                    Optional.empty()))), 10);
            try {
                return heard.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // The listening connection is not back yet: announce again.
            }
        }
        throw new AssertionError("the other store never heard of the change after the database came back");
    }

    private static Throwable failureOf(CompletableFuture<?> call) throws InterruptedException, TimeoutException {
        try {
            call.get(30, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded with the database down");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private EmbeddedPostgres start(int port) {
        return TestPostgres.start(EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                // Keeps the data when stopped, and skips initdb when started again on it.
                .setCleanDataDirectory(false)
                .setPort(port));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
