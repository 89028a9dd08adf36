package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.TaskObserver;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.Watch;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class AwaitCompletionServiceTest {

    private static final ClientKey CALLER = new ClientKey("caller");
    private static final TaskId ID = TaskId.random();
    private static final Task IN_PROGRESS = new Task(ID, TaskStatus.IN_PROGRESS, List.of());
    private static final Task COMPLETED = new Task(ID, TaskStatus.COMPLETED,
            List.of(URI.create("https://cdn.example.com/v.mp4")));

    @Mock
    private WatchTaskUseCase watching;
    @Mock
    private Watch watch;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ArgumentCaptor<TaskObserver> observer = ArgumentCaptor.forClass(TaskObserver.class);
    private AwaitCompletionService service;

    @BeforeEach
    void wire() {
        service = new AwaitCompletionService(watching, scheduler);
    }

    @Test
    void awaitCompletionGivesTheFinishedTask() {
        CompletableFuture<Task> awaited = await(Duration.ofMinutes(10));

        observer.getValue().onUpdate(IN_PROGRESS);
        observer.getValue().onUpdate(COMPLETED);

        assertThat(awaited).isCompletedWithValue(COMPLETED);
        verify(watch).cancel();
        assertThat(scheduler.waiting()).as("no timeout left behind").isZero();
    }

    @Test
    void awaitCompletionTimesOutWithTheLastKnownState() {
        CompletableFuture<Task> awaited = await(Duration.ofSeconds(5));
        observer.getValue().onUpdate(IN_PROGRESS);

        scheduler.advance(Duration.ofSeconds(5));

        assertThat(failureOf(awaited)).isInstanceOfSatisfying(MotionTransferFailure.StillRunning.class,
                still -> assertThat(still.lastKnown()).isEqualTo(IN_PROGRESS));
        verify(watch).cancel();
    }

    @Test
    void awaitingATaskThatCanNoLongerBeFollowedFailsAtOnceInsteadOfTimingOut() {
        CompletableFuture<Task> awaited = await(Duration.ofHours(1));

        observer.getValue().onEnd(new MotionTransferFailure.UnknownTask(ID));

        assertThat(failureOf(awaited)).isInstanceOf(MotionTransferFailure.UnknownTask.class);
        verify(watch).cancel();
        assertThat(scheduler.waiting()).as("no timeout left behind").isZero();
    }

    @Test
    void cancellingAnAwaitLetsGoOfTheWatch() {
        CompletableFuture<Task> awaited = await(Duration.ofMinutes(10));

        awaited.cancel(true);

        verify(watch).cancel();
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void awaitingATaskTheCallerDoesNotHaveFailsLikeAStatusQuery() {
        MotionTransferFailure.UnknownTask unknown = new MotionTransferFailure.UnknownTask(ID);
        when(watching.watch(eq(new GetTaskStatusQuery(CALLER, ID)), any()))
                .thenReturn(CompletableFuture.supplyAsync(() -> {
                    throw unknown;
                }, Runnable::run));

        CompletableFuture<Task> awaited = service.awaitCompletion(new AwaitCompletionQuery(CALLER, ID,
                Duration.ofMinutes(1))).toCompletableFuture();

        assertThat(failureOf(awaited)).isSameAs(unknown);
        assertThat(scheduler.waiting()).isZero();
    }

    private CompletableFuture<Task> await(Duration timeout) {
        when(watching.watch(eq(new GetTaskStatusQuery(CALLER, ID)), observer.capture()))
                .thenReturn(CompletableFuture.completedFuture(watch));
        return service.awaitCompletion(new AwaitCompletionQuery(CALLER, ID, timeout)).toCompletableFuture();
    }
}
