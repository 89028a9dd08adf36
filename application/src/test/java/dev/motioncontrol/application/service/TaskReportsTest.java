package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.RecordingTelemetry;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.Change;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskReportsTest {

    private static final ClientKey CALLER = new ClientKey("owner");
    private static final TaskId ID = TaskId.random();
    private static final Task IN_PROGRESS = new Task(ID, TaskStatus.IN_PROGRESS, List.of());
    private static final Task COMPLETED = new Task(ID, TaskStatus.COMPLETED,
            List.of(URI.create("https://cdn.example.com/v.mp4")));
    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));

    private final MapStateStore store = new MapStateStore();
    private final Owner owner = MapStateStore.owner(CALLER);
    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-27T10:00:00Z"));
    private final TaskChanges changes = new TaskChanges();
    private final List<Change> published = new ArrayList<>();
    private final TaskReports reports = new TaskReports(store, changes, time);

    @BeforeEach
    void listen() {
        changes.subscribe(published::add);
    }

    @Test
    void aMoveIsRecordedAndPublished() {
        store.remember(CALLER, Task.created(ID));

        Optional<Task> recorded = resultOf(reports.apply(IN_PROGRESS)).map(TaskRecords.TaskRecord::task);

        assertThat(recorded).contains(IN_PROGRESS);
        assertThat(resultOf(store.find(owner, ID)).map(TaskRecords.TaskRecord::task)).contains(IN_PROGRESS);
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.before().task()).isEqualTo(Task.created(ID));
            assertThat(change.after().task()).isEqualTo(IN_PROGRESS);
        });
    }

    @Test
    void aStaleReportNeverMovesATaskBackwardsAndIsNotPublished() {
        store.remember(CALLER, COMPLETED);

        Optional<Task> recorded = resultOf(reports.apply(IN_PROGRESS)).map(TaskRecords.TaskRecord::task);

        assertThat(recorded).contains(COMPLETED);
        assertThat(published).isEmpty();
    }

    @Test
    void aReportThatMovesNothingIsNotPublished() {
        store.remember(CALLER, IN_PROGRESS);

        resultOf(reports.apply(IN_PROGRESS)).map(TaskRecords.TaskRecord::task);

        assertThat(published).isEmpty();
    }

    @Test
    void aReportOfATaskTheServiceNeverRecordedRecordsNothing() {
        Optional<Task> recorded = resultOf(reports.apply(IN_PROGRESS)).map(TaskRecords.TaskRecord::task);

        assertThat(recorded).isEmpty();
        assertThat(resultOf(store.findById(ID))).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void aReportRecordsWhenTheProviderWasLastHeardEvenWhenNothingMoved() {
        store.remember(CALLER, IN_PROGRESS);
        time.advance(Duration.ofMinutes(3));

        resultOf(reports.apply(IN_PROGRESS)).map(TaskRecords.TaskRecord::task);

        assertThat(resultOf(store.findById(ID)).orElseThrow().checkedAt()).isEqualTo(time.now());
    }

    @Test
    void aTaskThatJustFinishedMakesItsWebhookDueNow() {
        store.remember(CALLER, IN_PROGRESS, MapStateStore.KLING_26_PRO, Optional.of(HOOK));
        time.advance(Duration.ofSeconds(42));

        resultOf(reports.apply(COMPLETED)).map(TaskRecords.TaskRecord::task);

        WebhookDelivery delivery = resultOf(store.findById(ID)).orElseThrow().webhook().orElseThrow();
        assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.WAITING);
        assertThat(delivery.nextAttemptAt()).contains(time.now());
    }

    @Test
    void aWebhookIsNotDueWhileItsTaskRuns() {
        store.remember(CALLER, Task.created(ID), MapStateStore.KLING_26_PRO, Optional.of(HOOK));

        resultOf(reports.apply(IN_PROGRESS)).map(TaskRecords.TaskRecord::task);

        assertThat(resultOf(store.findById(ID)).orElseThrow().webhook().orElseThrow().nextAttemptAt()).isEmpty();
    }

    @Test
    void aRecordChangedElsewhereIsPublishedAsItNowStands() {
        store.remember(CALLER, Task.created(ID));
        resultOf(store.update(ID, record -> record.reported(COMPLETED, time.now())));

        resultOf(reports.changedElsewhere(ID));

        assertThat(published).singleElement().satisfies(change -> assertThat(change.after().task())
                .isEqualTo(COMPLETED));
    }

    @Test
    void aRecordChangedElsewhereThatIsNotHereIsNotPublished() {
        resultOf(reports.changedElsewhere(ID));

        assertThat(published).isEmpty();
    }

    @Test
    void theTelemetryHearsOfEachCreationAndEachMoveButNotOfAStaleReport() {
        RecordingTelemetry telemetry = new RecordingTelemetry();
        TaskReports told = new TaskReports(store, changes, time, telemetry);
        TaskRecords.TaskRecord created = store.remember(CALLER, Task.created(ID));

        told.submitted(created, created);
        resultOf(told.apply(IN_PROGRESS));
        resultOf(told.apply(IN_PROGRESS));
        resultOf(told.apply(COMPLETED));
        resultOf(told.apply(IN_PROGRESS));

        assertThat(telemetry.told()).containsExactly("task:CREATED", "task:IN_PROGRESS", "task:COMPLETED");
    }
}
