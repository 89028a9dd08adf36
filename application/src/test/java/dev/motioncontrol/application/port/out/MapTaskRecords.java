package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.WebhookUrl;
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

    private record Entry(TaskRecord record, long order) {
    }

    private final Map<TaskId, Entry> entries = new ConcurrentHashMap<>();
    private long recorded;

    @Override
    public synchronized CompletionStage<Void> remember(ClientKey owner, Task task, ModelTier at,
            Optional<WebhookUrl> webhook) {
        entries.putIfAbsent(task.id(), new Entry(new TaskRecord(owner, task, at, webhook.map(WebhookDelivery::waiting)),
                recorded++));
        return CompletableFuture.completedFuture(null);
    }

    /** A Kling 2.6 Pro task of {@code owner}'s, without a webhook. */
    public void remember(ClientKey owner, Task task) {
        remember(owner, task, KLING_26_PRO, Optional.empty()).toCompletableFuture().join();
    }

    /** Where {@link #remember(ClientKey, Task)} records its tasks. */
    public static final ModelTier KLING_26_PRO = new ModelTier(Model.KLING_2_6, Tier.PRO);

    @Override
    public CompletionStage<Optional<TaskRecord>> find(ClientKey owner, TaskId id) {
        Entry entry = entries.get(id);
        return CompletableFuture.completedFuture(entry != null && entry.record().owner().equals(owner)
                ? Optional.of(entry.record()) : Optional.empty());
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> findById(TaskId id) {
        return CompletableFuture.completedFuture(Optional.ofNullable(entries.get(id)).map(Entry::record));
    }

    @Override
    public CompletionStage<Optional<Change>> update(Task reported) {
        Entry[] before = new Entry[1];
        Entry after = entries.computeIfPresent(reported.id(), (id, e) -> {
            before[0] = e;
            TaskRecord record = e.record();
            return new Entry(new TaskRecord(record.owner(), record.task().updatedFrom(reported), record.modelTier(),
                    record.webhook()), e.order());
        });
        return CompletableFuture.completedFuture(after == null ? Optional.empty()
                : Optional.of(new Change(before[0].record(), after.record())));
    }

    @Override
    public CompletionStage<List<TaskRecord>> list(ClientKey owner) {
        List<Entry> mine = new ArrayList<>();
        entries.values().stream().filter(e -> e.record().owner().equals(owner)).forEach(mine::add);
        mine.sort((a, b) -> Long.compare(b.order(), a.order()));
        return CompletableFuture.completedFuture(
                Collections.unmodifiableList(mine.stream().map(Entry::record).toList()));
    }

    @Override
    public CompletionStage<Void> recordDelivery(TaskId id, WebhookDelivery delivery) {
        entries.computeIfPresent(id, (key, e) -> new Entry(
                new TaskRecord(e.record().owner(), e.record().task(), e.record().modelTier(), Optional.of(delivery)),
                e.order()));
        return CompletableFuture.completedFuture(null);
    }
}
