package dev.motioncontrol.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.ResultCopies.StoredVideo;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.Submissions.Begun;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.VideoFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.ImageFacts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} promises, written against the ports alone. Each store (in memory, SQLite,
 * PostgreSQL) runs it by subclassing and building the instance; a durable one runs
 * {@link DurableStateStoreContract}, which adds what must survive a restart.
 *
 * <p>Instants are kept to the millisecond: the tests use whole milliseconds.
 */
public abstract class StateStoreContract {

    protected static final Owner OWNER = owner("owner-key");
    protected static final Owner SOMEONE_ELSE = owner("someone-else-key");
    protected static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);
    protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/motion?x=1"));
    private static final long TIMEOUT_SECONDS = 20;

    protected StateStore store;

    /** A new, empty store for each test; closed after it. */
    protected abstract StateStore openStore();

    @BeforeEach
    final void openTheStore() {
        store = openStore();
    }

    @AfterEach
    final void closeTheStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the store did not answer: " + e, e);
        }
    }

    protected static Owner owner(String key) {
        return new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey(key));
    }

    protected static TaskId newTaskId() {
        return TaskId.random();
    }

    protected static TaskRecord aRecord(Owner owner, Instant createdAt) {
        return TaskRecord.submitted(owner, newTaskId(), AT, Optional.empty(), createdAt);
    }

    protected static TaskRecord withWebhook(Owner owner, Instant createdAt) {
        return TaskRecord.submitted(owner, newTaskId(), AT, Optional.of(HOOK), createdAt);
    }

    protected static Task completed(TaskId id) {
        return new Task(id, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v/1.mp4?sig=a%20b"),
                URI.create("https://cdn.example.com/v/2.mp4")));
    }

    /** A finished task whose webhook fell due at {@code dueAt}. */
    protected final TaskRecord finishedAndDue(Owner owner, Instant dueAt) {
        TaskRecord record = withWebhook(owner, dueAt.minusSeconds(60));
        await(store.tasks().remember(record));
        return await(store.tasks().update(record.task().id(), r -> r.reported(completed(r.task().id()), dueAt)))
                .orElseThrow().after();
    }

    /** A generated video as copied into the result store. */
    protected static StoredVideo storedVideo(TaskId id, int index) {
        return new StoredVideo(id.value() + "/" + index + ".mp4", 12_345_678L + index,
                "0123456789abcdef".repeat(3) + "%016x".formatted(index), "video/mp4");
    }

    /**
     * Copies in {@code state} with every other field set too (two videos, attempts, an error, every instant, to the
     * millisecond), next due at {@code dueAt} if ever: whatever a state has, the store keeps.
     */
    protected static ResultCopies copies(TaskId id, ResultCopies.State state, Optional<Instant> dueAt) {
        return new ResultCopies(state, List.of(storedVideo(id, 0), storedVideo(id, 1)), 3,
                Optional.of(T0.plusMillis(1_001)), Optional.of("HTTP 503 from \"cdn\" ✓, then {\"json\": [1]}"), dueAt,
                Optional.of(T0.plusMillis(2_002)), Optional.of(T0.plusMillis(3_003)));
    }

    /**
     * A completed task without webhook whose copies are in {@code state}, every field set (see {@link #copies}), next
     * due at {@code dueAt} if ever: remembered, and returned.
     */
    protected final TaskRecord completedWithCopies(ResultCopies.State state, Optional<Instant> dueAt,
            Instant createdAt) {
        TaskId id = newTaskId();
        TaskRecord record = new TaskRecord(OWNER, completed(id), AT, Optional.empty(), createdAt, createdAt,
                MediaFacts.NONE, copies(id, state, dueAt));
        await(store.tasks().remember(record));
        return record;
    }

    /** A task whose results are kept, completed at {@code completedAt}: its copy is due then. */
    protected final TaskRecord copyDue(Instant completedAt) {
        TaskRecord record = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(),
                completedAt.minusSeconds(60), MediaFacts.NONE, ResultCopies.WANTED);
        await(store.tasks().remember(record));
        return await(store.tasks().update(record.task().id(), r -> r.reported(completed(r.task().id()),
                completedAt))).orElseThrow().after();
    }

    protected static Submission pending(Owner owner, Optional<String> key, String fingerprint, Instant now) {
        return Submission.pending(UUID.randomUUID().toString(), owner, key, fingerprint, AT, now,
                now.plusSeconds(120), now.plus(Duration.ofHours(24)));
    }

    @Nested
    class Tasks {

        @Test
        void aRememberedTaskIsFoundByItsOwnerAndByIdButNotBySomeoneElse() {
            TaskRecord record = withWebhook(OWNER, T0);
            await(store.tasks().remember(record));

            assertThat(await(store.tasks().find(OWNER, record.task().id()))).contains(record);
            assertThat(await(store.tasks().findById(record.task().id()))).contains(record);
            assertThat(await(store.tasks().find(SOMEONE_ELSE, record.task().id()))).isEmpty();
            assertThat(await(store.tasks().findById(newTaskId()))).isEmpty();
        }

        @Test
        void whatWasMeasuredOfATasksMediaIsKeptWithItThroughItsChanges() {
            MediaFacts measured = new MediaFacts(
                    Optional.of(new ImageFacts(MediaFormat.WEBP, 640, 480, 10L * 1024 * 1024 + 1, true)),
                    Optional.of(new VideoFacts(MediaFormat.WEBM, Optional.of(Duration.ofMillis(12_345)), true,
                            OptionalLong.of(98_765))));
            TaskRecord record = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0, measured,
                    ResultCopies.NONE);
            await(store.tasks().remember(record));
            await(store.tasks().update(record.task().id(), r -> r.reported(completed(r.task().id()), T0.plusSeconds(9))));

            assertThat(await(store.tasks().findById(record.task().id()))).get()
                    .extracting(TaskRecord::media).isEqualTo(measured);

            TaskRecord unknownLength = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0,
                    new MediaFacts(Optional.empty(), Optional.of(new VideoFacts(MediaFormat.MP4, Optional.empty(),
                            false, OptionalLong.empty()))), ResultCopies.NONE);
            await(store.tasks().remember(unknownLength));
            assertThat(await(store.tasks().findById(unknownLength.task().id()))).contains(unknownLength);
        }

        @Test
        void rememberingATaskAgainLeavesTheFirstRecord() {
            TaskRecord first = aRecord(OWNER, T0);
            await(store.tasks().remember(first));
            await(store.tasks().remember(new TaskRecord(SOMEONE_ELSE, first.task(), AT, Optional.empty(),
                    T0.plusSeconds(5), T0.plusSeconds(5))));

            assertThat(await(store.tasks().findById(first.task().id()))).contains(first);
        }

        @Test
        void everyFieldComesBackAsItWasWritten() {
            TaskRecord record = withWebhook(OWNER, T0);
            await(store.tasks().remember(record));
            WebhookDelivery delivery = new WebhookDelivery(HOOK, WebhookDelivery.State.RETRYING, 3,
                    Optional.of(T0.plusSeconds(10)), OptionalInt.of(503), Optional.of("Service Unavailable ✓"),
                    Optional.of(T0.plusSeconds(70)));
            TaskRecord after = await(store.tasks().update(record.task().id(),
                    r -> r.reported(completed(r.task().id()), T0.plusSeconds(9)).withDelivery(delivery)))
                    .orElseThrow().after();

            TaskRecord read = await(store.tasks().findById(record.task().id())).orElseThrow();
            assertThat(read).isEqualTo(after);
            assertThat(read.task().generated()).hasSize(2);
            assertThat(read.checkedAt()).isEqualTo(T0.plusSeconds(9));
            assertThat(read.webhook()).contains(delivery);
        }

        @Test
        void anUnknownStatusAndAnUnanswerableDeliveryComeBackToo() {
            TaskRecord record = new TaskRecord(OWNER, new Task(newTaskId(), TaskStatus.of("QUEUED_ELSEWHERE"),
                    List.of()), new ModelTier(Model.KLING_3, Tier.STANDARD), Optional.of(new WebhookDelivery(HOOK,
                    WebhookDelivery.State.GAVE_UP, 12, Optional.of(T0), OptionalInt.empty(),
                    Optional.of("timed out"), Optional.empty())), T0, T0);
            await(store.tasks().remember(record));

            assertThat(await(store.tasks().findById(record.task().id()))).contains(record);
        }

        @Test
        void anUpdateReturnsTheRecordBeforeAndAfter() {
            TaskRecord record = withWebhook(OWNER, T0);
            await(store.tasks().remember(record));
            Task progress = new Task(record.task().id(), TaskStatus.IN_PROGRESS, List.of());

            TaskRecords.Change change = await(store.tasks().update(record.task().id(),
                    r -> r.reported(progress, T0.plusSeconds(3)))).orElseThrow();

            assertThat(change.before()).isEqualTo(record);
            assertThat(change.after().task()).isEqualTo(progress);
            assertThat(change.changed()).isTrue();
            assertThat(await(store.tasks().findById(record.task().id()))).contains(change.after());
        }

        @Test
        void anUpdateOfAnUnknownTaskIsEmptyAndRecordsNothing() {
            TaskId unknown = newTaskId();
            assertThat(await(store.tasks().update(unknown, r -> r))).isEmpty();
            assertThat(await(store.tasks().findById(unknown))).isEmpty();
        }

        @Test
        void concurrentUpdatesOfOneRecordLoseNone() {
            TaskRecord record = withWebhook(OWNER, T0);
            await(store.tasks().remember(record));
            int updates = 40;

            List<CompletableFuture<Optional<TaskRecords.Change>>> all = IntStream.range(0, updates)
                    .mapToObj(i -> store.tasks().update(record.task().id(), r -> r.withDelivery(oneMoreAttempt(r)))
                            .toCompletableFuture())
                    .toList();
            all.forEach(StateStoreContract::await);

            TaskRecord read = await(store.tasks().findById(record.task().id())).orElseThrow();
            assertThat(read.webhook().orElseThrow().attempts()).isEqualTo(updates);
        }

        private WebhookDelivery oneMoreAttempt(TaskRecord record) {
            WebhookDelivery d = record.webhook().orElseThrow();
            return new WebhookDelivery(d.target(), d.state(), d.attempts() + 1, d.lastAttemptAt(), d.lastStatus(),
                    d.lastError(), d.nextAttemptAt());
        }

        @Test
        void aListHoldsTheOwnersNewestHundredNewestFirst() {
            List<TaskRecord> mine = new ArrayList<>();
            for (int i = 0; i < TaskRecords.LIST_LIMIT + 5; i++) {
                TaskRecord record = aRecord(OWNER, T0.plusSeconds(i));
                mine.add(record);
                await(store.tasks().remember(record));
                await(store.tasks().remember(aRecord(SOMEONE_ELSE, T0.plusSeconds(i))));
            }

            List<TaskRecord> listed = await(store.tasks().list(OWNER));

            assertThat(listed).hasSize(TaskRecords.LIST_LIMIT);
            assertThat(listed.get(0)).isEqualTo(mine.get(mine.size() - 1));
            assertThat(listed.get(TaskRecords.LIST_LIMIT - 1)).isEqualTo(mine.get(5));
            assertThat(await(store.tasks().list(owner("no-tasks-key")))).isEmpty();
        }
    }

    @Nested
    class Outbox {

        @Test
        void aDueDeliveryIsClaimedOnceUntilItsLeaseEnds() {
            TaskRecord due = finishedAndDue(OWNER, T0);
            Instant lease = T0.plusSeconds(60);

            List<TaskRecord> claimed = await(store.outbox().claimDue(T0.plusSeconds(1), lease, 10));

            assertThat(claimed).extracting(r -> r.task().id()).containsExactly(due.task().id());
            assertThat(claimed.get(0).webhook().orElseThrow().nextAttemptAt()).contains(lease);
            assertThat(await(store.tasks().findById(due.task().id())).orElseThrow().webhook().orElseThrow()
                    .nextAttemptAt()).contains(lease);
            assertThat(await(store.outbox().claimDue(T0.plusSeconds(2), lease.plusSeconds(60), 10))).isEmpty();
            assertThat(await(store.outbox().claimDue(lease, lease.plusSeconds(60), 10))).hasSize(1);
        }

        @Test
        void onlyDueDeliveriesThatAreNotFinalAreClaimed() {
            TaskRecord waiting = withWebhook(OWNER, T0);
            await(store.tasks().remember(waiting));
            await(store.tasks().remember(aRecord(OWNER, T0)));
            TaskRecord later = finishedAndDue(OWNER, T0.plusSeconds(100));
            TaskRecord delivered = finishedAndDue(OWNER, T0);
            await(store.tasks().update(delivered.task().id(), r -> r.withDelivery(new WebhookDelivery(HOOK,
                    WebhookDelivery.State.DELIVERED, 1, Optional.of(T0), OptionalInt.of(200), Optional.empty(),
                    Optional.empty()))));

            assertThat(await(store.outbox().claimDue(T0.plusSeconds(10), T0.plusSeconds(70), 10))).isEmpty();
            assertThat(await(store.outbox().claimDue(T0.plusSeconds(100), T0.plusSeconds(160), 10)))
                    .extracting(r -> r.task().id()).containsExactly(later.task().id());
        }

        @Test
        void aRetryingDeliveryIsClaimedAtItsRetryTimeAndNotBefore() {
            TaskRecord due = finishedAndDue(OWNER, T0);
            Instant retryAt = T0.plusSeconds(300);
            await(store.tasks().update(due.task().id(), r -> r.withDelivery(new WebhookDelivery(HOOK,
                    WebhookDelivery.State.RETRYING, 1, Optional.of(T0), OptionalInt.of(503), Optional.empty(),
                    Optional.of(retryAt)))));

            assertThat(await(store.outbox().claimDue(retryAt.minusMillis(1), retryAt.plusSeconds(60), 10))).isEmpty();
            assertThat(await(store.outbox().claimDue(retryAt, retryAt.plusSeconds(60), 10)))
                    .extracting(r -> r.webhook().orElseThrow().state())
                    .containsExactly(WebhookDelivery.State.RETRYING);
        }

        @Test
        void theLongestDueAreClaimedFirstUpToTheLimit() {
            TaskRecord second = finishedAndDue(OWNER, T0.plusSeconds(2));
            TaskRecord first = finishedAndDue(OWNER, T0.plusSeconds(1));
            finishedAndDue(OWNER, T0.plusSeconds(3));

            assertThat(await(store.outbox().claimDue(T0.plusSeconds(5), T0.plusSeconds(65), 2)))
                    .extracting(r -> r.task().id()).containsExactly(first.task().id(), second.task().id());
        }

        @Test
        void concurrentClaimsShareTheDueDeliveriesWithoutOverlap() {
            List<TaskId> due = IntStream.range(0, 30).mapToObj(i -> finishedAndDue(OWNER, T0.plusMillis(i)))
                    .map(r -> r.task().id()).toList();

            List<CompletableFuture<List<TaskRecord>>> claims = IntStream.range(0, 8)
                    .mapToObj(i -> store.outbox().claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 5)
                            .toCompletableFuture())
                    .toList();
            List<TaskId> claimed = new ArrayList<>();
            claims.forEach(claim -> await(claim).forEach(r -> claimed.add(r.task().id())));

            assertThat(claimed).doesNotHaveDuplicates().hasSize(30).containsExactlyInAnyOrderElementsOf(due);
        }

        @Test
        void unfinishedTasksWithAWaitingWebhookAreTheOnesAwaited() {
            TaskRecord awaited = withWebhook(OWNER, T0);
            await(store.tasks().remember(awaited));
            await(store.tasks().remember(aRecord(OWNER, T0)));
            finishedAndDue(OWNER, T0);

            assertThat(await(store.outbox().awaitingTasks(10))).containsExactly(awaited);
        }

        @Test
        void unfinishedTasksWhoseResultsAreWantedAreAwaitedWithoutAWebhook() {
            TaskRecord wanted = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0, MediaFacts.NONE,
                    ResultCopies.WANTED);
            await(store.tasks().remember(wanted));
            TaskRecord both = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.of(HOOK), T0.plusMillis(1),
                    MediaFacts.NONE, ResultCopies.WANTED);
            await(store.tasks().remember(both));
            TaskRecord hooked = withWebhook(OWNER, T0.plusMillis(2));
            await(store.tasks().remember(hooked));
            await(store.tasks().remember(aRecord(OWNER, T0)));
            // Finished: not awaited, whatever its copies say.
            await(store.tasks().remember(new TaskRecord(OWNER, completed(newTaskId()), AT, Optional.empty(), T0, T0,
                    MediaFacts.NONE, ResultCopies.WANTED)));
            copyDue(T0);

            assertThat(await(store.outbox().awaitingTasks(10))).containsExactly(wanted, both, hooked);
        }

        @Test
        void aTaskWhoseResultsAreWantedLeavesTheAwaitedOnceFinished() {
            TaskRecord wanted = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0, MediaFacts.NONE,
                    ResultCopies.WANTED);
            await(store.tasks().remember(wanted));
            TaskId id = wanted.task().id();

            await(store.tasks().update(id, r -> r.reported(new Task(id, TaskStatus.FAILED, List.of()),
                    T0.plusSeconds(1))));

            assertThat(await(store.outbox().awaitingTasks(10))).isEmpty();
        }

        @Test
        void theAwaitedComeOldestFirstUpToTheLimitAndLeaveOnceFinished() {
            List<TaskRecord> awaited = IntStream.range(0, 4).mapToObj(i -> withWebhook(OWNER, T0.plusMillis(i)))
                    .toList();
            awaited.forEach(record -> await(store.tasks().remember(record)));
            TaskId first = awaited.get(0).task().id();

            assertThat(await(store.outbox().awaitingTasks(2))).containsExactly(awaited.get(0), awaited.get(1));

            await(store.tasks().update(first, r -> r.reported(completed(first), T0.plusSeconds(1))));
            assertThat(await(store.outbox().awaitingTasks(10)))
                    .containsExactly(awaited.get(1), awaited.get(2), awaited.get(3));
        }
    }

    @Nested
    class ResultCopiesKept {

        @Test
        void aRecordComesBackWithItsCopiesInEveryStateEveryFieldAsWritten() {
            for (ResultCopies.State state : ResultCopies.State.values()) {
                TaskRecord remembered = completedWithCopies(state, Optional.of(T0.plusMillis(4_004)), T0);
                assertThat(await(store.tasks().findById(remembered.task().id()))).as("remembered " + state)
                        .contains(remembered);

                TaskRecord plain = aRecord(OWNER, T0);
                await(store.tasks().remember(plain));
                ResultCopies changed = copies(plain.task().id(), state, Optional.empty());
                TaskRecord after = await(store.tasks().update(plain.task().id(),
                        r -> r.withResults(changed, T0.plusSeconds(1)))).orElseThrow().after();
                assertThat(after.results()).isEqualTo(changed);
                assertThat(await(store.tasks().findById(plain.task().id()))).as("updated to " + state)
                        .contains(after);
            }
        }

        @Test
        void theCopiesAsTheyStandAtEachStepOfTheirLifeComeBack() {
            TaskRecord wanted = TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0, MediaFacts.NONE,
                    ResultCopies.WANTED);
            await(store.tasks().remember(wanted));
            TaskId id = wanted.task().id();
            assertThat(await(store.tasks().findById(id))).contains(wanted);

            List<ResultCopies> steps = new ArrayList<>();
            steps.add(ResultCopies.WANTED.due(T0.plusSeconds(1)));
            steps.add(steps.get(0).attemptFailed(T0.plusSeconds(2), "HTTP 502", Optional.of(T0.plusSeconds(32))));
            steps.add(steps.get(1).copied(List.of(storedVideo(id, 0)), T0.plusSeconds(40),
                    Optional.of(T0.plus(Duration.ofDays(7)))));
            steps.add(steps.get(2).deleted(T0.plus(Duration.ofDays(7)).plusMillis(5)));
            steps.add(ResultCopies.WANTED.due(T0).attemptFailed(T0.plusMillis(1), "gave up", Optional.empty()));
            for (ResultCopies step : steps) {
                TaskRecord after = await(store.tasks().update(id, r -> r.withResults(step, T0))).orElseThrow()
                        .after();
                assertThat(await(store.tasks().findById(id))).as(step.state().name()).contains(after);
            }
        }

        @Test
        void aDueCopyIsClaimedOnceUntilItsLeaseEnds() {
            TaskRecord due = copyDue(T0);
            Instant lease = T0.plusSeconds(60);

            List<TaskRecord> claimed = await(store.results().claimDue(T0.plusSeconds(1), lease, 10));

            assertThat(claimed).extracting(r -> r.task().id()).containsExactly(due.task().id());
            assertThat(claimed.get(0).results().dueAt()).contains(lease);
            assertThat(claimed.get(0).results().state()).isEqualTo(ResultCopies.State.COPYING);
            assertThat(await(store.tasks().findById(due.task().id())))
                    .contains(claimed.get(0)).get().extracting(r -> r.results().dueAt()).isEqualTo(Optional.of(lease));
            assertThat(await(store.results().claimDue(T0.plusSeconds(2), lease.plusSeconds(60), 10))).isEmpty();
            assertThat(await(store.results().claimDue(lease.minusMillis(1), lease.plusSeconds(60), 10))).isEmpty();
            assertThat(await(store.results().claimDue(lease, lease.plusSeconds(60), 10))).hasSize(1);
        }

        @Test
        void onlyCopiesBeingMadeOrDueForDeletionAreClaimedAndOnlyOnceDue() {
            List<TaskId> claimable = new ArrayList<>();
            for (ResultCopies.State state : ResultCopies.State.values()) {
                // A due date in every state, though only two have one: the state alone decides.
                TaskRecord record = completedWithCopies(state, Optional.of(T0), T0);
                if (EnumSet.of(ResultCopies.State.COPYING, ResultCopies.State.COPIED).contains(state)) {
                    claimable.add(record.task().id());
                }
            }
            completedWithCopies(ResultCopies.State.COPIED, Optional.empty(), T0); // kept for good: never due
            TaskRecord later = completedWithCopies(ResultCopies.State.COPYING, Optional.of(T0.plusSeconds(100)), T0);
            await(store.tasks().remember(TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(), T0,
                    MediaFacts.NONE, ResultCopies.WANTED)));

            assertThat(await(store.results().claimDue(T0.plusSeconds(99), T0.plusSeconds(160), 10)))
                    .extracting(r -> r.task().id()).containsExactlyInAnyOrderElementsOf(claimable);
            assertThat(await(store.results().claimDue(T0.plusSeconds(100), T0.plusSeconds(160), 10)))
                    .extracting(r -> r.task().id()).containsExactly(later.task().id());
        }

        @Test
        void theLongestDueCopiesAreClaimedFirstUpToTheLimit() {
            TaskRecord second = completedWithCopies(ResultCopies.State.COPIED, Optional.of(T0.plusSeconds(2)), T0);
            TaskRecord first = copyDue(T0.plusSeconds(1));
            completedWithCopies(ResultCopies.State.COPYING, Optional.of(T0.plusSeconds(3)), T0);

            assertThat(await(store.results().claimDue(T0.plusSeconds(5), T0.plusSeconds(65), 2)))
                    .extracting(r -> r.task().id()).containsExactly(first.task().id(), second.task().id());
        }

        @Test
        void concurrentClaimsShareTheDueCopiesWithoutOverlap() {
            List<TaskId> due = IntStream.range(0, 30)
                    .mapToObj(i -> i % 2 == 0 ? copyDue(T0.plusMillis(i)) : completedWithCopies(
                            ResultCopies.State.COPIED, Optional.of(T0.plusMillis(i)), T0))
                    .map(r -> r.task().id()).toList();

            List<CompletableFuture<List<TaskRecord>>> claims = IntStream.range(0, 8)
                    .mapToObj(i -> store.results().claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 5)
                            .toCompletableFuture())
                    .toList();
            List<TaskId> claimed = new ArrayList<>();
            claims.forEach(claim -> await(claim).forEach(r -> claimed.add(r.task().id())));

            assertThat(claimed).doesNotHaveDuplicates().hasSize(30).containsExactlyInAnyOrderElementsOf(due);
        }

        @Test
        void aClaimOfCopiesLeavesTheWebhookAndOneOfDeliveriesLeavesTheCopies() {
            TaskRecord both = finishedAndDue(OWNER, T0);
            Instant deleteAt = T0.plusSeconds(1);
            await(store.tasks().update(both.task().id(), r -> r.withResults(
                    copies(r.task().id(), ResultCopies.State.COPIED, Optional.of(deleteAt)), T0)));

            TaskRecord copiesClaimed = await(store.results().claimDue(T0.plusSeconds(5), T0.plusSeconds(65), 10))
                    .get(0);
            assertThat(copiesClaimed.webhook().orElseThrow().nextAttemptAt()).contains(T0);
            TaskRecord deliveryClaimed = await(store.outbox().claimDue(T0.plusSeconds(5), T0.plusSeconds(70), 10))
                    .get(0);
            assertThat(deliveryClaimed.results().dueAt()).contains(T0.plusSeconds(65));

            TaskRecord read = await(store.tasks().findById(both.task().id())).orElseThrow();
            assertThat(read.results().dueAt()).contains(T0.plusSeconds(65));
            assertThat(read.webhook().orElseThrow().nextAttemptAt()).contains(T0.plusSeconds(70));
        }

        @Test
        void aCopyThatIsNoLongerBeingMadeIsNoLongerClaimed() {
            TaskRecord due = copyDue(T0);
            await(store.tasks().update(due.task().id(), r -> r.withResults(r.results().attemptFailed(T0, "gone",
                    Optional.empty()), T0)));

            assertThat(await(store.results().claimDue(T0.plusSeconds(1), T0.plusSeconds(61), 10))).isEmpty();
        }
    }

    @Nested
    class SubmissionJournal {

        @Test
        void aSubmissionWithoutKeyAlwaysStartsAndItsTaskIsRecordedWhenCreated() {
            Submission submission = pending(OWNER, Optional.empty(), "fp", T0);
            assertThat(await(store.submissions().begin(submission))).isEqualTo(new Begun.Started(submission));
            assertThat(await(store.submissions().begin(pending(OWNER, Optional.empty(), "fp", T0))))
                    .isInstanceOf(Begun.Started.class);
            TaskRecord task = aRecord(OWNER, T0.plusSeconds(1));

            await(store.submissions().created(submission, task));

            assertThat(await(store.tasks().find(OWNER, task.task().id()))).contains(task);
        }

        @Test
        void manySubmissionsCreatedAtOnceAreEachRecordedButOneThatRepeatsAKnownTaskIsNot() {
            TaskRecord known = aRecord(SOMEONE_ELSE, T0);
            await(store.tasks().remember(known));
            List<Submission> submissions = IntStream.range(0, 20)
                    .mapToObj(i -> pending(OWNER, i % 2 == 0 ? Optional.empty() : Optional.of("many-" + i), "fp", T0))
                    .toList();
            submissions.forEach(submission -> await(store.submissions().begin(submission)));
            List<TaskRecord> tasks = IntStream.range(0, 20)
                    .mapToObj(i -> i == 7 ? new TaskRecord(OWNER, known.task(), AT, Optional.empty(), T0, T0)
                            // Some with their media measured, or their results kept: the many-row statements carry
                            // those columns too.
                            : i % 3 == 0 ? TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(),
                                    T0.plusSeconds(i), new MediaFacts(Optional.of(ImageFacts.of(MediaFormat.PNG, 300,
                                            300 + i, 5000)), Optional.empty()), ResultCopies.NONE)
                            : i % 3 == 1 ? TaskRecord.submitted(OWNER, newTaskId(), AT, Optional.empty(),
                                    T0.plusSeconds(i), MediaFacts.NONE, ResultCopies.WANTED)
                            : aRecord(OWNER, T0.plusSeconds(i)))
                    .toList();

            List<CompletableFuture<Boolean>> created = IntStream.range(0, 20)
                    .mapToObj(i -> store.submissions().created(submissions.get(i), tasks.get(i)).toCompletableFuture())
                    .toList();

            for (int i = 0; i < 20; i++) {
                assertThat(await(created.get(i))).as("created " + i).isEqualTo(i != 7);
                if (i == 7) {
                    assertThat(await(store.tasks().findById(known.task().id()))).as("the known task").contains(known);
                } else {
                    assertThat(await(store.tasks().find(OWNER, tasks.get(i).task().id()))).contains(tasks.get(i));
                }
            }
            Begun again = await(store.submissions().begin(pending(OWNER, Optional.of("many-7"), "fp", T0)));
            assertThat(((Begun.Existing) again).submission().state()).as("left for the caller to settle")
                    .isEqualTo(Submission.State.PENDING);
            assertThat(((Begun.Existing) again).submission().taskId()).isEmpty();
        }

        @Test
        void aSecondSubmissionUnderTheSameKeyFindsTheFirst() {
            Submission first = pending(OWNER, Optional.of("key-1"), "fp", T0);
            await(store.submissions().begin(first));

            assertThat(await(store.submissions().begin(pending(OWNER, Optional.of("key-1"), "other", T0))))
                    .isEqualTo(new Begun.Existing(first));
            assertThat(await(store.submissions().begin(pending(SOMEONE_ELSE, Optional.of("key-1"), "fp", T0))))
                    .isInstanceOf(Begun.Started.class);
        }

        @Test
        void aCreatedSubmissionIsFoundWithItsTask() {
            Submission first = pending(OWNER, Optional.of("key-2"), "fp", T0);
            await(store.submissions().begin(first));
            TaskRecord task = aRecord(OWNER, T0.plusSeconds(1));
            await(store.submissions().created(first, task));

            Begun again = await(store.submissions().begin(pending(OWNER, Optional.of("key-2"), "fp", T0)));

            Submission existing = ((Begun.Existing) again).submission();
            assertThat(existing.state()).isEqualTo(Submission.State.CREATED);
            assertThat(existing.taskId()).contains(task.task().id());
            assertThat(existing.fingerprint()).isEqualTo("fp");
        }

        @Test
        void ofManyRacingUnderOneKeyExactlyOneStarts() {
            List<CompletableFuture<Begun>> racing = IntStream.range(0, 20)
                    .mapToObj(i -> store.submissions().begin(pending(OWNER, Optional.of("racing"), "fp", T0))
                            .toCompletableFuture())
                    .toList();

            List<Begun> outcomes = racing.stream().map(StateStoreContract::await).toList();

            assertThat(outcomes).filteredOn(Begun.Started.class::isInstance).hasSize(1);
            Submission winner = ((Begun.Started) outcomes.stream().filter(Begun.Started.class::isInstance)
                    .findFirst().orElseThrow()).submission();
            assertThat(outcomes).filteredOn(Begun.Existing.class::isInstance)
                    .allSatisfy(b -> assertThat(((Begun.Existing) b).submission().id()).isEqualTo(winner.id()));
        }

        @Test
        void anUncertainSubmissionSaysSoUnderItsKey() {
            Submission first = pending(OWNER, Optional.of("key-3"), "fp", T0);
            await(store.submissions().begin(first));
            await(store.submissions().uncertain(first, "the provider did not answer within 60 s"));

            Submission existing = ((Begun.Existing) await(store.submissions()
                    .begin(pending(OWNER, Optional.of("key-3"), "fp", T0)))).submission();

            assertThat(existing.state()).isEqualTo(Submission.State.UNCERTAIN);
            assertThat(existing.reason()).contains("the provider did not answer within 60 s");
        }

        @Test
        void anAbandonedSubmissionFreesItsKey() {
            Submission first = pending(OWNER, Optional.of("key-4"), "fp", T0);
            await(store.submissions().begin(first));
            await(store.submissions().abandon(first.id()));

            assertThat(await(store.submissions().begin(pending(OWNER, Optional.of("key-4"), "fp", T0))))
                    .isInstanceOf(Begun.Started.class);
        }

        @Test
        void aSubmissionPendingPastItsTimeIsSettledAsUncertain() {
            Submission stale = pending(OWNER, Optional.of("key-5"), "fp", T0);
            Submission fresh = pending(OWNER, Optional.of("key-6"), "fp", T0.plusSeconds(100));
            Submission done = pending(OWNER, Optional.empty(), "fp", T0);
            await(store.submissions().begin(stale));
            await(store.submissions().begin(fresh));
            await(store.submissions().begin(done));
            await(store.submissions().created(done, aRecord(OWNER, T0)));

            List<Submission> settled = await(store.submissions().settleStale(T0.plusSeconds(121)));

            assertThat(settled).extracting(Submission::id).containsExactly(stale.id());
            assertThat(settled.get(0).state()).isEqualTo(Submission.State.UNCERTAIN);
            assertThat(settled.get(0).reason()).isPresent();
            assertThat(((Begun.Existing) await(store.submissions()
                    .begin(pending(OWNER, Optional.of("key-6"), "fp", T0)))).submission().state())
                    .isEqualTo(Submission.State.PENDING);
            assertThat(await(store.submissions().settleStale(T0.plusSeconds(121)))).isEmpty();
        }

        @Test
        void anExpiredSubmissionIsForgottenAndItsKeyFree() {
            Submission old = pending(OWNER, Optional.of("key-7"), "fp", T0);
            await(store.submissions().begin(old));
            await(store.submissions().created(old, aRecord(OWNER, T0)));

            await(store.submissions().forgetExpired(T0.plus(Duration.ofHours(23))));
            assertThat(await(store.submissions().begin(pending(OWNER, Optional.of("key-7"), "fp", T0))))
                    .isInstanceOf(Begun.Existing.class);

            await(store.submissions().forgetExpired(T0.plus(Duration.ofHours(25))));
            assertThat(await(store.submissions().begin(pending(OWNER, Optional.of("key-7"), "fp", T0))))
                    .isInstanceOf(Begun.Started.class);
        }
    }

    @Nested
    class ProviderWebhookIds {

        @Test
        void anIdIsSeenOnceRememberedUntilForgotten() {
            assertThat(await(store.seenProviderWebhooks().seen("msg_1"))).isFalse();

            await(store.seenProviderWebhooks().remember("msg_1", T0));
            await(store.seenProviderWebhooks().remember("msg_1", T0.plusSeconds(1)));
            await(store.seenProviderWebhooks().remember("msg_2", T0.plusSeconds(100)));

            assertThat(await(store.seenProviderWebhooks().seen("msg_1"))).isTrue();
            await(store.seenProviderWebhooks().forgetBefore(T0.plusSeconds(50)));
            assertThat(await(store.seenProviderWebhooks().seen("msg_1"))).isFalse();
            assertThat(await(store.seenProviderWebhooks().seen("msg_2"))).isTrue();
        }
    }

    @Test
    void theOwnerSecretIsMadeOnceAndKept() {
        byte[] secret = await(store.ownerSecret());

        assertThat(secret).hasSizeGreaterThanOrEqualTo(OwnerHashing.SECRET_BYTES);
        assertThat(await(store.ownerSecret())).isEqualTo(secret);
    }
}
