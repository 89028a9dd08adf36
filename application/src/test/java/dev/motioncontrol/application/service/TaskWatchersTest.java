package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.MapStateStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.WatchTaskUseCase.TaskObserver;
import dev.motioncontrol.application.port.out.TaskRecords.Change;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskWatchersTest {

    private static final TaskId ID = TaskId.random();
    private static final TaskId OTHER_ID = TaskId.random();

    private final TaskWatchers watchers = new TaskWatchers();
    private final Heard heard = new Heard();

    @Test
    void aWatcherHearsEachStateOnceAndOnlyForward() {
        watchers.add(ID, heard);

        watchers.tell(task(TaskStatus.CREATED));
        watchers.tell(task(TaskStatus.IN_PROGRESS));
        watchers.tell(task(TaskStatus.IN_PROGRESS));
        watchers.tell(task(TaskStatus.CREATED));

        assertThat(heard.statuses).containsExactly(TaskStatus.CREATED, TaskStatus.IN_PROGRESS);
    }

    @Test
    void aWatcherHearsNothingAfterTheTerminalStateAndIsForgotten() {
        TaskWatchers.Watcher watcher = watchers.add(ID, heard);

        watchers.tell(task(TaskStatus.COMPLETED));
        watchers.tell(task(TaskStatus.FAILED));
        watchers.end(ID, new MotionTransferFailure.UnknownTask(ID));

        assertThat(heard.statuses).containsExactly(TaskStatus.COMPLETED);
        assertThat(heard.ends).isEmpty();
        assertThat(watcher.isDone()).isTrue();
        assertThat(watchers.watchedTasks()).isZero();
    }

    @Test
    void aWatcherHearsTheStateItIsOfferedDirectly() {
        TaskWatchers.Watcher watcher = watchers.add(ID, heard);

        watcher.offer(task(TaskStatus.IN_PROGRESS));
        watchers.tell(task(TaskStatus.CREATED));

        assertThat(heard.statuses).containsExactly(TaskStatus.IN_PROGRESS);
    }

    @Test
    void aRemovedWatcherHearsNothingMore() {
        TaskWatchers.Watcher watcher = watchers.add(ID, heard);

        watchers.remove(watcher);
        watchers.remove(watcher);
        watchers.tell(task(TaskStatus.IN_PROGRESS));

        assertThat(heard.statuses).isEmpty();
        assertThat(watchers.watchedTasks()).isZero();
    }

    @Test
    void aWatcherHearsOnlyOfItsOwnTask() {
        watchers.add(ID, heard);

        watchers.tell(new Task(OTHER_ID, TaskStatus.IN_PROGRESS, List.of()));

        assertThat(heard.statuses).isEmpty();
    }

    @Test
    void endingATaskTellsEachOfItsWatchersWhyOnceAndForgetsThem() {
        Heard second = new Heard();
        watchers.add(ID, heard);
        watchers.add(ID, second);
        MotionTransferFailure.UnknownTask why = new MotionTransferFailure.UnknownTask(ID);

        watchers.end(ID, why);
        watchers.end(ID, why);
        watchers.tell(task(TaskStatus.COMPLETED));

        assertThat(heard.ends).containsExactly(why);
        assertThat(second.ends).containsExactly(why);
        assertThat(heard.statuses).isEmpty();
        assertThat(watchers.watchedTasks()).isZero();
    }

    @Test
    void anObserverThatFailsCostsTheOtherWatchersNothing() {
        watchers.add(ID, task -> {
            throw new IllegalStateException("the observer's own bug");
        });
        watchers.add(ID, heard);

        watchers.tell(task(TaskStatus.IN_PROGRESS));

        assertThat(heard.statuses).containsExactly(TaskStatus.IN_PROGRESS);
    }

    @Test
    void aPublishedMoveReachesTheWatchers() {
        watchers.add(ID, heard);
        Owner owner = MapStateStore.owner(new ClientKey("owner"));

        watchers.accept(new Change(
                new TaskRecord(owner, task(TaskStatus.CREATED), MapStateStore.KLING_26_PRO, Optional.empty(),
                        MapStateStore.RECORDED_AT, MapStateStore.RECORDED_AT),
                new TaskRecord(owner, task(TaskStatus.IN_PROGRESS), MapStateStore.KLING_26_PRO, Optional.empty(),
                        MapStateStore.RECORDED_AT, MapStateStore.RECORDED_AT)));

        assertThat(heard.statuses).containsExactly(TaskStatus.IN_PROGRESS);
    }

    private static Task task(TaskStatus status) {
        return new Task(ID, status, List.of());
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
