package dev.motioncontrol.application.service;

import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.any;
import dev.motioncontrol.application.Cancellation;
import java.time.Instant;
import java.time.Duration;
import java.util.Optional;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.port.out.TaskRecords;
import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Answers;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class GetTaskStatusServiceTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey OTHER_CLIENT = new ClientKey("key-beta");
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");
    private static final Owner OWNER = MapStateStore.owner(CALLER);
    private static final GetTaskStatusQuery QUERY = new GetTaskStatusQuery(CALLER, TASK_ID);

    // The default methods (with a cancellation) reach the stubbed ones, which strict stubs would take for a
    // mismatch of the same method.
    @Mock(answer = Answers.CALLS_REAL_METHODS, strictness = Mock.Strictness.LENIENT)
    private VideoProvider provider;

    private final MapStateStore records = new MapStateStore();
    private final TaskChanges changes = new TaskChanges();
    private GetTaskStatusService service;

    @BeforeEach
    void wire() {
        service = new GetTaskStatusService(records, new StatusChecks(records, provider,
                new TaskReports(records, changes, ManualTimeSource.standingStill()),
                ManualTimeSource.standingStill(), StatusFreshness.ALWAYS), MapStateStore.OWNERS);
    }

    /** A service on the default freshness plan, its clock at the records' creation. */
    private GetTaskStatusService onThePlan(ManualTimeSource clock) {
        return new GetTaskStatusService(records, new StatusChecks(records, provider,
                new TaskReports(records, changes, clock), clock, StatusFreshness.DEFAULT), MapStateStore.OWNERS);
    }

    /**
     * How many provider calls a task that finishes after {@code takes} costs while a client asks for it every
     * 100 ms, until the client sees it finished; and how late it sees that.
     */
    private int[] callsAndLateness(Duration takes) {
        ManualTimeSource clock = new ManualTimeSource(MapStateStore.RECORDED_AT);
        GetTaskStatusService planned = onThePlan(clock);
        records.remember(CALLER, Task.created(TASK_ID));
        Instant done = MapStateStore.RECORDED_AT.plus(takes);
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")));
        int[] calls = {0};
        when(provider.status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO)).thenAnswer(call -> {
            calls[0]++;
            return CompletableFuture.completedFuture(clock.now().isBefore(done)
                    ? new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of()) : completed);
        });
        while (!resultOf(planned.getStatus(QUERY)).isTerminal()) {
            clock.advance(Duration.ofMillis(100));
        }
        return new int[] {calls[0], (int) Duration.between(done, clock.now()).toMillis()};
    }

    @Test
    void aTaskOfTwentySecondsPolledEveryTenthOfASecondCostsAtMostEightCalls() {
        int[] spent = callsAndLateness(Duration.ofSeconds(20));

        assertThat(spent[0]).isLessThanOrEqualTo(8);
    }

    @ParameterizedTest(name = "a task of {0} s")
    @ValueSource(ints = {1, 3, 7, 14, 20, 45, 100, 200, 300, 900})
    void aChangeIsSeenAtMostHalfTheTasksAgeLateAndNeverMoreThanAMinute(int seconds) {
        int[] spent = callsAndLateness(Duration.ofSeconds(seconds));

        // The checks fall on 100 ms polls: up to one poll later than the plan.
        long bound = Math.min(60_000, Math.max(2_000, seconds * 1000L / 2)) + 100;
        assertThat(spent[1]).as("ms late").isLessThanOrEqualTo((int) bound);
    }

    @Test
    void aTaskOfFiveMinutesPolledEveryTenthOfASecondCostsAtMostFifteenCalls() {
        int[] spent = callsAndLateness(Duration.ofMinutes(5));

        assertThat(spent[0]).isLessThanOrEqualTo(15);
        assertThat(spent[1]).as("ms late").isLessThanOrEqualTo(60_000);
    }

    @Test
    void aFreshRecordIsAnsweredWithoutAskingTheProvider() {
        ManualTimeSource clock = new ManualTimeSource(MapStateStore.RECORDED_AT.plusSeconds(1));
        records.remember(CALLER, Task.created(TASK_ID));

        Task task = resultOf(onThePlan(clock).getStatus(QUERY));

        assertThat(task).isEqualTo(Task.created(TASK_ID));
        verifyNoInteractions(provider);
    }

    @Test
    void requestsAtOnceShareOneProviderCall() {
        records.remember(CALLER, Task.created(TASK_ID));
        CompletableFuture<Task> answer = new CompletableFuture<>();
        when(provider.status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO)).thenReturn(answer);
        ManualTimeSource clock = new ManualTimeSource(MapStateStore.RECORDED_AT.plusSeconds(10));
        GetTaskStatusService service = onThePlan(clock);

        List<CompletableFuture<Task>> asked = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> service.getStatus(QUERY).toCompletableFuture()).toList();
        Task inProgress = new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of());
        answer.complete(inProgress);

        // The first claims the check and asks; the others find it claimed and answer from the record meanwhile.
        assertThat(resultOf(asked.get(0))).isEqualTo(inProgress);
        assertThat(asked).allSatisfy(each -> assertThat(resultOf(each)).isIn(inProgress, Task.created(TASK_ID)));
        verify(provider, times(1)).status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO);
        clock.advance(Duration.ofSeconds(10));
        assertThat(resultOf(service.getStatus(QUERY))).as("a later request asks again").isEqualTo(inProgress);
        verify(provider, times(2)).status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO);
    }

    @Test
    void statusAsksTheProviderOnBehalfOfTheCaller() {
        records.remember(CALLER, Task.created(TASK_ID));
        Task inProgress = new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of());
        when(provider.status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.completedFuture(inProgress));

        Task task = resultOf(service.getStatus(QUERY));

        assertThat(task).isEqualTo(inProgress);
    }

    @Test
    void aMoveLearntFromTheProviderIsRecordedAndPublished() {
        records.remember(CALLER, Task.created(TASK_ID));
        Task inProgress = new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of());
        when(provider.status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.completedFuture(inProgress));
        List<Task> published = new ArrayList<>();
        changes.subscribe(change -> published.add(change.after().task()));

        resultOf(service.getStatus(QUERY));

        assertThat(resultOf(records.find(OWNER, TASK_ID)).map(TaskRecords.TaskRecord::task)).contains(inProgress);
        assertThat(published).containsExactly(inProgress);
    }

    @Test
    void anotherClientsTaskIsUnknownAndTheProviderIsNotAsked() {
        records.remember(OTHER_CLIENT, Task.created(TASK_ID));

        Throwable failure = failureOf(service.getStatus(QUERY));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.UnknownTask.class,
                unknown -> assertThat(unknown.taskId()).isEqualTo(TASK_ID));
        verifyNoInteractions(provider);
    }

    @Test
    void aTaskAskedForUnderAnotherModelIsUnknownAndTheProviderIsNotAsked() {
        records.remember(CALLER, Task.created(TASK_ID));

        Throwable failure = failureOf(service.getStatus(
                new GetTaskStatusQuery(CALLER, TASK_ID, Optional.of(Model.KLING_3))));

        assertThat(failure).isInstanceOf(MotionTransferFailure.UnknownTask.class);
        verifyNoInteractions(provider);
    }

    @Test
    void aKling3TaskIsAskedOfTheProviderWhereItRuns() {
        ModelTier v3Std = new ModelTier(Model.KLING_3, Tier.STANDARD);
        records.remember(CALLER, Task.created(TASK_ID), v3Std, Optional.empty());
        when(provider.status(OWNER, TASK_ID, v3Std)).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        Task task = resultOf(service.getStatus(new GetTaskStatusQuery(CALLER, TASK_ID, Optional.of(Model.KLING_3))));

        assertThat(task).isEqualTo(Task.created(TASK_ID));
    }

    @Test
    void aFinishedTaskIsAnsweredWithoutAskingTheProviderAgain() {
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/out.mp4")));
        records.remember(CALLER, Task.created(TASK_ID));
        when(provider.status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.completedFuture(completed));
        resultOf(service.getStatus(QUERY));

        Task again = resultOf(service.getStatus(QUERY));

        assertThat(again).isEqualTo(completed);
        verify(provider, times(1)).status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO);
    }

    @Test
    void aStaleReportNeverMovesATaskBackwards() {
        records.remember(CALLER, new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of()));
        when(provider.status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        Task task = resultOf(service.getStatus(QUERY));

        assertThat(task.status()).isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void anUnknownTaskFromTheProviderSurfacesUnchanged() {
        records.remember(CALLER, Task.created(TASK_ID));
        MotionTransferFailure.UnknownTask unknown = new MotionTransferFailure.UnknownTask(TASK_ID);
        when(provider.status(OWNER, TASK_ID, MapStateStore.KLING_26_PRO)).thenReturn(CompletableFuture.failedFuture(unknown));

        Throwable failure = failureOf(service.getStatus(QUERY));

        assertThat(failure).isSameAs(unknown);
    }
}
