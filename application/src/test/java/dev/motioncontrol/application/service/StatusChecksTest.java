package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Answers;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class StatusChecksTest {

    private static final ClientKey CALLER = new ClientKey("owner");
    private static final Owner OWNER = MapStateStore.owner(CALLER);
    private static final TaskId ID = TaskId.random();
    private static final Task IN_PROGRESS = new Task(ID, TaskStatus.IN_PROGRESS, List.of());

    @Mock(answer = Answers.CALLS_REAL_METHODS, strictness = Mock.Strictness.LENIENT)
    private VideoProvider provider;

    private final MapStateStore store = new MapStateStore();
    private final ManualTimeSource clock = new ManualTimeSource(MapStateStore.RECORDED_AT);

    private StatusChecks instance(StatusFreshness freshness) {
        return new StatusChecks(store, provider, new TaskReports(store, new TaskChanges(), clock), clock, freshness);
    }

    @Test
    void twoInstancesOnOneStoreAskingAtOnceMakeOneProviderCall() {
        TaskRecord read = store.remember(CALLER, Task.created(ID));
        CompletableFuture<Task> answer = new CompletableFuture<>();
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO)).thenReturn(answer);
        StatusChecks a = instance(StatusFreshness.DEFAULT);
        StatusChecks b = instance(StatusFreshness.DEFAULT);
        clock.advance(Duration.ofSeconds(10));

        CompletionStage<Optional<Task>> asA = a.current(read, Cancellation.never())
                .thenApply(found -> found.map(TaskRecords.TaskRecord::task));
        Optional<Task> asB = resultOf(b.current(read, Cancellation.never())).map(TaskRecords.TaskRecord::task);
        answer.complete(IN_PROGRESS);

        assertThat(asB).as("B answers from the record A claimed").contains(Task.created(ID));
        assertThat(resultOf(asA)).contains(IN_PROGRESS);
        verify(provider, times(1)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
        assertThat(resultOf(b.current(ID, Cancellation.never())).map(TaskRecords.TaskRecord::task)).as("then B reads what A heard").contains(IN_PROGRESS);
        verify(provider, times(1)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
    }

    @Test
    void aClaimedCheckThatFailsGivesItsClaimBackSoTheNextQuestionAsksAgain() {
        TaskRecord read = store.remember(CALLER, Task.created(ID));
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.failedFuture(
                new dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable("down")));
        StatusChecks checks = instance(StatusFreshness.DEFAULT);
        clock.advance(Duration.ofSeconds(30));

        Stages.failureOf(checks.current(ID, Cancellation.never()));
        assertThat(resultOf(store.findById(ID))).get().extracting(TaskRecord::checkedAt).isEqualTo(read.checkedAt());
        Stages.failureOf(checks.current(ID, Cancellation.never()));

        verify(provider, times(2)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
    }

    @Test
    void aClaimedCheckRunsToItsEndWhenEveryoneWhoAskedHasGone() {
        store.remember(CALLER, Task.created(ID));
        CompletableFuture<Task> answer = new CompletableFuture<>();
        List<Cancellation> calls = new java.util.ArrayList<>();
        when(provider.status(org.mockito.ArgumentMatchers.eq(OWNER), org.mockito.ArgumentMatchers.eq(ID),
                org.mockito.ArgumentMatchers.eq(MapStateStore.KLING_26_PRO), any())).thenAnswer(call -> {
                    calls.add(call.getArgument(3));
                    return answer;
                });
        StatusChecks checks = instance(StatusFreshness.DEFAULT);
        clock.advance(Duration.ofSeconds(30));
        Cancellation caller = Cancellation.create();

        checks.current(ID, caller);
        caller.cancel();
        answer.complete(IN_PROGRESS);

        assertThat(calls).singleElement().satisfies(call -> assertThat(call.isCancelled()).isFalse());
        assertThat(resultOf(store.findById(ID))).get().extracting(record -> record.task().status())
                .isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void withTheProvidersWebhooksATaskIsLeftToThemUntilItIsOlderThanTheirTime() {
        store.remember(CALLER, Task.created(ID));
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO))
                .thenReturn(CompletableFuture.completedFuture(IN_PROGRESS));
        StatusChecks checks = instance(StatusFreshness.DEFAULT.trustingWebhooksFor(Duration.ofMinutes(10)));

        for (int i = 0; i < 5_999; i++) {
            clock.advance(Duration.ofMillis(100));
            assertThat(resultOf(checks.current(ID, Cancellation.never())).map(TaskRecords.TaskRecord::task)).contains(Task.created(ID));
        }
        verify(provider, never()).status(any(), any(), any());
        clock.advance(Duration.ofMillis(100));

        assertThat(resultOf(checks.current(ID, Cancellation.never())).map(TaskRecords.TaskRecord::task)).contains(IN_PROGRESS);
    }

    @Test
    void aFollowedTaskIsAskedAboutWhenTheProviderSaysItMovesIfThatIsSoonerThanThePlan() {
        store.remember(CALLER, Task.created(ID));
        when(provider.nextMoveWithin(OWNER, ID, MapStateStore.KLING_26_PRO))
                .thenReturn(Optional.of(Duration.ofMillis(300)));
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO))
                .thenReturn(CompletableFuture.completedFuture(IN_PROGRESS));
        ManualScheduler scheduler = new ManualScheduler();
        TaskPolling polling = new TaskPolling(instance(StatusFreshness.ALWAYS), new TaskWatchers(), scheduler,
                PollingPlan.DEFAULT);

        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);
        scheduler.advance(Duration.ofMillis(304));
        verify(provider, never()).status(any(), any(), any());
        scheduler.advance(Duration.ofMillis(1));

        verify(provider, times(1)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
        assertThat(resultOf(store.findById(ID))).get().extracting(record -> record.task().status())
                .isEqualTo(TaskStatus.IN_PROGRESS);
    }
}
