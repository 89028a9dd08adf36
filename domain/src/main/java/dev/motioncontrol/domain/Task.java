package dev.motioncontrol.domain;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A generation task at the provider: its id, its status and, once {@code COMPLETED}, the URLs of the
 * generated videos (temporary at the provider: download them promptly).
 */
public record Task(TaskId id, TaskStatus status, List<URI> generated) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        generated = List.copyOf(generated);
    }

    /** A task the provider has just accepted. */
    public static Task created(TaskId id) {
        return new Task(id, TaskStatus.CREATED, List.of());
    }

    /**
     * This task after an update that says it is now {@code status} with {@code generated}: the update
     * applied when the move is legal, this same task when the update is stale or the task is already over.
     */
    public Task updatedTo(TaskStatus status, List<URI> generated) {
        return this.status.canMoveTo(status) ? new Task(id, status, generated) : this;
    }

    /** {@link #updatedTo(TaskStatus, List)} with the status and generated URLs of {@code newer}. */
    public Task updatedFrom(Task newer) {
        if (!newer.id.equals(id)) {
            throw new IllegalArgumentException("an update of task " + newer.id + " cannot apply to task " + id);
        }
        return updatedTo(newer.status, newer.generated);
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }
}
