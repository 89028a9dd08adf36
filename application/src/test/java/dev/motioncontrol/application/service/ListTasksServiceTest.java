package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.out.MapTaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class ListTasksServiceTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey OTHER_CLIENT = new ClientKey("key-beta");
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");

    @Mock
    private VideoProvider provider;

    private final MapTaskRecords records = new MapTaskRecords();
    private ListTasksService service;

    @BeforeEach
    void wire() {
        service = new ListTasksService(provider, new TaskReports(records, new TaskChanges()), records);
    }

    @Test
    void listShowsOnlyTheCallersTasksWithTheProvidersLatestStates() {
        TaskId theirs = new TaskId("9c1f7a52-1111-4c39-9d43-0d7c1b2f6a55");
        records.remember(CALLER, Task.created(TASK_ID));
        records.remember(OTHER_CLIENT, Task.created(theirs));
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/out.mp4")));
        when(provider.list(CALLER)).thenReturn(CompletableFuture.completedFuture(
                List.of(completed, new Task(theirs, TaskStatus.COMPLETED, List.of()))));

        List<Task> listed = resultOf(service.listTasks(new ListTasksQuery(CALLER)));

        assertThat(listed).containsExactly(completed);
    }

    @Test
    void aTaskTheServiceNeverRecordedIsNotListed() {
        Task unrecorded = Task.created(new TaskId("9c1f7a52-2222-4c39-9d43-0d7c1b2f6a55"));
        records.remember(CALLER, Task.created(TASK_ID));
        when(provider.list(CALLER)).thenReturn(CompletableFuture.completedFuture(List.of(unrecorded)));

        List<Task> listed = resultOf(service.listTasks(new ListTasksQuery(CALLER)));

        assertThat(listed).containsExactly(Task.created(TASK_ID));
    }

    @Test
    void aRateLimitedListSurfacesUnchanged() {
        MotionTransferFailure.RateLimited limited = new MotionTransferFailure.RateLimited(Optional.empty());
        when(provider.list(CALLER)).thenReturn(CompletableFuture.failedFuture(limited));

        Throwable failure = failureOf(service.listTasks(new ListTasksQuery(CALLER)));

        assertThat(failure).isSameAs(limited);
    }
}
