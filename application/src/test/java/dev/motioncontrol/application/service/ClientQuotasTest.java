package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import java.util.concurrent.CompletionStage;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.ClientLimits;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientQuotasTest {

    private static final ClientKey LIMITED = new ClientKey("limited");
    private static final ClientKey OTHER = new ClientKey("other");
    private static final ClientKey FREE = new ClientKey("free");
    private static final TaskId ID = TaskId.random();

    private final MapStateStore records = new MapStateStore();
    private final ManualTimeSource clock = new ManualTimeSource(MapStateStore.RECORDED_AT);
    private final ClientQuotas quotas = new ClientQuotas(quotasKeys(), records, MapStateStore.OWNERS, clock);

    private static AcceptedClientKeys quotasKeys() {
        return AcceptedClientKeys.only(Map.of("limited", new ClientLimits(2, 3, 2), "other", new ClientLimits(2, 3, 2),
                "free", ClientLimits.NONE));
    }
    private final AtomicInteger reached = new AtomicInteger();
    /** The rate is held at the edge every call crosses. */
    private final ClientAuthentication edge = new ClientAuthentication(quotasKeys(), Optional.of(quotas));
    private final GetTaskStatusUseCase status = edge.getStatus(query -> {
        reached.incrementAndGet();
        return CompletableFuture.completedFuture(Task.created(ID));
    });
    private final SubmitMotionTransferUseCase submit = edge.submit(command -> quotas.newTasks()
            .allowed(command.caller()).thenApply(allowed -> {
                reached.incrementAndGet();
                return Task.created(TaskId.random());
            }));

    @Test
    void aClientBeyondItsRateIsToldTheLimitAndWhenToComeBackAndReachesNothing() {
        for (int i = 0; i < 3; i++) {
            resultOf(status.getStatus(new GetTaskStatusQuery(LIMITED, ID)));
        }

        Throwable refused = failureOf(status.getStatus(new GetTaskStatusQuery(LIMITED, ID)));

        assertThat(refused).isInstanceOf(MotionTransferFailure.RateLimited.class)
                .hasMessage("Too many requests: this API key may make 2 requests per second (bursts of 3)");
        assertThat(((MotionTransferFailure.RateLimited) refused).retryAfter()).contains(Duration.ofMillis(500));
        assertThat(reached).hasValue(3);
        resultOf(status.getStatus(new GetTaskStatusQuery(OTHER, ID)));
        clock.advance(Duration.ofMillis(500));
        resultOf(status.getStatus(new GetTaskStatusQuery(LIMITED, ID)));
        assertThat(reached).hasValue(5);
    }

    @Test
    void aClientWithoutLimitsIsNeverRefused() {
        for (int i = 0; i < 1_000; i++) {
            resultOf(status.getStatus(new GetTaskStatusQuery(FREE, ID)));
        }

        assertThat(reached).hasValue(1_000);
    }

    @Test
    void aClientWithItsMostUnfinishedTasksMaySubmitAgainOnceOneHasFinished() {
        TaskRecord first = records.remember(LIMITED, Task.created(TaskId.random()));
        records.remember(LIMITED, new Task(TaskId.random(), TaskStatus.IN_PROGRESS, List.of()));
        records.remember(LIMITED, new Task(TaskId.random(), TaskStatus.FAILED, List.of()));
        records.remember(OTHER, Task.created(TaskId.random()));

        Throwable refused = failureOf(submit.submit(command(LIMITED)));

        assertThat(refused).isInstanceOf(MotionTransferFailure.RateLimited.class).hasMessageStartingWith("Too many "
                + "unfinished tasks: this API key may have 2 unfinished at once; try again when one has finished");
        assertThat(reached).hasValue(0);
        resultOf(submit.submit(command(OTHER)));
        records.update(first.task().id(), record -> record.reported(new Task(first.task().id(), TaskStatus.FAILED,
                List.of()), clock.now()));
        resultOf(submit.submit(command(LIMITED)));
        assertThat(reached).hasValue(2);
    }

    @Test
    void tasksSubmittedLongerAgoThanAnHourDoNotCountAsUnfinished() {
        records.remember(LIMITED, Task.created(TaskId.random()));
        records.remember(LIMITED, Task.created(TaskId.random()));
        clock.advance(ClientLimits.UNFINISHED_WITHIN);

        resultOf(submit.submit(command(LIMITED)));

        assertThat(reached).hasValue(1);
    }

    @Test
    void atItsLimitAClientsOldestStaleTasksAreAskedAboutBeforeItIsRefused() {
        TaskRecord oldest = records.remember(LIMITED, Task.created(TaskId.random()));
        records.remember(LIMITED, Task.created(TaskId.random()));
        List<TaskId> asked = new java.util.ArrayList<>();
        VideoProvider provider = new VideoProvider() {
            @Override
            public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
                throw new AssertionError("not submitted here");
            }

            @Override
            public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
                asked.add(taskId);
                return CompletableFuture.completedFuture(new Task(taskId,
                        taskId.equals(oldest.task().id()) ? TaskStatus.FAILED : TaskStatus.IN_PROGRESS, List.of()));
            }

            @Override
            public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
                return CompletableFuture.completedFuture(List.of());
            }
        };
        ClientQuotas asking = new ClientQuotas(quotasKeys(), records, MapStateStore.OWNERS, clock,
                new StatusChecks(records, provider, new TaskReports(records, new TaskChanges(), clock), clock,
                        StatusFreshness.DEFAULT));
        clock.advance(Duration.ofMinutes(1));

        resultOf(asking.newTasks().allowed(LIMITED));

        assertThat(asked).hasSize(2).contains(oldest.task().id());
        TaskRecord another = records.remember(LIMITED, Task.created(TaskId.random()));
        Throwable refused = failureOf(asking.newTasks().allowed(LIMITED));
        assertThat(refused).as("two running: the stale one asked, the one just asked not").isInstanceOf(
                MotionTransferFailure.RateLimited.class);
        assertThat(asked).hasSize(3).endsWith(another.task().id());
    }

    private static SubmitMotionTransferCommand command(ClientKey caller) {
        return new SubmitMotionTransferCommand(caller, new MotionTransferRequest("https://example.com/a.png",
                "https://example.com/b.mp4", null, "video", 0.5, null, Tier.PRO), Optional.empty());
    }
}
