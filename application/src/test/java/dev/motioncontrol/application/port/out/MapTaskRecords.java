package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Task records in a map, unbounded: a test double for the use cases and the adapters' tests. */
public final class MapTaskRecords implements TaskRecords {

    private record Entry(ClientKey owner, Task task, long order) {
    }

    private final Map<TaskId, Entry> entries = new ConcurrentHashMap<>();
    private long recorded;

    @Override
    public synchronized CompletionStage<Void> remember(ClientKey owner, Task task) {
        entries.putIfAbsent(task.id(), new Entry(owner, task, recorded++));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Optional<Task>> find(ClientKey owner, TaskId id) {
        Entry entry = entries.get(id);
        return CompletableFuture.completedFuture(
                entry != null && entry.owner().equals(owner) ? Optional.of(entry.task()) : Optional.empty());
    }

    @Override
    public CompletionStage<Optional<Task>> update(ClientKey owner, Task reported) {
        Entry entry = entries.computeIfPresent(reported.id(), (id, e) -> e.owner().equals(owner)
                ? new Entry(owner, e.task().updatedFrom(reported), e.order()) : e);
        return CompletableFuture.completedFuture(
                entry != null && entry.owner().equals(owner) ? Optional.of(entry.task()) : Optional.empty());
    }

    @Override
    public CompletionStage<List<Task>> list(ClientKey owner) {
        List<Entry> mine = new ArrayList<>();
        entries.values().stream().filter(e -> e.owner().equals(owner)).forEach(mine::add);
        mine.sort((a, b) -> Long.compare(b.order(), a.order()));
        return CompletableFuture.completedFuture(
                Collections.unmodifiableList(mine.stream().map(Entry::task).toList()));
    }
}
