package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.Submissions;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link MotionTransferUseCases#start} picks up from a store that a previous run left: a "restart" is new use
 * cases over the same store, the first ones closed.
 */
class PickingUpAfterRestartTest {

    private static final ClientKey CALLER = new ClientKey("caller");
    private static final String HOOK = "https://hooks.example.com/done";
    private static final SubmissionPlan PLAN = new SubmissionPlan(Duration.ofMinutes(30), Duration.ofMinutes(2));

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-27T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final MapStateStore store = new MapStateStore();
    private final ScriptedProvider provider = new ScriptedProvider();
    private final CountingSender sender = new CountingSender();
    private final List<MotionTransferUseCases> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(MotionTransferUseCases::close);
    }

    @Test
    void aDeliveryDueWhenTheServiceStoppedIsDeliveredAtStart() {
        MotionTransferUseCases before = instance(false);
        Task created = resultOf(before.submit(command(HOOK)));
        provider.finished = true;
        resultOf(before.getStatus(new GetTaskStatusQuery(CALLER, created.id())));
        before.close();

        MotionTransferUseCases after = instance(true);
        resultOf(after.start(submission -> { }));

        assertThat(sender.sent).containsExactly(created.id());
        assertThat(resultOf(after.getWebhookDelivery(new GetTaskStatusQuery(CALLER, created.id()))).state())
                .isEqualTo(WebhookDelivery.State.DELIVERED);
    }

    @Test
    void anUnfinishedTaskWhoseWebhookWaitsIsFollowedAgainAndItsWebhookDelivered() {
        MotionTransferUseCases before = instance(true);
        Task created = resultOf(before.submit(command(HOOK)));
        before.close();
        provider.finished = true;
        int polledBefore = provider.statusCalls;

        MotionTransferUseCases after = instance(true);
        resultOf(after.start(submission -> { }));
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(provider.statusCalls).isGreaterThan(polledBefore);
        assertThat(sender.sent).containsExactly(created.id());
    }

    @Test
    void aSubmissionInterruptedByTheStopIsSettledAtStartAndToldAbout() {
        provider.answer = new CompletableFuture<>();
        MotionTransferUseCases before = instance(false);
        before.submit(withKey("key-1"));
        before.close();
        List<Submission> interrupted = new ArrayList<>();

        MotionTransferUseCases after = instance(false);
        resultOf(after.start(interrupted::add));

        assertThat(interrupted).singleElement().satisfies(submission -> {
            assertThat(submission.idempotencyKey()).contains("key-1");
            assertThat(submission.state()).isEqualTo(Submission.State.UNCERTAIN);
            assertThat(submission.reason()).contains(Submissions.INTERRUPTED);
        });
        assertThat(failureOf(after.submit(withKey("key-1"))))
                .isInstanceOf(MotionTransferFailure.SubmissionUncertain.class);
        assertThat(provider.submitCalls).isEqualTo(1);
    }

    @Test
    void onAStoreSharedWithOtherInstancesAPendingSubmissionIsSettledOnlyOnceItsTimeIsUp() {
        store.sharedByInstances();
        provider.answer = new CompletableFuture<>();
        MotionTransferUseCases other = instance(false);
        other.submit(withKey("key-shared"));
        List<Submission> interrupted = new ArrayList<>();

        MotionTransferUseCases starting = instance(false);
        resultOf(starting.start(interrupted::add));
        assertThat(interrupted).as("another instance may still be asking the provider").isEmpty();

        scheduler.advance(PLAN.pendingFor().plus(MotionTransferUseCases.HOUSEKEEPING_EVERY));
        assertThat(interrupted).singleElement()
                .satisfies(submission -> assertThat(submission.idempotencyKey()).contains("key-shared"));
    }

    @Test
    void anExpiredIdempotencyKeyIsForgottenByTheHousekeeping() {
        MotionTransferUseCases service = instance(false);
        resultOf(service.start(submission -> { }));
        Task first = resultOf(service.submit(withKey("key-1")));

        scheduler.advance(PLAN.keysKeptFor().plus(MotionTransferUseCases.HOUSEKEEPING_EVERY));
        Task second = resultOf(service.submit(withKey("key-1")));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(provider.submitCalls).isEqualTo(2);
    }

    @Test
    void anOldProviderWebhookIdIsForgottenByTheHousekeeping() {
        MotionTransferUseCases service = instance(false);
        resultOf(store.remember("msg_1", time.now()));
        resultOf(service.start(submission -> { }));

        scheduler.advance(MotionTransferUseCases.SEEN_WEBHOOKS_KEPT_FOR.plus(
                MotionTransferUseCases.HOUSEKEEPING_EVERY));

        assertThat(resultOf(store.seen("msg_1"))).isFalse();
    }

    @Test
    void startFailsWhenTheStoreCannotBeRead() {
        MotionTransferUseCases service = instance(true);
        store.becomeUnavailable();

        Throwable failure = failureOf(service.start(submission -> { }));

        assertThat(failure).isInstanceOf(MotionTransferFailure.StoreUnavailable.class);
    }

    private MotionTransferUseCases instance(boolean sendsWebhooks) {
        WiredUseCases.Builder wiring = WiredUseCases.over(provider, store)
                .scheduler(scheduler)
                .time(time)
                .submissions(PLAN)
                .polling(new PollingPlan(Duration.ofSeconds(1), Duration.ofSeconds(8)))
                .webhookHostsResolveTo(WiredUseCases.PUBLIC_ADDRESS);
        if (sendsWebhooks) {
            wiring.webhooks(sender, RetryPlan.DEFAULT);
        }
        MotionTransferUseCases service = wiring.build();
        running.add(service);
        return service;
    }

    private static SubmitMotionTransferCommand command(String webhook) {
        return new SubmitMotionTransferCommand(CALLER, new MotionTransferRequest("https://example.com/a.png",
                "https://example.com/a.mp4", null, null, null, webhook, Tier.PRO));
    }

    private static SubmitMotionTransferCommand withKey(String key) {
        return new SubmitMotionTransferCommand(CALLER, command(null).request(), Optional.of(key));
    }

    /** Creates tasks (or answers with a given stage); reports them running, or finished once told. */
    private static final class ScriptedProvider implements VideoProvider {
        private CompletableFuture<Task> answer;
        private boolean finished;
        private int submitCalls;
        private int statusCalls;

        @Override
        public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
            submitCalls++;
            return answer != null ? answer : CompletableFuture.completedFuture(Task.created(TaskId.random()));
        }

        @Override
        public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
            statusCalls++;
            return CompletableFuture.completedFuture(finished
                    ? new Task(taskId, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")))
                    : new Task(taskId, TaskStatus.IN_PROGRESS, List.of()));
        }

        @Override
        public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
            return CompletableFuture.completedFuture(List.of());
        }
    }

    /** Answers 200 and remembers which tasks it was sent. */
    private final class CountingSender implements WebhookSender {
        private final List<TaskId> sent = new ArrayList<>();

        @Override
        public CompletionStage<Attempt> send(WebhookUrl target, Task task) {
            sent.add(task.id());
            return CompletableFuture.completedFuture(Attempt.answered(time.now(), 200));
        }
    }
}
