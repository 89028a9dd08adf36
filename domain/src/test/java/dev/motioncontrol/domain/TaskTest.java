package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static final TaskId ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");
    private static final List<URI> GENERATED = List.of(URI.create("https://cdn.example.com/out.mp4"));

    @Test
    void aCreatedTaskHasNothingGeneratedYet() {
        Task task = Task.created(ID);

        assertThat(task.status()).isEqualTo(TaskStatus.CREATED);
        assertThat(task.generated()).isEmpty();
        assertThat(task.isTerminal()).isFalse();
    }

    @Test
    void movesFromCreatedToInProgress() {
        assertThat(Task.created(ID).updatedTo(TaskStatus.IN_PROGRESS, List.of()).status())
                .isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void takesTheGeneratedUrlsWhenItCompletes() {
        Task completed = inProgress().updatedTo(TaskStatus.COMPLETED, GENERATED);

        assertThat(completed).isEqualTo(new Task(ID, TaskStatus.COMPLETED, GENERATED));
        assertThat(completed.isTerminal()).isTrue();
    }

    @Test
    void mayCompleteWithoutBeingSeenInProgress() {
        assertThat(Task.created(ID).updatedTo(TaskStatus.COMPLETED, GENERATED).status())
                .isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void movesFromInProgressToFailed() {
        assertThat(inProgress().updatedTo(TaskStatus.FAILED, List.of()).status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void completedTaskNeverGoesBackToInProgress() {
        Task completed = completed();

        assertThat(completed.updatedTo(TaskStatus.IN_PROGRESS, List.of())).isSameAs(completed);
    }

    @Test
    void completedTaskNeverBecomesFailed() {
        Task completed = completed();

        assertThat(completed.updatedTo(TaskStatus.FAILED, List.of())).isSameAs(completed);
    }

    @Test
    void failedTaskNeverBecomesCompleted() {
        Task failed = Task.created(ID).updatedTo(TaskStatus.FAILED, List.of());

        assertThat(failed.updatedTo(TaskStatus.COMPLETED, GENERATED)).isSameAs(failed);
    }

    @Test
    void aStaleCreatedNeverMovesATaskInProgressBack() {
        Task inProgress = inProgress();

        assertThat(inProgress.updatedTo(TaskStatus.CREATED, List.of())).isSameAs(inProgress);
    }

    @Test
    void anUnknownStatusFollowsInProgressAndStaysVisible() {
        Task cancelled = inProgress().updatedTo(TaskStatus.of("CANCELLED"), List.of());

        assertThat(cancelled.status()).hasToString("CANCELLED");
    }

    @Test
    void anUnknownStatusNeverLeadsBackToCreated() {
        Task queued = Task.created(ID).updatedTo(TaskStatus.of("QUEUED"), List.of());

        assertThat(queued.updatedTo(TaskStatus.CREATED, List.of())).isSameAs(queued);
    }

    @Test
    void updatedFromAppliesTheStatusAndUrlsOfTheNewerTask() {
        Task newer = new Task(ID, TaskStatus.COMPLETED, GENERATED);

        assertThat(inProgress().updatedFrom(newer)).isEqualTo(newer);
    }

    @Test
    void updatedFromIgnoresAStaleCopyOfTheTask() {
        Task completed = completed();

        assertThat(completed.updatedFrom(new Task(ID, TaskStatus.IN_PROGRESS, List.of()))).isSameAs(completed);
    }

    @Test
    void updatedFromRejectsAnotherTasksUpdate() {
        Task other = new Task(new TaskId("another-task"), TaskStatus.COMPLETED, GENERATED);

        assertThatIllegalArgumentException().isThrownBy(() -> inProgress().updatedFrom(other));
    }

    @Test
    void keepsItsOwnCopyOfTheGeneratedUrls() {
        List<URI> generated = new ArrayList<>(GENERATED);
        Task task = new Task(ID, TaskStatus.COMPLETED, generated);

        generated.clear();

        assertThat(task.generated()).isEqualTo(GENERATED);
    }

    private static Task inProgress() {
        return Task.created(ID).updatedTo(TaskStatus.IN_PROGRESS, List.of());
    }

    private static Task completed() {
        return inProgress().updatedTo(TaskStatus.COMPLETED, GENERATED);
    }
}
