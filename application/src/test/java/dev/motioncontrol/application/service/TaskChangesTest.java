package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.MapStateStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.TaskRecords.Change;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskChangesTest {

    private static final Owner OWNER = MapStateStore.owner(new ClientKey("owner"));
    private static final Instant AT = MapStateStore.RECORDED_AT;
    private static final TaskId ID = TaskId.random();
    private static final Change MOVED = new Change(
            new TaskRecord(OWNER, Task.created(ID), MapStateStore.KLING_26_PRO, Optional.empty(), AT, AT),
            new TaskRecord(OWNER, new Task(ID, TaskStatus.IN_PROGRESS, List.of()), MapStateStore.KLING_26_PRO,
                    Optional.empty(), AT, AT));

    private final TaskChanges changes = new TaskChanges();
    private final List<String> heard = new ArrayList<>();

    @Test
    void everySubscriberHearsEachChangeInTheOrderTheySubscribed() {
        changes.subscribe(change -> heard.add("first " + change.after().task().status()));
        changes.subscribe(change -> heard.add("second " + change.after().task().status()));

        changes.publish(MOVED);

        assertThat(heard).containsExactly("first IN_PROGRESS", "second IN_PROGRESS");
    }

    @Test
    void aSubscriberThatFailsCostsTheOthersNothing() {
        changes.subscribe(change -> {
            throw new IllegalStateException("the subscriber's own bug");
        });
        changes.subscribe(change -> heard.add("told"));

        changes.publish(MOVED);

        assertThat(heard).containsExactly("told");
    }

    @Test
    void aChangeWithNoSubscriberGoesNowhere() {
        changes.publish(MOVED);

        assertThat(heard).isEmpty();
    }
}
