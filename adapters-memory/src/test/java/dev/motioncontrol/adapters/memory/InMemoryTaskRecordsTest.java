package dev.motioncontrol.adapters.memory;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.application.port.out.TaskRecords;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryTaskRecordsTest {

    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);

    private static final ClientKey ALICE = new ClientKey("alice");
    private static final ClientKey BOB = new ClientKey("bob");

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-27T10:00:00Z"));
    private final InMemoryTaskRecords records = new InMemoryTaskRecords(5, Duration.ofHours(1), time);

    @Test
    void findsARememberedTaskForItsOwnerOnly() {
        Task task = Task.created(TaskId.random());
        join(records.remember(ALICE, task, AT, Optional.empty()));

        assertThat(join(records.find(ALICE, task.id())).map(TaskRecords.TaskRecord::task)).contains(task);
        assertThat(join(records.find(BOB, task.id())).map(TaskRecords.TaskRecord::task)).isEmpty();
    }

    @Test
    void anUpdateMovesATaskForwardButNeverBack() {
        TaskId id = TaskId.random();
        join(records.remember(ALICE, Task.created(id), AT, Optional.empty()));
        Task completed = new Task(id, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")));

        assertThat(join(records.update(completed))).map(change -> change.after().task()).contains(completed);
        assertThat(join(records.update(new Task(id, TaskStatus.IN_PROGRESS, List.of()))))
                .map(change -> change.after().task()).contains(completed);
        assertThat(join(records.find(ALICE, id)).map(TaskRecords.TaskRecord::task)).contains(completed);
    }

    @Test
    void anUpdateSaysWhetherTheTaskMoved() {
        TaskId id = TaskId.random();
        join(records.remember(ALICE, Task.created(id), AT, Optional.empty()));

        assertThat(join(records.update(Task.created(id)))).hasValueSatisfying(change ->
                assertThat(change.changed()).isFalse());
        assertThat(join(records.update(new Task(id, TaskStatus.FAILED, List.of())))).hasValueSatisfying(change ->
                assertThat(change.changed()).isTrue());
    }

    @Test
    void anUpdateOfAnUnknownTaskChangesNothing() {
        assertThat(join(records.update(new Task(TaskId.random(), TaskStatus.FAILED, List.of())))).isEmpty();
    }

    @Test
    void keepsTheWebhookDeliveryWithTheTask() {
        TaskId id = TaskId.random();
        WebhookUrl hook = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));
        join(records.remember(ALICE, Task.created(id), AT, Optional.of(hook)));
        assertThat(join(records.findById(id))).hasValueSatisfying(record -> {
            assertThat(record.owner()).isEqualTo(ALICE);
            assertThat(record.webhook()).contains(WebhookDelivery.waiting(hook));
        });

        WebhookDelivery delivered = new WebhookDelivery(hook, WebhookDelivery.State.DELIVERED, 1,
                Optional.of(time.now()), OptionalInt.of(200), Optional.empty(), Optional.empty());
        join(records.recordDelivery(id, delivered));

        assertThat(join(records.findById(id)).orElseThrow().webhook()).contains(delivered);
    }

    @Test
    void listsAnOwnersTasksNewestFirstAndNoOneElses() {
        Task first = Task.created(TaskId.random());
        Task second = Task.created(TaskId.random());
        join(records.remember(ALICE, first, AT, Optional.empty()));
        join(records.remember(BOB, Task.created(TaskId.random()), AT, Optional.empty()));
        join(records.remember(ALICE, second, AT, Optional.empty()));

        assertThat(join(records.list(ALICE)).stream().map(TaskRecords.TaskRecord::task).toList()).containsExactly(second, first);
    }

    @Test
    void forgetsTheOldestBeyondCapacity() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Task task = Task.created(TaskId.random());
            tasks.add(task);
            join(records.remember(ALICE, task, AT, Optional.empty()));
        }

        assertThat(join(records.find(ALICE, tasks.get(0).id()))).isEmpty();
        assertThat(join(records.find(ALICE, tasks.get(1).id()))).isPresent();
        assertThat(records.size()).isEqualTo(5);
        assertThat(join(records.list(ALICE)).stream().map(TaskRecords.TaskRecord::task).toList()).hasSize(5).doesNotContain(tasks.get(0));
    }

    @Test
    void aTaskIsForgottenOnceItReachesTheMaximumAge() {
        Task task = Task.created(TaskId.random());
        join(records.remember(ALICE, task, AT, Optional.empty()));

        time.advance(Duration.ofHours(1).minusMillis(1));
        assertThat(join(records.find(ALICE, task.id())).map(TaskRecords.TaskRecord::task)).isPresent();
        time.advance(Duration.ofMillis(1));
        assertThat(join(records.find(ALICE, task.id())).map(TaskRecords.TaskRecord::task)).isEmpty();
        assertThat(join(records.list(ALICE)).stream().map(TaskRecords.TaskRecord::task).toList()).isEmpty();
    }

    @Test
    void expiredTasksAreReclaimedWhenTheNextIsRecorded() {
        join(records.remember(ALICE, Task.created(TaskId.random()), AT, Optional.empty()));
        time.advance(Duration.ofHours(2));

        join(records.remember(BOB, Task.created(TaskId.random()), AT, Optional.empty()));

        assertThat(records.size()).isEqualTo(1);
    }

    @Test
    void concurrentRecordingLosesNothingWithinCapacity() throws Exception {
        InMemoryTaskRecords large = new InMemoryTaskRecords(100_000, Duration.ofHours(1), time);
        int threads = 8;
        int perThread = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<TaskId> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            ClientKey owner = new ClientKey("owner-" + t);
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    Task task = Task.created(TaskId.random());
                    ids.add(task.id());
                    large.remember(owner, task, AT, Optional.empty());
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(large.size()).isEqualTo(threads * perThread);
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
