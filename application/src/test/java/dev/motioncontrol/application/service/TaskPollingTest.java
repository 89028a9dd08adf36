package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.TaskRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.never;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.TaskObserver;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Answers;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class TaskPollingTest {

    private static final ClientKey CALLER = new ClientKey("owner");
    private static final Owner OWNER = MapStateStore.owner(CALLER);
    private static final TaskId ID = TaskId.random();
    private static final Task IN_PROGRESS = new Task(ID, TaskStatus.IN_PROGRESS, List.of());
    private static final Task COMPLETED = new Task(ID, TaskStatus.COMPLETED,
            List.of(URI.create("https://cdn.example.com/v.mp4")));

    // The default methods (with a cancellation) reach the stubbed ones, which strict stubs would take for a
    // mismatch of the same method.
    @Mock(answer = Answers.CALLS_REAL_METHODS, strictness = Mock.Strictness.LENIENT)
    private VideoProvider provider;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MapStateStore records = new MapStateStore();
    private final TaskChanges changes = new TaskChanges();
    private final TaskReports reports = new TaskReports(records, changes, ManualTimeSource.standingStill());
    private final TaskWatchers watchers = new TaskWatchers();
    private final Heard heard = new Heard();
    private TaskPolling polling;

    @BeforeEach
    void wire() {
        polling = new TaskPolling(new StatusChecks(records, provider, reports, ManualTimeSource.standingStill(),
                StatusFreshness.ALWAYS), watchers, scheduler,
                new PollingPlan(Duration.ofSeconds(1), Duration.ofSeconds(8)));
        changes.subscribe(watchers);
        changes.subscribe(polling);
        records.remember(CALLER, Task.created(ID));
        watchers.add(ID, heard);
    }

    @Test
    void pollingBacksOffWhileTheTaskRuns() {
        reports(IN_PROGRESS);
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(1 + 2 + 4));

        verify(provider, times(3)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
        scheduler.advance(Duration.ofSeconds(8 + 8));
        verify(provider, times(5)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
    }

    @Test
    void eachAnswerIsRecordedAndToldToTheWatchers() {
        reports(IN_PROGRESS, COMPLETED);
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(3));

        assertThat(heard.statuses).containsExactly(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED);
        assertThat(records.find(OWNER, ID).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(COMPLETED);
    }

    @Test
    void anAnswerIsToldToTheWatchersEvenWhenSomeoneElseRecordedTheMoveFirst() {
        reports.apply(IN_PROGRESS);
        Heard late = new Heard();
        watchers.add(ID, late);
        reports(IN_PROGRESS);
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(late.statuses).containsExactly(TaskStatus.IN_PROGRESS);
    }

    @Test
    void pollingStopsOnceThePolledTaskFinishes() {
        reports(COMPLETED);
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofMinutes(5));

        verify(provider, times(1)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
        assertThat(polling.polledTasks()).isZero();
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void pollingStopsWhenAnotherReportSaysTheTaskFinished() {
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        reports.apply(COMPLETED);
        scheduler.advance(Duration.ofMinutes(5));

        verify(provider, never()).status(any(), any(), any());
        assertThat(polling.polledTasks()).isZero();
    }

    @Test
    void releasingTheLastInterestStopsThePolling() {
        TaskPolling.Interest first = polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);
        TaskPolling.Interest second = polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        first.release();
        first.release();
        assertThat(polling.polledTasks()).as("still one interested").isEqualTo(1);
        second.release();
        scheduler.advance(Duration.ofMinutes(5));

        verify(provider, never()).status(any(), any(), any());
        assertThat(polling.polledTasks()).isZero();
    }

    @Test
    void aTaskIsPolledOnceAtATimeHoweverManyWait() {
        reports(IN_PROGRESS);
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(1));

        verify(provider, times(1)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
    }

    @Test
    void aTaskTheProviderNoLongerKnowsEndsItsWatchers() {
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.failedFuture(
                new MotionTransferFailure.UnknownTask(ID)));
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(heard.ends).singleElement().isInstanceOf(MotionTransferFailure.UnknownTask.class);
        assertThat(polling.polledTasks()).isZero();
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void aTaskTheServiceNoLongerRecordsEndsItsWatchers() {
        TaskId forgotten = TaskId.random();
        Heard watching = new Heard();
        watchers.add(forgotten, watching);
        when(provider.status(OWNER, forgotten, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.completedFuture(
                new Task(forgotten, TaskStatus.IN_PROGRESS, List.of())));
        polling.follow(OWNER, forgotten, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(watching.ends).singleElement().isInstanceOf(MotionTransferFailure.UnknownTask.class);
    }

    @Test
    void failedPollsAreRetriedUntilTooManyInARowThenTheWatchersAreTold() {
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.failedFuture(
                new MotionTransferFailure.ProviderUnavailable("down")));
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(8L * TaskPolling.MAX_FAILED_POLLS));

        verify(provider, times(TaskPolling.MAX_FAILED_POLLS)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
        assertThat(heard.ends).singleElement().isInstanceOfSatisfying(MotionTransferFailure.ProviderUnavailable.class,
                why -> assertThat(why.getMessage()).contains(String.valueOf(TaskPolling.MAX_FAILED_POLLS)));
        assertThat(polling.polledTasks()).isZero();
    }

    @Test
    void aSuccessfulPollStartsTheCountOfFailuresAgain() {
        CompletionStage<Task> down =
                CompletableFuture.failedFuture(new MotionTransferFailure.ProviderUnavailable("down"));
        List<CompletionStage<Task>> answers = new ArrayList<>();
        for (int i = 0; i < TaskPolling.MAX_FAILED_POLLS - 1; i++) {
            answers.add(down);
        }
        answers.add(CompletableFuture.completedFuture(IN_PROGRESS));
        answers.add(down);
        var stubbing = when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO));
        for (CompletionStage<Task> answer : answers) {
            stubbing = stubbing.thenReturn(answer);
        }
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(8L * (TaskPolling.MAX_FAILED_POLLS + 1)));

        assertThat(heard.statuses).containsExactly(TaskStatus.IN_PROGRESS);
        assertThat(heard.ends).isEmpty();
    }

    @Test
    void aProviderThatThrowsCountsAsAFailedPoll() {
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO)).thenThrow(new IllegalStateException("the adapter's own bug"))
                .thenReturn(CompletableFuture.completedFuture(COMPLETED));
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        scheduler.advance(Duration.ofSeconds(1 + 2));

        assertThat(heard.statuses).containsExactly(TaskStatus.COMPLETED);
    }

    @Test
    void closingStopsEveryPollAndTellsTheWatchersTheServiceIsShuttingDown() {
        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        polling.close();
        scheduler.advance(Duration.ofMinutes(5));

        verify(provider, never()).status(any(), any(), any());
        assertThat(heard.ends).singleElement().isInstanceOf(MotionTransferFailure.ProviderUnavailable.class);
        assertThat(polling.polledTasks()).isZero();
    }

    @Test
    void followingAfterCloseEndsTheWatchersAtOnce() {
        polling.close();

        polling.follow(OWNER, ID, MapStateStore.KLING_26_PRO);

        assertThat(heard.ends).singleElement().isInstanceOf(MotionTransferFailure.ProviderUnavailable.class);
        assertThat(scheduler.waiting()).isZero();
    }

    private void reports(Task first, Task... then) {
        var stubbing = when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.completedFuture(first));
        for (Task next : then) {
            stubbing = stubbing.thenReturn(CompletableFuture.completedFuture(next));
        }
    }

    /** Remembers what it heard. */
    private static final class Heard implements TaskObserver {
        private final List<TaskStatus> statuses = new ArrayList<>();
        private final List<MotionTransferFailure> ends = new ArrayList<>();

        @Override
        public void onUpdate(Task task) {
            statuses.add(task.status());
        }

        @Override
        public void onEnd(MotionTransferFailure why) {
            ends.add(why);
        }
    }
}
