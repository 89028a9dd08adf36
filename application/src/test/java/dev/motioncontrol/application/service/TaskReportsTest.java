package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.TaskRecords;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.MapTaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.Change;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskReportsTest {

    private static final ClientKey OWNER = new ClientKey("owner");
    private static final TaskId ID = TaskId.random();
    private static final Task IN_PROGRESS = new Task(ID, TaskStatus.IN_PROGRESS, List.of());
    private static final Task COMPLETED = new Task(ID, TaskStatus.COMPLETED,
            List.of(URI.create("https://cdn.example.com/v.mp4")));

    private final MapTaskRecords records = new MapTaskRecords();
    private final TaskChanges changes = new TaskChanges();
    private final List<Change> published = new ArrayList<>();
    private final TaskReports reports = new TaskReports(records, changes);

    @BeforeEach
    void listen() {
        changes.subscribe(published::add);
    }

    @Test
    void aMoveIsRecordedAndPublished() {
        records.remember(OWNER, Task.created(ID));

        Optional<Task> recorded = resultOf(reports.apply(IN_PROGRESS));

        assertThat(recorded).contains(IN_PROGRESS);
        assertThat(resultOf(records.find(OWNER, ID)).map(TaskRecords.TaskRecord::task)).contains(IN_PROGRESS);
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.before().task()).isEqualTo(Task.created(ID));
            assertThat(change.after().task()).isEqualTo(IN_PROGRESS);
        });
    }

    @Test
    void aStaleReportNeverMovesATaskBackwardsAndIsNotPublished() {
        records.remember(OWNER, COMPLETED);

        Optional<Task> recorded = resultOf(reports.apply(IN_PROGRESS));

        assertThat(recorded).contains(COMPLETED);
        assertThat(published).isEmpty();
    }

    @Test
    void aReportThatMovesNothingIsNotPublished() {
        records.remember(OWNER, IN_PROGRESS);

        resultOf(reports.apply(IN_PROGRESS));

        assertThat(published).isEmpty();
    }

    @Test
    void aReportOfATaskTheServiceNeverRecordedRecordsNothing() {
        Optional<Task> recorded = resultOf(reports.apply(IN_PROGRESS));

        assertThat(recorded).isEmpty();
        assertThat(resultOf(records.find(OWNER, ID)).map(TaskRecords.TaskRecord::task)).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void aSubmittedTaskIsRecordedForItsOwnerWithItsWebhook() {
        WebhookUrl hook = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));

        resultOf(reports.applySubmitted(OWNER, Task.created(ID), MapTaskRecords.KLING_26_PRO, Optional.of(hook)));

        assertThat(resultOf(records.find(OWNER, ID)).map(TaskRecords.TaskRecord::task)).contains(Task.created(ID));
        assertThat(resultOf(records.findById(ID)).orElseThrow().webhook()).contains(WebhookDelivery.waiting(hook));
        assertThat(published).isEmpty();
    }

    @Test
    void aTaskAlreadyFinishedAtSubmitIsAMoveFromCreated() {
        Optional<Task> recorded = resultOf(reports.applySubmitted(OWNER, COMPLETED, MapTaskRecords.KLING_26_PRO, Optional.empty()));

        assertThat(recorded).contains(COMPLETED);
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.before().task()).isEqualTo(Task.created(ID));
            assertThat(change.after().task()).isEqualTo(COMPLETED);
        });
    }
}
