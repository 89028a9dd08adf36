package dev.motioncontrol.application.service;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.never;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.any;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.TaskRecords;
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
class ListTasksServiceTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey OTHER_CLIENT = new ClientKey("key-beta");
    private static final Owner OWNER = MapStateStore.owner(CALLER);
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");

    // The default methods (with a cancellation) reach the stubbed ones, which strict stubs would take for a
    // mismatch of the same method.
    @Mock(answer = Answers.CALLS_REAL_METHODS, strictness = Mock.Strictness.LENIENT)
    private VideoProvider provider;

    private final MapStateStore records = new MapStateStore();
    private ListTasksService service;

    @BeforeEach
    void wire() {
        TaskReports reports = new TaskReports(records, new TaskChanges(), ManualTimeSource.standingStill());
        service = new ListTasksService(provider, reports, records, MapStateStore.OWNERS, new StatusChecks(records,
                provider, reports, ManualTimeSource.standingStill(), StatusFreshness.ALWAYS));
    }

    private static final ListTasksQuery KLING_26 = new ListTasksQuery(CALLER, Optional.of(Model.KLING_2_6), Optional.empty());

    @Test
    void listShowsOnlyTheCallersTasksWithTheProvidersLatestStates() {
        TaskId theirs = new TaskId("9c1f7a52-1111-4c39-9d43-0d7c1b2f6a55");
        records.remember(CALLER, Task.created(TASK_ID));
        records.remember(OTHER_CLIENT, Task.created(theirs));
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/out.mp4")));
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).thenReturn(CompletableFuture.completedFuture(
                List.of(completed, new Task(theirs, TaskStatus.COMPLETED, List.of()))));

        List<Task> listed = resultOf(service.listTasks(KLING_26));

        assertThat(listed).containsExactly(completed);
    }

    @Test
    void aCompletedListEntryWithoutVideosIsNotTakenAsTheEndTheTaskItselfIsAskedFor() {
        records.remember(CALLER, Task.created(TASK_ID));
        Task withVideo = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/out.mp4")));
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).thenReturn(CompletableFuture.completedFuture(
                List.of(new Task(TASK_ID, TaskStatus.COMPLETED, List.of()))));
        when(provider.status(eq(OWNER), eq(TASK_ID), any())).thenReturn(CompletableFuture.completedFuture(withVideo));

        List<Task> listed = resultOf(service.listTasks(KLING_26));

        assertThat(listed).containsExactly(withVideo);
        assertThat(resultOf(records.find(OWNER, TASK_ID)).map(TaskRecords.TaskRecord::task)).contains(withVideo);
    }

    @Test
    void oneListAsksForAtMostFiveOfTheCallersTasksByThemselves() {
        List<Task> listedCompleted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TaskId id = new TaskId("0b0a4a1e-7a8d-4c39-9d43-00000000000" + i);
            records.remember(CALLER, Task.created(id));
            listedCompleted.add(new Task(id, TaskStatus.COMPLETED, List.of()));
        }
        // Another client's task first: it is not this caller's to ask for, and takes no place among the five.
        TaskId theirs = new TaskId("9c1f7a52-3333-4c39-9d43-0d7c1b2f6a55");
        records.remember(OTHER_CLIENT, Task.created(theirs));
        listedCompleted.add(0, new Task(theirs, TaskStatus.COMPLETED, List.of()));
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty()))
                .thenReturn(CompletableFuture.completedFuture(listedCompleted));
        when(provider.status(eq(OWNER), any(), any())).thenAnswer(call -> {
            TaskId id = call.getArgument(1);
            return CompletableFuture.completedFuture(new Task(id, TaskStatus.COMPLETED,
                    List.of(URI.create("https://cdn.example.com/" + id.value() + ".mp4"))));
        });

        resultOf(service.listTasks(KLING_26));

        verify(provider, times(ListTasksService.MOST_ASKED_PER_LIST)).status(eq(OWNER), any(), any());
        verify(provider, never()).status(any(), eq(theirs), any());
    }

    @Test
    void aCompletedListEntryWithoutVideosIsNotRecordedWhenTheTaskCannotBeAskedFor() {
        records.remember(CALLER, Task.created(TASK_ID));
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).thenReturn(CompletableFuture.completedFuture(
                List.of(new Task(TASK_ID, TaskStatus.COMPLETED, List.of()))));
        when(provider.status(eq(OWNER), eq(TASK_ID), any())).thenReturn(CompletableFuture.failedFuture(
                new MotionTransferFailure.ProviderUnavailable("down")));

        List<Task> listed = resultOf(service.listTasks(KLING_26));

        assertThat(listed).as("still unfinished: the next status asks again").containsExactly(Task.created(TASK_ID));
    }

    /** A service on the default freshness plan, with {@code clock}. */
    private ListTasksService onThePlan(ManualTimeSource clock) {
        TaskReports reports = new TaskReports(records, new TaskChanges(), clock);
        return new ListTasksService(provider, reports, records, MapStateStore.OWNERS,
                new StatusChecks(records, provider, reports, clock, StatusFreshness.DEFAULT));
    }

    private static void listEveryTenthOfASecondFor(Duration span, ListTasksService service, ManualTimeSource clock) {
        for (long polled = 0; polled < span.toMillis(); polled += 100) {
            resultOf(service.listTasks(KLING_26));
            clock.advance(Duration.ofMillis(100));
        }
    }

    @Test
    void aClientListingInALoopCostsNoMoreThanOnePollingAStatus() {
        ManualTimeSource clock = new ManualTimeSource(MapStateStore.RECORDED_AT);
        ListTasksService planned = onThePlan(clock);
        records.remember(CALLER, Task.created(TASK_ID));
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).thenReturn(CompletableFuture.completedFuture(
                List.of(new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of()))));

        listEveryTenthOfASecondFor(Duration.ofSeconds(10), planned, clock);

        // Ten seconds of a list every 100 ms: asked at 2, 4, 6 and 9 s, as a status would be.
        verify(provider, times(4)).list(OWNER, Model.KLING_2_6, Optional.empty());
    }

    @Test
    void aTaskTheProvidersListLeavesOutIsMarkedCheckedAllTheSame() {
        ManualTimeSource clock = new ManualTimeSource(MapStateStore.RECORDED_AT);
        ListTasksService planned = onThePlan(clock);
        records.remember(CALLER, Task.created(TASK_ID));
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty()))
                .thenReturn(CompletableFuture.completedFuture(List.of()));

        listEveryTenthOfASecondFor(Duration.ofSeconds(10), planned, clock);

        verify(provider, times(4)).list(OWNER, Model.KLING_2_6, Optional.empty());
    }

    @Test
    void aTaskTheServiceNeverRecordedIsNotListed() {
        Task unrecorded = Task.created(new TaskId("9c1f7a52-2222-4c39-9d43-0d7c1b2f6a55"));
        records.remember(CALLER, Task.created(TASK_ID));
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).thenReturn(CompletableFuture.completedFuture(List.of(unrecorded)));

        List<Task> listed = resultOf(service.listTasks(KLING_26));

        assertThat(listed).containsExactly(Task.created(TASK_ID));
    }

    @Test
    void onlyTheModelsOfTheCallersUnfinishedTasksAreAskedOf() {
        records.remember(CALLER, Task.created(TASK_ID));
        when(provider.list(eq(OWNER), any(), any())).thenReturn(CompletableFuture.completedFuture(List.of()));

        List<Task> listed = resultOf(service.listTasks(new ListTasksQuery(CALLER)));

        assertThat(listed).containsExactly(Task.created(TASK_ID));
        verify(provider).list(eq(OWNER), eq(Model.KLING_2_6), eq(Optional.empty()), any(Cancellation.class));
        verify(provider).list(OWNER, Model.KLING_2_6, Optional.empty());
        verifyNoMoreInteractions(provider);
    }

    @Test
    void aCallerWhoseTasksAreAllOverCostsNoProviderCall() {
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/out.mp4")));
        records.remember(CALLER, completed);

        List<Task> listed = resultOf(service.listTasks(new ListTasksQuery(CALLER)));

        assertThat(listed).containsExactly(completed);
        verifyNoInteractions(provider);
    }

    @Test
    void aKling3TierListHoldsThatTiersTasksOnly() {
        TaskId pro = new TaskId("9c1f7a52-3333-4c39-9d43-0d7c1b2f6a55");
        TaskId std = new TaskId("9c1f7a52-4444-4c39-9d43-0d7c1b2f6a55");
        records.remember(CALLER, Task.created(TASK_ID));
        records.remember(CALLER, Task.created(pro), new ModelTier(Model.KLING_3, Tier.PRO), Optional.empty());
        records.remember(CALLER, Task.created(std), new ModelTier(Model.KLING_3, Tier.STANDARD), Optional.empty());
        when(provider.list(OWNER, Model.KLING_3, Optional.of(Tier.PRO))).thenReturn(CompletableFuture.completedFuture(List.of()));

        List<Task> listed = resultOf(service.listTasks(new ListTasksQuery(CALLER, Optional.of(Model.KLING_3), Optional.of(Tier.PRO))));

        assertThat(listed).containsExactly(Task.created(pro));
    }

    @Test
    void aRateLimitedListSurfacesUnchanged() {
        records.remember(CALLER, Task.created(TASK_ID));
        MotionTransferFailure.RateLimited limited = new MotionTransferFailure.RateLimited(Optional.empty());
        when(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).thenReturn(CompletableFuture.failedFuture(limited));

        Throwable failure = failureOf(service.listTasks(KLING_26));

        assertThat(failure).isSameAs(limited);
    }
}
