package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.RecordingTelemetry;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery of the clients' webhooks from the outbox: once each, at its time, whichever instance claims it. */
class WebhookDispatcherTest {

    private static final ClientKey CALLER = new ClientKey("caller");
    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));
    private static final Duration SWEEP = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final RetryPlan RETRIES = new RetryPlan(List.of(Duration.ofSeconds(30), Duration.ofMinutes(5)));

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-27T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final MapStateStore store = new MapStateStore();
    private final ScriptedSender sender = new ScriptedSender();
    private final List<WebhookDispatcher> dispatchers = new ArrayList<>();

    @AfterEach
    void closeDispatchers() {
        dispatchers.forEach(WebhookDispatcher::close);
    }

    @Test
    void aDueDeliveryIsDeliveredOnceHoweverOftenTheOutboxIsRead() {
        TaskId id = finishedAndDue();
        WebhookDispatcher dispatcher = dispatcher(sender);

        dispatcher.deliverDue();
        dispatcher.deliverDue();
        dispatcher.start();
        scheduler.advance(Duration.ofMinutes(10));

        assertThat(sender.sentTo(id)).isEqualTo(1);
        WebhookDelivery delivery = delivery(id);
        assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.lastStatus()).hasValue(200);
        assertThat(delivery.nextAttemptAt()).isEmpty();
    }

    @Test
    void aTaskThatFinishesIsDeliveredAsSoonAsTheDispatcherHearsOfIt() {
        TaskRecord running = store.remember(CALLER, Task.created(TaskId.random()), MapStateStore.KLING_26_PRO,
                Optional.of(HOOK));
        WebhookDispatcher dispatcher = dispatcher(sender);

        dispatcher.accept(resultOf(store.update(running.task().id(),
                record -> record.reported(completed(record.task().id()), time.now()))).orElseThrow());

        assertThat(sender.sentTo(running.task().id())).isEqualTo(1);
    }

    @Test
    void twoDispatchersOverOneStoreDeliverEachDueWebhookExactlyOnce() throws Exception {
        List<TaskId> due = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            due.add(finishedAndDue());
        }
        WebhookDispatcher one = dispatcher(sender);
        WebhookDispatcher other = dispatcher(sender);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> running = List.of(
                    instances.submit(() -> awaitThen(start, one::deliverDue)),
                    instances.submit(() -> awaitThen(start, other::deliverDue)));
            start.countDown();
            for (Future<?> instance : running) {
                instance.get(10, TimeUnit.SECONDS);
            }
        } finally {
            instances.shutdownNow();
        }

        assertThat(due).allSatisfy(id -> {
            assertThat(sender.sentTo(id)).as("sends of %s", id).isEqualTo(1);
            assertThat(delivery(id).state()).isEqualTo(WebhookDelivery.State.DELIVERED);
        });
    }

    @Test
    void aFailedAttemptIsRetriedAtItsTimeAndNotBefore() {
        TaskId id = finishedAndDue();
        sender.answers(503, 200);
        WebhookDispatcher dispatcher = dispatcher(sender);

        dispatcher.deliverDue();
        WebhookDelivery retrying = delivery(id);
        scheduler.advance(Duration.ofSeconds(29));
        int sentBeforeItsTime = sender.sentTo(id);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(retrying.state()).isEqualTo(WebhookDelivery.State.RETRYING);
        assertThat(retrying.nextAttemptAt()).contains(time.now());
        assertThat(sentBeforeItsTime).isEqualTo(1);
        assertThat(sender.sentTo(id)).isEqualTo(2);
        assertThat(delivery(id).state()).isEqualTo(WebhookDelivery.State.DELIVERED);
    }

    @Test
    void aRetryScheduledByAnotherInstanceIsFoundByTheSweepAtItsTime() {
        TaskId id = finishedAndDue();
        Instant retryAt = time.now().plusSeconds(12);
        resultOf(store.update(id, record -> record.withDelivery(new WebhookDelivery(HOOK,
                WebhookDelivery.State.RETRYING, 1, Optional.of(time.now()), OptionalInt.of(500),
                Optional.empty(), Optional.of(retryAt)))));
        WebhookDispatcher dispatcher = dispatcher(sender);

        dispatcher.start();
        scheduler.advance(Duration.ofSeconds(11));
        int beforeItsTime = sender.sentTo(id);
        scheduler.advance(SWEEP);

        assertThat(beforeItsTime).isZero();
        assertThat(sender.sentTo(id)).isEqualTo(1);
        assertThat(delivery(id).attempts()).isEqualTo(2);
    }

    @Test
    void aDeliveryClaimedByAnInstanceThatDiedIsDueAgainWhenItsLeaseEnds() {
        TaskId id = finishedAndDue();
        resultOf(store.claimDue(time.now(), time.now().plus(LEASE), 10));
        WebhookDispatcher dispatcher = dispatcher(sender);

        dispatcher.start();
        scheduler.advance(LEASE.minus(SWEEP));
        int duringTheLease = sender.sentTo(id);
        scheduler.advance(SWEEP);

        assertThat(duringTheLease).isZero();
        assertThat(sender.sentTo(id)).isEqualTo(1);
    }

    @Test
    void anUnreachableStoreIsReadAgainAtTheNextSweep() {
        TaskId id = finishedAndDue();
        WebhookDispatcher dispatcher = dispatcher(sender);
        store.becomeUnavailable();
        dispatcher.start();

        store.becomeAvailable();
        scheduler.advance(SWEEP);

        assertThat(sender.sentTo(id)).isEqualTo(1);
    }

    @Test
    void aClosedDispatcherMakesNoMoreAttemptsNotEvenARetryAlreadyScheduled() {
        TaskId id = finishedAndDue();
        sender.answers(503);
        WebhookDispatcher dispatcher = dispatcher(sender);
        dispatcher.start();

        dispatcher.close();
        scheduler.advance(Duration.ofHours(1));

        assertThat(sender.sentTo(id)).isEqualTo(1);
        assertThat(delivery(id).state()).isEqualTo(WebhookDelivery.State.RETRYING);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void everyAttemptIsToldToTheTelemetryTheLastAsGivenUp() {
        TaskId id = finishedAndDue();
        sender.answers(503, 503, 503);
        RecordingTelemetry telemetry = new RecordingTelemetry();
        WebhookDispatcher dispatcher = new WebhookDispatcher(store, store, sender, scheduler, time, RETRIES, SWEEP,
                LEASE, ShownTasks.AS_RECORDED, telemetry);
        dispatchers.add(dispatcher);

        dispatcher.start();
        scheduler.advance(Duration.ofMinutes(10));

        assertThat(delivery(id).state()).isEqualTo(WebhookDelivery.State.GAVE_UP);
        assertThat(telemetry.told()).containsExactly("webhook:RETRYING", "webhook:RETRYING", "webhook:GIVEN_UP");
    }

    private WebhookDispatcher dispatcher(WebhookSender sender) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(store, store, sender, scheduler, time, RETRIES, SWEEP,
                LEASE);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    /** A task with a webhook that finished now: its delivery is due. */
    private TaskId finishedAndDue() {
        TaskRecord record = store.remember(CALLER, Task.created(TaskId.random()), MapStateStore.KLING_26_PRO,
                Optional.of(HOOK));
        resultOf(store.update(record.task().id(), r -> r.reported(completed(r.task().id()), time.now())));
        return record.task().id();
    }

    private WebhookDelivery delivery(TaskId id) {
        return resultOf(store.findById(id)).orElseThrow().webhook().orElseThrow();
    }

    private static Task completed(TaskId id) {
        return new Task(id, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/" + id + ".mp4")));
    }

    private static Void awaitThen(CountDownLatch start, Runnable action) throws InterruptedException {
        start.await();
        action.run();
        return null;
    }

    /** Answers as the test scripts (200 once the script runs out), counting what it sent per task; thread-safe. */
    private final class ScriptedSender implements WebhookSender {
        private final Deque<Integer> answers = new ArrayDeque<>();
        private final Map<TaskId, AtomicInteger> sent = new ConcurrentHashMap<>();

        synchronized void answers(Integer... statuses) {
            answers.addAll(List.of(statuses));
        }

        int sentTo(TaskId id) {
            AtomicInteger count = sent.get(id);
            return count == null ? 0 : count.get();
        }

        @Override
        public CompletionStage<Attempt> send(WebhookUrl target, Task task) {
            sent.computeIfAbsent(task.id(), id -> new AtomicInteger()).incrementAndGet();
            int status;
            synchronized (this) {
                status = answers.isEmpty() ? 200 : answers.poll();
            }
            return CompletableFuture.completedFuture(Attempt.answered(time.now(), status));
        }
    }
}
