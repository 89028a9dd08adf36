package dev.motioncontrol.adapters.sql;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances of the service, each with its own store, on one PostgreSQL database. */
class TwoInstancesOnPostgresTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Owner OWNER = new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey("k"));
    private static final ModelTier AT = new ModelTier(Model.KLING_3, Tier.PRO);
    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private StateStore one;
    private StateStore other;

    @BeforeEach
    void openTwoStoresOnOneDatabase() {
        String url = TestPostgres.newDatabase();
        one = await(SqlStateStores.postgresql(VERTX, url, Optional.empty()).toCompletionStage(), 10);
        other = await(SqlStateStores.postgresql(VERTX, url, Optional.empty()).toCompletionStage(), 10);
    }

    @AfterEach
    void closeThem() {
        one.close();
        other.close();
    }

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage(), 10);
    }

    @Test
    void bothAreShared() {
        assertThat(one.shared()).isTrue();
        assertThat(other.shared()).isTrue();
    }

    @Test
    void aChangeThroughOneIsHeardByTheOtherWithinASecondAndNotByItself() {
        TaskRecord first = remembered();
        TaskRecord second = remembered();
        List<TaskId> heardByOne = new CopyOnWriteArrayList<>();
        List<TaskId> heardByOther = new CopyOnWriteArrayList<>();
        CompletableFuture<TaskId> otherHeard = new CompletableFuture<>();
        CompletableFuture<TaskId> oneHeard = new CompletableFuture<>();
        one.onChangesElsewhere(both(heardByOne::add, oneHeard::complete));
        other.onChangesElsewhere(both(heardByOther::add, otherHeard::complete));

        await(one.tasks().update(first.task().id(), r -> r.reported(progress(r), T0.plusSeconds(1))), 10);
        assertThat(await(otherHeard, 1)).isEqualTo(first.task().id());
        await(other.tasks().update(second.task().id(), r -> r.reported(progress(r), T0.plusSeconds(2))), 10);
        assertThat(await(oneHeard, 1)).isEqualTo(second.task().id());

        // Notices reach each listener in the order they were committed: had one heard its own change, it would
        // have heard it before the other's.
        assertThat(heardByOne).containsExactly(second.task().id());
        assertThat(heardByOther).containsExactly(first.task().id());
    }

    @Test
    void aTaskRememberedThroughOneIsFoundThroughTheOther() {
        TaskRecord record = remembered();

        assertThat(await(other.tasks().find(OWNER, record.task().id()), 10)).contains(record);
    }

    @Test
    void dueDeliveriesClaimedThroughBothAreEachClaimedOnce() {
        List<TaskId> due = IntStream.range(0, 30).mapToObj(i -> finishedAndDue(T0.plusMillis(i))).toList();

        List<CompletableFuture<List<TaskRecord>>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (StateStore store : List.of(one, other)) {
                claims.add(store.outbox().claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 5).toCompletableFuture());
            }
        }
        List<TaskId> claimed = new ArrayList<>();
        claims.forEach(claim -> await(claim, 10).forEach(r -> claimed.add(r.task().id())));

        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due);
    }

    @Test
    void dueCopiesClaimedThroughBothAreEachClaimedOnce() {
        List<TaskId> due = IntStream.range(0, 30).mapToObj(i -> copyDue(T0.plusMillis(i))).toList();

        List<CompletableFuture<List<TaskRecord>>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (StateStore store : List.of(one, other)) {
                claims.add(store.results().claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 5).toCompletableFuture());
            }
        }
        List<TaskId> claimed = new ArrayList<>();
        claims.forEach(claim -> await(claim, 10).forEach(r -> claimed.add(r.task().id())));

        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due);
    }

    @Test
    void ofSubmissionsRacingUnderOneKeyThroughBothExactlyOneStarts() {
        List<CompletableFuture<Begun>> racing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (StateStore store : List.of(one, other)) {
                racing.add(store.submissions().begin(Submission.pending(UUID.randomUUID().toString(), OWNER,
                        Optional.of("racing"), "fp", AT, T0, T0.plusSeconds(120), T0.plus(Duration.ofHours(24))))
                        .toCompletableFuture());
            }
        }

        List<Begun> outcomes = racing.stream().map(begun -> await(begun, 10)).toList();

        assertThat(outcomes).filteredOn(Begun.Started.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Begun.Existing.class::isInstance).hasSize(19);
    }

    @Test
    void bothHashOwnersWithTheSameSecret() {
        assertThat(await(one.ownerSecret(), 10)).isEqualTo(await(other.ownerSecret(), 10));
    }

    private TaskRecord remembered() {
        TaskRecord record = TaskRecord.submitted(OWNER, TaskId.random(), AT, Optional.of(HOOK), T0);
        await(one.tasks().remember(record), 10);
        return record;
    }

    private TaskId finishedAndDue(Instant dueAt) {
        TaskRecord record = remembered();
        await(one.tasks().update(record.task().id(), r -> r.reported(
                new Task(r.task().id(), TaskStatus.COMPLETED, List.of()), dueAt)), 10);
        assertThat(await(one.tasks().findById(record.task().id()), 10).orElseThrow().webhook()
                .flatMap(WebhookDelivery::nextAttemptAt)).contains(dueAt);
        return record.task().id();
    }

    /** A task whose results are kept, completed at {@code completedAt}: its copy is due then. */
    private TaskId copyDue(Instant completedAt) {
        TaskRecord record = TaskRecord.submitted(OWNER, TaskId.random(), AT, Optional.empty(), T0, MediaFacts.NONE,
                ResultCopies.WANTED);
        await(one.tasks().remember(record), 10);
        await(one.tasks().update(record.task().id(), r -> r.reported(
                new Task(r.task().id(), TaskStatus.COMPLETED, List.of()), completedAt)), 10);
        assertThat(await(one.tasks().findById(record.task().id()), 10).orElseThrow().results().dueAt())
                .contains(completedAt);
        return record.task().id();
    }

    private static Task progress(TaskRecord record) {
        return new Task(record.task().id(), TaskStatus.IN_PROGRESS, List.of());
    }

    private static Consumer<TaskId> both(Consumer<TaskId> first, Consumer<TaskId> second) {
        return id -> {
            first.accept(id);
            second.accept(id);
        };
    }

    @Test
    void theInstancesSpendOneRateBudgetTogether() {
        // 10 a second with bursts of 4: between them, the two take the burst at once, then one each 100 ms.
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            StateStore instance = i % 2 == 0 ? one : other;
            waits.add(await(instance.rateBudget().orElseThrow().take(10, 4, Duration.ofSeconds(5)), 10).orElseThrow());
        }

        assertThat(waits.subList(0, 4)).allMatch(Duration::isZero);
        // Each take a database round trip later than the one before: the waits shrink by that much, no more.
        assertThat(waits.get(4)).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(waits.get(7)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(await(other.rateBudget().orElseThrow().take(10, 4, Duration.ofMillis(100)), 10))
                .as("a request that may not wait that long takes nothing").isEmpty();
        assertThat(await(one.rateBudget().orElseThrow().take(10, 4, Duration.ofSeconds(5)), 10).orElseThrow())
                .isLessThanOrEqualTo(Duration.ofMillis(500));
    }

    static <T> T await(CompletionStage<T> stage, long seconds) {
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer within " + seconds + " s: " + e, e);
        }
    }
}
