package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.never;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.lenient;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.Watch;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.Change;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Answers;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class WatchTaskServiceTest {

    private static final ClientKey CALLER = new ClientKey("caller");
    private static final Owner OWNER = MapStateStore.owner(CALLER);
    private static final TaskId ID = TaskId.random();
    private static final GetTaskStatusQuery QUERY = new GetTaskStatusQuery(CALLER, ID);
    private static final Task IN_PROGRESS = new Task(ID, TaskStatus.IN_PROGRESS, List.of());
    private static final Task COMPLETED = new Task(ID, TaskStatus.COMPLETED,
            List.of(URI.create("https://cdn.example.com/v.mp4")));

    @Mock
    private TaskRecords records;
    // The default methods (with a cancellation) reach the stubbed ones, which strict stubs would take for a
    // mismatch of the same method.
    @Mock(answer = Answers.CALLS_REAL_METHODS, strictness = Mock.Strictness.LENIENT)
    private VideoProvider provider;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final TaskWatchers watchers = new TaskWatchers();
    private final List<TaskStatus> heard = new ArrayList<>();
    private TaskPolling polling;
    private WatchTaskService service;

    @BeforeEach
    void wire() {
        polling = new TaskPolling(new StatusChecks(records, provider, new TaskReports(records, new TaskChanges(),
                ManualTimeSource.standingStill()), ManualTimeSource.standingStill(), StatusFreshness.ALWAYS),
                watchers, scheduler, PollingPlan.DEFAULT);
        service = new WatchTaskService(records, watchers, polling, MapStateStore.OWNERS);
    }

    @Test
    void aWatcherHearsTheStateAsRecordedAtOnceAndTheTaskIsPolled() {
        recorded(Task.created(ID));

        resultOf(service.watch(QUERY, task -> heard.add(task.status())));

        assertThat(heard).containsExactly(TaskStatus.CREATED);
        assertThat(polling.polledTasks()).isEqualTo(1);
    }

    @Test
    void aWatcherHearsEachMoveRecordedAfterwards() {
        recorded(Task.created(ID));
        resultOf(service.watch(QUERY, task -> heard.add(task.status())));

        watchers.accept(change(Task.created(ID), IN_PROGRESS));

        assertThat(heard).containsExactly(TaskStatus.CREATED, TaskStatus.IN_PROGRESS);
    }

    @Test
    void aMoveRecordedWhileTheRecordIsReadIsStillHeardAndNeverUndone() {
        CompletableFuture<Optional<TaskRecord>> reading = new CompletableFuture<>();
        when(records.find(OWNER, ID)).thenReturn(reading);
        var watching = service.watch(QUERY, task -> heard.add(task.status()));

        watchers.accept(change(Task.created(ID), IN_PROGRESS));
        reading.complete(Optional.of(record(Task.created(ID))));

        assertThat(resultOf(watching)).isNotNull();
        assertThat(heard).containsExactly(TaskStatus.IN_PROGRESS);
    }

    @Test
    void anotherCallersTaskIsUnknownAndLeavesNoWatcherBehind() {
        when(records.find(OWNER, ID)).thenReturn(CompletableFuture.completedFuture(Optional.empty()));

        Throwable failure = failureOf(service.watch(QUERY, task -> heard.add(task.status())));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.UnknownTask.class,
                unknown -> assertThat(unknown.taskId()).isEqualTo(ID));
        assertThat(watchers.watchedTasks()).isZero();
        assertThat(polling.polledTasks()).isZero();
    }

    @Test
    void aWatcherJoiningAfterTheEndHearsTheEndAtOnceAndNothingIsPolled() {
        recorded(COMPLETED);

        resultOf(service.watch(QUERY, task -> heard.add(task.status())));

        assertThat(heard).containsExactly(TaskStatus.COMPLETED);
        assertThat(watchers.watchedTasks()).isZero();
        assertThat(polling.polledTasks()).isZero();
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void cancellingTheWatchStopsTheUpdatesAndThePolling() {
        recorded(Task.created(ID));
        Watch watch = resultOf(service.watch(QUERY, task -> heard.add(task.status())));

        watch.cancel();
        watch.cancel();
        watchers.accept(change(Task.created(ID), IN_PROGRESS));
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(heard).containsExactly(TaskStatus.CREATED);
        assertThat(polling.polledTasks()).isZero();
        verify(provider, never()).status(any(), any(), any());
    }

    @Test
    void cancellingOneWatchKeepsPollingForAnother() {
        recorded(Task.created(ID));
        when(provider.status(OWNER, ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.completedFuture(IN_PROGRESS));
        when(records.update(eq(ID), any())).thenReturn(CompletableFuture.completedFuture(
                Optional.of(change(Task.created(ID), IN_PROGRESS))));
        Watch first = resultOf(service.watch(QUERY, task -> { }));
        resultOf(service.watch(QUERY, task -> heard.add(task.status())));

        first.cancel();
        scheduler.advance(Duration.ofSeconds(1));

        verify(provider, times(1)).status(OWNER, ID, MapStateStore.KLING_26_PRO);
        assertThat(heard).containsExactly(TaskStatus.CREATED, TaskStatus.IN_PROGRESS);
    }

    private void recorded(Task task) {
        when(records.find(OWNER, ID)).thenReturn(CompletableFuture.completedFuture(
                Optional.of(record(task))));
        lenient().when(records.findById(ID)).thenReturn(CompletableFuture.completedFuture(
                Optional.of(record(task))));
    }

    private static Change change(Task before, Task after) {
        return new Change(record(before), record(after));
    }

    private static TaskRecord record(Task task) {
        return new TaskRecord(OWNER, task, MapStateStore.KLING_26_PRO, Optional.empty(), MapStateStore.RECORDED_AT,
                MapStateStore.RECORDED_AT);
    }
}
