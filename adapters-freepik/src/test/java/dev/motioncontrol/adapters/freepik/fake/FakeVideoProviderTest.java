package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.CharacterImage;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.ReferenceVideo;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakeVideoProviderTest {

    private static final Owner OWNER = MapStateStore.owner(new ClientKey("owner-key"));
    private static final Duration QUEUE = Duration.ofSeconds(2);
    private static final Duration GENERATION = Duration.ofSeconds(5);
    private static final Duration ONE_MS = Duration.ofMillis(1);

    private final ManualTimeSource clock = ManualTimeSource.standingStill();
    private final FakeProviderSettings settings = FakeProviderSettings.defaults(URI.create("http://localhost:8080"));

    @Nested
    class Lifecycle {

        private final FakeVideoProvider provider = new FakeVideoProvider(settings, clock);

        @Test
        void submitReturnsACreatedTaskWithAFreshUuid() {
            Task task = submit(provider, "a dancer");

            assertThat(task.status()).isEqualTo(TaskStatus.CREATED);
            assertThat(task.id().value()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }

        @Test
        void isCreatedOneMillisecondBeforeTheQueueDelay() {
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(QUEUE.minus(ONE_MS));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.CREATED);
        }

        @Test
        void isInProgressExactlyAtTheQueueDelay() {
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(QUEUE);

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        }

        @Test
        void isInProgressOneMillisecondBeforeBothDelaysHavePassed() {
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(QUEUE.plus(GENERATION).minus(ONE_MS));

            Task task = statusOf(provider, id);
            assertThat(task.status()).isEqualTo(TaskStatus.IN_PROGRESS);
            assertThat(task.generated()).isEmpty();
        }

        @Test
        void isCompletedWithOneVideoExactlyWhenBothDelaysHavePassed() {
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(QUEUE.plus(GENERATION));

            Task task = statusOf(provider, id);
            assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(task.generated()).hasSize(1);
        }

        @Test
        void knowsWhenEachTaskMovesNextAndThatAFinishedOneWillNot() {
            TaskId id = submit(provider, "a dancer").id();
            ModelTier at = new ModelTier(Model.KLING_2_6, Tier.PRO);

            clock.advance(Duration.ofMillis(500));
            assertThat(provider.nextMoveWithin(OWNER, id, at)).contains(QUEUE.minusMillis(500));
            clock.advance(QUEUE);
            assertThat(provider.nextMoveWithin(OWNER, id, at)).contains(GENERATION.minusMillis(500));
            clock.advance(GENERATION);
            assertThat(provider.nextMoveWithin(OWNER, id, at)).isEmpty();
            assertThat(provider.nextMoveWithin(MapStateStore.owner(new ClientKey("someone else")),
                    submit(provider, "another").id(), at)).as("not the caller's").isEmpty();
        }

        @Test
        void staysCompletedLater() {
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(Duration.ofHours(23));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.COMPLETED);
        }

        @Test
        void generatedVideoIsServedUnderTheMediaBaseUrl() {
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(QUEUE.plus(GENERATION));

            assertThat(statusOf(provider, id).generated())
                    .containsExactly(URI.create("http://localhost:8080/fake-media/" + id.value() + ".mp4"));
        }

        @Test
        void aTrailingSlashOnTheMediaBaseUrlIsNotDoubled() {
            FakeVideoProvider withSlash = new FakeVideoProvider(
                    settings.withMediaBaseUrl(URI.create("https://fake.example.com/")).withoutDelays(), clock);
            TaskId id = submit(withSlash, "a dancer").id();

            Task task = statusOf(withSlash, id);

            assertThat(task.generated())
                    .containsExactly(URI.create("https://fake.example.com/fake-media/" + id.value() + ".mp4"));
        }

        @Test
        void withoutDelaysTheFirstReadFindsTheTaskCompleted() {
            FakeVideoProvider immediate = new FakeVideoProvider(settings.withoutDelays(), clock);
            TaskId id = submit(immediate, "a dancer").id();

            assertThat(statusOf(immediate, id).status()).isEqualTo(TaskStatus.COMPLETED);
        }

        @Test
        void aTaskWithoutPromptCompletes() {
            TaskId id = provider.submit(OWNER, transfer(Optional.empty())).toCompletableFuture().join().id();

            clock.advance(QUEUE.plus(GENERATION));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.COMPLETED);
        }
    }

    @Nested
    class Markers {

        private final FakeVideoProvider provider = new FakeVideoProvider(settings, clock);

        @Test
        void failMarkerEndsTheTaskFailedWithoutVideo() {
            TaskId id = submit(provider, "a dancer " + FakeVideoProvider.FAIL_MARKER).id();

            clock.advance(QUEUE.plus(GENERATION));

            Task task = statusOf(provider, id);
            assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(task.generated()).isEmpty();
        }

        @Test
        void failMarkerStillGoesThroughInProgress() {
            TaskId id = submit(provider, FakeVideoProvider.FAIL_MARKER).id();

            clock.advance(QUEUE);

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[FAKE:FAIL]", "[Fake:Fail] at the start", "in the middle [fake:FAIL] of it"})
        void failMarkerMatchesInAnyCaseAnywhere(String prompt) {
            TaskId id = submit(provider, prompt).id();

            clock.advance(QUEUE.plus(GENERATION));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.FAILED);
        }

        @Test
        void aPromptThatOnlyResemblesTheMarkerCompletes() {
            TaskId id = submit(provider, "fake:fail [fake fail] [fake:fai]").id();

            clock.advance(QUEUE.plus(GENERATION));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.COMPLETED);
        }

        @Test
        void slowMarkerKeepsTheTaskCreatedTenTimesLonger() {
            TaskId id = submit(provider, "a dancer [Fake:Slow]").id();

            clock.advance(QUEUE.multipliedBy(10).minus(ONE_MS));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.CREATED);
        }

        @Test
        void slowMarkerStartsGeneratingAtTenTimesTheQueueDelay() {
            TaskId id = submit(provider, "a dancer [FAKE:SLOW]").id();

            clock.advance(QUEUE.multipliedBy(10));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        }

        @Test
        void slowMarkerGeneratesTenTimesLonger() {
            TaskId id = submit(provider, "[fake:slow] a dancer").id();

            clock.advance(QUEUE.plus(GENERATION).multipliedBy(10).minus(ONE_MS));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.IN_PROGRESS);
        }

        @Test
        void slowMarkerCompletesAtTenTimesBothDelays() {
            TaskId id = submit(provider, "[fake:slow] a dancer").id();

            clock.advance(QUEUE.plus(GENERATION).multipliedBy(10));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.COMPLETED);
        }

        @Test
        void bothMarkersMakeASlowFailure() {
            TaskId id = submit(provider, "[fake:slow][fake:fail]").id();

            clock.advance(QUEUE.plus(GENERATION).multipliedBy(10));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.FAILED);
        }
    }

    @Nested
    class Visibility {

        private final FakeVideoProvider provider = new FakeVideoProvider(settings, clock);

        @Test
        void anotherOwnerGetsUnknownTask() {
            TaskId id = submit(provider, "a dancer").id();

            assertThat(failureOf(provider.status(MapStateStore.owner(new ClientKey("other-key")), id, new ModelTier(Model.KLING_2_6, Tier.PRO))))
                    .isInstanceOf(MotionTransferFailure.UnknownTask.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-000000000000", "1-1-1-1-1"})
        void anIdTheFakeNeverIssuedIsUnknown(String id) {
            submit(provider, "a dancer");

            assertThat(failureOf(provider.status(OWNER, new TaskId(id), new ModelTier(Model.KLING_2_6, Tier.PRO))))
                    .isInstanceOf(MotionTransferFailure.UnknownTask.class);
        }

        @Test
        void anIssuedIdInUpperCaseIsAnotherIdAndUnknown() {
            TaskId id = submit(provider, "a dancer").id();

            assertThat(failureOf(provider.status(OWNER, new TaskId(id.value().toUpperCase()), new ModelTier(Model.KLING_2_6, Tier.PRO))))
                    .isInstanceOf(MotionTransferFailure.UnknownTask.class);
        }

        @Test
        void listShowsStatusesAsOfNow() {
            submit(provider, "a dancer");
            clock.advance(QUEUE);
            submit(provider, "a dancer");

            List<Task> listed = listOf(provider, OWNER);

            assertThat(listed).extracting(Task::status).containsExactly(TaskStatus.CREATED, TaskStatus.IN_PROGRESS);
        }

        @Test
        void listIsCappedAtTheOwnersNewestTasks() {
            List<TaskId> submitted = new ArrayList<>();
            for (int i = 0; i < FakeVideoProvider.LIST_LIMIT + 5; i++) {
                submitted.add(submit(provider, "a dancer").id());
            }

            List<TaskId> listed = listOf(provider, OWNER).stream().map(Task::id).toList();

            List<TaskId> newestFirst = new ArrayList<>(submitted.subList(5, submitted.size()));
            java.util.Collections.reverse(newestFirst);
            assertThat(listed).containsExactlyElementsOf(newestFirst);
        }

        @Test
        void tasksBeyondTheListCapAreStillReadable() {
            TaskId first = submit(provider, "a dancer").id();
            for (int i = 0; i < FakeVideoProvider.LIST_LIMIT; i++) {
                submit(provider, "a dancer");
            }

            assertThat(statusOf(provider, first).id()).isEqualTo(first);
        }
    }

    @Nested
    class Bounds {

        @Test
        void aFullFakeForgetsItsOldestTaskToKeepANewOne() {
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxTasks(3), clock);
            TaskId oldest = submit(provider, "1").id();
            TaskId second = submit(provider, "2").id();
            TaskId third = submit(provider, "3").id();

            TaskId newest = submit(provider, "4").id();

            assertThat(failureOf(provider.status(OWNER, oldest, new ModelTier(Model.KLING_2_6, Tier.PRO)))).isInstanceOf(MotionTransferFailure.UnknownTask.class);
            assertThat(List.of(second, third, newest)).allSatisfy(id -> assertThat(statusOf(provider, id).id()).isEqualTo(id));
            assertThat(provider.keptTasks()).isEqualTo(3);
        }

        @Test
        void aForgottenTaskLeavesTheOwnersList() {
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxTasks(2), clock);
            TaskId oldest = submit(provider, "1").id();
            TaskId second = submit(provider, "2").id();

            TaskId newest = submit(provider, "3").id();

            assertThat(listOf(provider, OWNER)).extracting(Task::id).containsExactly(newest, second).doesNotContain(oldest);
        }

        @Test
        void anOwnerWhoseTasksAreAllForgottenListsNothing() {
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxTasks(1), clock);
            Owner other = MapStateStore.owner(new ClientKey("other-key"));
            submit(provider, "mine");

            provider.submit(other, transfer(Optional.empty())).toCompletableFuture().join();

            assertThat(listOf(provider, OWNER)).isEmpty();
            assertThat(listOf(provider, other)).hasSize(1);
        }

        @Test
        void evictionKeepsWorkingAfterTheStoreWrapsAroundManyTimes() {
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxTasks(10), clock);
            List<TaskId> submitted = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                submitted.add(submit(provider, "a dancer").id());
            }

            List<TaskId> kept = submitted.subList(990, 1_000);
            assertThat(kept).allSatisfy(id -> assertThat(statusOf(provider, id).id()).isEqualTo(id));
            assertThat(submitted.subList(0, 990)).allSatisfy(id -> assertThat(failureOf(provider.status(OWNER, id, new ModelTier(Model.KLING_2_6, Tier.PRO))))
                    .isInstanceOf(MotionTransferFailure.UnknownTask.class));
            assertThat(provider.keptTasks()).isEqualTo(10);
        }

        @Test
        void aTaskIsKnownOneMillisecondBeforeItsMaxAge() {
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxAge(Duration.ofHours(1)), clock);
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(Duration.ofHours(1).minus(ONE_MS));

            assertThat(statusOf(provider, id).status()).isEqualTo(TaskStatus.COMPLETED);
        }

        @Test
        void aTaskIsForgottenOnceItReachesItsMaxAge() {
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxAge(Duration.ofHours(1)), clock);
            TaskId id = submit(provider, "a dancer").id();

            clock.advance(Duration.ofHours(1));

            assertThat(failureOf(provider.status(OWNER, id, new ModelTier(Model.KLING_2_6, Tier.PRO)))).isInstanceOf(MotionTransferFailure.UnknownTask.class);
            assertThat(listOf(provider, OWNER)).isEmpty();
        }

        @Test
        void expiredTasksAreReclaimedByTheNextSubmission() {
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxAge(Duration.ofHours(1)), clock);
            submit(provider, "1");
            submit(provider, "2");
            clock.advance(Duration.ofHours(1));

            TaskId fresh = submit(provider, "3").id();

            assertThat(provider.keptTasks()).isEqualTo(1);
            assertThat(listOf(provider, OWNER)).extracting(Task::id).containsExactly(fresh);
        }
    }

    @Nested
    class Concurrency {

        private static final int THREADS = 8;
        private static final int TASKS_PER_THREAD = 2_000;

        @Test
        void concurrentSubmitsFromSeveralThreadsLoseNothing() throws Exception {
            FakeVideoProvider provider = new FakeVideoProvider(settings, clock);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<List<TaskId>>> perThread = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Owner key = MapStateStore.owner(new ClientKey("key-" + t));
                    perThread.add(pool.submit(() -> {
                        start.await();
                        List<TaskId> ids = new ArrayList<>();
                        for (int i = 0; i < TASKS_PER_THREAD; i++) {
                            ids.add(provider.submit(key, transfer(Optional.empty())).toCompletableFuture().join().id());
                        }
                        return ids;
                    }));
                }
                start.countDown();

                for (int t = 0; t < THREADS; t++) {
                    Owner key = MapStateStore.owner(new ClientKey("key-" + t));
                    List<TaskId> ids = perThread.get(t).get(30, TimeUnit.SECONDS);
                    assertThat(ids).doesNotHaveDuplicates().hasSize(TASKS_PER_THREAD);
                    assertThat(ids).allSatisfy(id -> assertThat(provider.status(key, id, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture().join().id())
                            .isEqualTo(id));
                    assertThat(listOf(provider, key)).hasSize(FakeVideoProvider.LIST_LIMIT);
                }
                assertThat(provider.keptTasks()).isEqualTo(THREADS * TASKS_PER_THREAD);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void readersFindEveryKeptTaskWhileOthersSubmitAndEvict() throws Exception {
            int capacity = 1_000;
            FakeVideoProvider provider = new FakeVideoProvider(settings.withMaxTasks(capacity), clock);
            Owner reader = MapStateStore.owner(new ClientKey("reader-key"));
            List<TaskId> readersTasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                readersTasks.add(submit(provider, reader).id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger misses = new AtomicInteger();
            try {
                // Writers fill the fake to just below capacity, so the reader's tasks are never evicted
                // while the index grows and rebuilds under the readers' feet.
                Future<?> writer = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < capacity - readersTasks.size(); i++) {
                        provider.submit(OWNER, transfer(Optional.empty()));
                    }
                    writing.set(false);
                    return null;
                });
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    readers.add(pool.submit(() -> {
                        start.await();
                        do {
                            for (TaskId id : readersTasks) {
                                if (provider.status(reader, id, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture().isCompletedExceptionally()) {
                                    misses.incrementAndGet();
                                }
                            }
                        } while (writing.get());
                        return null;
                    }));
                }
                start.countDown();

                writer.get(30, TimeUnit.SECONDS);
                for (Future<?> r : readers) {
                    r.get(30, TimeUnit.SECONDS);
                }
                assertThat(misses).hasValue(0);
                assertThat(provider.keptTasks()).isEqualTo(capacity);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Task submit(FakeVideoProvider provider, String prompt) {
        return provider.submit(OWNER, transfer(Optional.of(new Prompt(prompt)))).toCompletableFuture().join();
    }

    private static Task submit(FakeVideoProvider provider, Owner owner) {
        return provider.submit(owner, transfer(Optional.empty())).toCompletableFuture().join();
    }

    private static Task statusOf(FakeVideoProvider provider, TaskId id) {
        return provider.status(OWNER, id, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture().join();
    }

    private static List<Task> listOf(FakeVideoProvider provider, Owner owner) {
        return provider.list(owner, Model.KLING_2_6, Optional.empty()).toCompletableFuture().join();
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get();
            throw new AssertionError("expected the stage to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static MotionTransfer transfer(Optional<Prompt> prompt) {
        return new MotionTransfer(
                new CharacterImage(HttpUrl.of("https://example.com/a.png")),
                new ReferenceVideo(HttpUrl.of("https://example.com/motion.mp4")),
                prompt,
                CharacterOrientation.VIDEO,
                CfgScale.DEFAULT,
                Optional.empty(),
                new ModelTier(Model.KLING_2_6, Tier.PRO));
    }
}
