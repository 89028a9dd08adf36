package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.Task;
import java.util.Objects;
import java.util.Optional;

/**
 * How clients are shown a task, in every answer (a status, a list, a watch, an await) and every webhook: as its
 * record makes it {@linkplain TaskRecord#visible() visible}, with the links to the service's copies in place of the
 * provider's URLs once its videos are copied.
 */
public final class ShownTasks {

    /** For a service that keeps no copies: tasks as recorded. */
    public static final ShownTasks AS_RECORDED = new ShownTasks(Optional.empty());

    private final Optional<ResultLinks> links;

    public ShownTasks(Optional<ResultLinks> links) {
        this.links = Objects.requireNonNull(links, "links");
    }

    /** The task of {@code record} as its owner is shown it now. */
    public Task of(TaskRecord record) {
        Task visible = record.visible();
        if (links.isEmpty() || !record.results().replacesGenerated()) {
            return visible;
        }
        return new Task(visible.id(), visible.status(), links.get().of(record));
    }
}
