package dev.motioncontrol.application.service;

import java.util.Optional;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Watching, awaiting and webhooks: the use cases that follow a task after it was submitted. */
class FollowingTasksTest {

    private static final ClientKey CALLER = new ClientKey("caller");
    private static final String HOOK = "https://hooks.example.com/done";

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-27T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final MapStateStore store = new MapStateStore();
    private final ScriptedProvider provider = new ScriptedProvider();
    private final RecordingSender sender = new RecordingSender();
    private final AcceptedClientKeys acceptedKeys = spy(new AcceptingAll());

    private MotionTransferUseCases service() {
        return WiredUseCases.over(provider, store)
                .acceptedKeys(acceptedKeys)
                .scheduler(scheduler)
                .time(time)
                .polling(new PollingPlan(Duration.ofSeconds(1), Duration.ofSeconds(8)))
                .webhookHostsResolveTo(WiredUseCases.PUBLIC_ADDRESS)
                .webhooks(sender, new RetryPlan(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30))))
                .build();
    }

    @Test
    void aWatcherHearsTheCurrentStateAtOnceThenEachChangeUntilTheTaskFinishes() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.next(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED);
        List<TaskStatus> heard = Collections.synchronizedList(new ArrayList<>());

        service.watch(query(created), task -> heard.add(task.status())).toCompletableFuture().join();
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(heard).containsExactly(TaskStatus.CREATED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED);
        assertThat(scheduler.waiting()).as("no polling once the task finished").isZero();
    }

    @Test
    void cancellingAWatchStopsThePolling() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.next(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS);
        WatchTaskUseCase.Watch watch = service.watch(query(created), task -> { }).toCompletableFuture().join();

        watch.cancel();
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(provider.statusCalls).isZero();
    }

    @Test
    void awaitCompletionGivesTheFinishedTask() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.next(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED);

        CompletableFuture<Task> awaited = service.awaitCompletion(
                new AwaitCompletionQuery(CALLER, created.id(), Duration.ofMinutes(10))).toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(3));

        assertThat(awaited).isCompleted();
        assertThat(awaited.join().status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void awaitCompletionTimesOutWithTheLastKnownState() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.next(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS);

        CompletableFuture<Task> awaited = service.awaitCompletion(
                new AwaitCompletionQuery(CALLER, created.id(), Duration.ofSeconds(5))).toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(failureOf(awaited)).isInstanceOfSatisfying(MotionTransferFailure.StillRunning.class,
                still -> assertThat(still.lastKnown().status()).isEqualTo(TaskStatus.IN_PROGRESS));
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(provider.statusCalls).as("polling stopped with the waiter").isEqualTo(2);
    }

    @Test
    void awaitingATaskTheProviderForgetsFailsAtOnceInsteadOfTimingOut() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.forget = true;

        CompletableFuture<Task> awaited = service.awaitCompletion(
                new AwaitCompletionQuery(CALLER, created.id(), Duration.ofHours(1))).toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(failureOf(awaited)).isInstanceOf(MotionTransferFailure.UnknownTask.class);
        assertThat(scheduler.waiting()).as("no polling, no timeout left behind").isZero();
    }

    @Test
    void cancellingAnAwaitStopsThePolling() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.next(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS);
        CompletableFuture<Task> awaited = service.awaitCompletion(
                new AwaitCompletionQuery(CALLER, created.id(), Duration.ofMinutes(10))).toCompletableFuture();

        awaited.cancel(true);
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(provider.statusCalls).isZero();
    }

    @Test
    void aWebhookIsDeliveredOnceTheTaskFinishesEvenWhenTheFirstTwoAttemptsFail() {
        MotionTransferUseCases service = service();
        sender.answers(500, 500, 200);
        Task created = submit(service, HOOK);
        provider.next(TaskStatus.COMPLETED);

        scheduler.advance(Duration.ofMinutes(2));

        assertThat(sender.sent).hasSize(3).allSatisfy(task -> assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED));
        WebhookDelivery delivery = service.getWebhookDelivery(query(created)).toCompletableFuture().join();
        assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.lastStatus()).hasValue(200);
    }

    @Test
    void aWatcherThatFailsCostsTheWebhookNothing() {
        MotionTransferUseCases service = service();
        Task created = submit(service, HOOK);
        provider.next(TaskStatus.COMPLETED);
        service.watch(query(created), task -> {
            throw new IllegalStateException("the watcher's own bug");
        }).toCompletableFuture().join();

        scheduler.advance(Duration.ofMinutes(1));

        assertThat(sender.sent).hasSize(1);
    }

    @Test
    void whoeverHearsTheTaskFinishedFindsItsWebhookDeliveryBegun() {
        MotionTransferUseCases service = service();
        Task created = submit(service, HOOK);
        provider.next(TaskStatus.COMPLETED);
        List<WebhookDelivery.State> whenHeard = new ArrayList<>();
        service.watch(query(created), task -> {
            if (task.isTerminal()) {
                whenHeard.add(store.findById(created.id()).toCompletableFuture().join().orElseThrow()
                        .webhook().orElseThrow().state());
            }
        }).toCompletableFuture().join();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(whenHeard).containsExactly(WebhookDelivery.State.DELIVERED);
    }

    @Test
    void aTaskTheProviderReportsFinishedAtSubmitStillGetsItsWebhook() {
        provider.finishAtSubmit = true;
        MotionTransferUseCases service = service();

        Task task = submit(service, HOOK);

        assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(sender.sent).hasSize(1);
    }

    @Test
    void aWatcherJoiningAfterTheEndHearsTheEndAtOnce() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.next(TaskStatus.COMPLETED);
        service.getStatus(query(created)).toCompletableFuture().join();
        List<TaskStatus> heard = new ArrayList<>();

        service.watch(query(created), task -> heard.add(task.status())).toCompletableFuture().join();

        assertThat(heard).containsExactly(TaskStatus.COMPLETED);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void aWebhookReceiverAnswering410IsLeftAlone() {
        MotionTransferUseCases service = service();
        sender.answers(410);
        Task created = submit(service, HOOK);
        provider.next(TaskStatus.FAILED);

        scheduler.advance(Duration.ofMinutes(2));

        assertThat(sender.sent).hasSize(1);
        assertThat(service.getWebhookDelivery(query(created)).toCompletableFuture().join().state())
                .isEqualTo(WebhookDelivery.State.STOPPED);
    }

    @Test
    void aWebhookIsGivenUpAfterTheRetryPeriod() {
        MotionTransferUseCases service = service();
        sender.answers(500, 503, 502, 200);
        Task created = submit(service, HOOK);
        provider.next(TaskStatus.COMPLETED);

        scheduler.advance(Duration.ofHours(1));

        assertThat(sender.sent).hasSize(3);
        WebhookDelivery delivery = service.getWebhookDelivery(query(created)).toCompletableFuture().join();
        assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.GAVE_UP);
        assertThat(delivery.lastStatus()).hasValue(502);
    }

    @Test
    void aWebhookWaitsForTheTaskToFinish() {
        MotionTransferUseCases service = service();
        Task created = submit(service, HOOK);

        WebhookDelivery delivery = service.getWebhookDelivery(query(created)).toCompletableFuture().join();

        assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.WAITING);
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void awaitingATaskChecksTheCallersKeyOnce() {
        MotionTransferUseCases service = service();
        Task created = submit(service, null);
        provider.next(TaskStatus.COMPLETED);
        clearInvocations(acceptedKeys);

        CompletableFuture<Task> awaited = service.awaitCompletion(
                new AwaitCompletionQuery(CALLER, created.id(), Duration.ofMinutes(1))).toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(awaited).isCompleted();
        verify(acceptedKeys, times(1)).accepts(CALLER);
    }

    private Task submit(MotionTransferUseCases service, String webhook) {
        return service.submit(command(webhook)).toCompletableFuture().join();
    }

    private static SubmitMotionTransferCommand command(String webhook) {
        return new SubmitMotionTransferCommand(CALLER, new MotionTransferRequest("https://example.com/a.png",
                "https://example.com/a.mp4", null, null, null, webhook, Tier.PRO));
    }

    private static GetTaskStatusQuery query(Task task) {
        return new GetTaskStatusQuery(CALLER, task.id());
    }

    /** Lets every key in, as a class Mockito can spy on to count the checks. */
    private static class AcceptingAll implements AcceptedClientKeys {
        @Override
        public boolean accepts(ClientKey key) {
            return true;
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** A provider whose next status answers the test scripts. */
    private static final class ScriptedProvider implements VideoProvider {
        private final Deque<TaskStatus> next = new ArrayDeque<>();
        private int statusCalls;
        private boolean finishAtSubmit;
        private boolean forget;

        void next(TaskStatus... statuses) {
            next.addAll(List.of(statuses));
        }

        @Override
        public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
            TaskId id = TaskId.random();
            return CompletableFuture.completedFuture(finishAtSubmit
                    ? new Task(id, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/" + id + ".mp4")))
                    : Task.created(id));
        }

        @Override
        public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
            statusCalls++;
            if (forget) {
                return CompletableFuture.failedFuture(new MotionTransferFailure.UnknownTask(taskId));
            }
            TaskStatus status = next.isEmpty() ? TaskStatus.IN_PROGRESS : next.poll();
            List<URI> generated = status.equals(TaskStatus.COMPLETED)
                    ? List.of(URI.create("https://cdn.example.com/" + taskId + ".mp4")) : List.of();
            return CompletableFuture.completedFuture(new Task(taskId, status, generated));
        }

        @Override
        public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
            return CompletableFuture.completedFuture(List.of());
        }
    }

    /** A webhook sender that answers as the test scripts and remembers what it sent. */
    private final class RecordingSender implements WebhookSender {
        private final Deque<Integer> answers = new ArrayDeque<>();
        private final List<Task> sent = new ArrayList<>();

        void answers(Integer... statuses) {
            answers.addAll(List.of(statuses));
        }

        @Override
        public CompletionStage<Attempt> send(WebhookUrl target, Task task) {
            sent.add(task);
            int status = answers.isEmpty() ? 200 : answers.poll();
            return CompletableFuture.completedFuture(Attempt.answered(time.now(), status));
        }
    }
}
