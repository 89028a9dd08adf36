package dev.motioncontrol.adapters.memory;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.WebhookUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task records in memory: fast, thread-safe, and bounded. At most {@code maxTasks} records are kept (a
 * new one beyond that forgets the oldest) and none older than {@code maxAge}; a forgotten task is unknown
 * to its owner from then on. Everything is lost when the process stops: durable records come later.
 *
 * <p>Lookups take no lock; recording a new task takes one, briefly, to keep the eviction order.
 */
public final class InMemoryTaskRecords implements TaskRecords {

    /** The most tasks {@link #list} returns: the owner's newest. */
    public static final int LIST_LIMIT = 100;
    public static final int DEFAULT_MAX_TASKS = 1_000_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    private final int maxTasks;
    private final Duration maxAge;
    private final TimeSource time;

    private final ConcurrentHashMap<TaskId, Record> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ClientKey, ArrayDeque<TaskId>> newestByOwner = new ConcurrentHashMap<>();
    /** Task ids in the order they were recorded, oldest first; guarded by itself. */
    private final ArrayDeque<TaskId> recordingOrder = new ArrayDeque<>();

    private record Record(ClientKey owner, Task task, ModelTier at, Optional<WebhookDelivery> webhook,
            Instant recordedAt) {

        TaskRecord view() {
            return new TaskRecord(owner, task, at, webhook);
        }
    }

    public InMemoryTaskRecords(int maxTasks, Duration maxAge, TimeSource time) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1, was " + maxTasks);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        this.maxTasks = maxTasks;
        this.maxAge = maxAge;
        this.time = Objects.requireNonNull(time, "time");
    }

    /** {@value #DEFAULT_MAX_TASKS} tasks for 7 days, on the system clock. */
    public static InMemoryTaskRecords withDefaults() {
        return new InMemoryTaskRecords(DEFAULT_MAX_TASKS, DEFAULT_MAX_AGE, TimeSource.system());
    }

    @Override
    public CompletionStage<Void> remember(ClientKey owner, Task task, ModelTier at, Optional<WebhookUrl> webhook) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(at, "at");
        Instant now = time.now();
        synchronized (recordingOrder) {
            forgetExpired(now);
            while (recordingOrder.size() >= maxTasks) {
                forget(recordingOrder.removeFirst());
            }
            if (byId.putIfAbsent(task.id(), new Record(owner, task, at, webhook.map(WebhookDelivery::waiting), now)) == null) {
                recordingOrder.addLast(task.id());
                ArrayDeque<TaskId> newest = newestByOwner.computeIfAbsent(owner, key -> new ArrayDeque<>());
                synchronized (newest) {
                    newest.addFirst(task.id());
                    if (newest.size() > LIST_LIMIT) {
                        newest.removeLast();
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> find(ClientKey owner, TaskId id) {
        return CompletableFuture.completedFuture(live(owner, id).map(Record::view));
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> findById(TaskId id) {
        return CompletableFuture.completedFuture(live(id).map(Record::view));
    }

    @Override
    public CompletionStage<Optional<Change>> update(Task reported) {
        Objects.requireNonNull(reported, "reported");
        if (live(reported.id()).isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Record[] before = new Record[1];
        Record after = byId.computeIfPresent(reported.id(), (id, record) -> {
            before[0] = record;
            return new Record(record.owner(), record.task().updatedFrom(reported), record.at(), record.webhook(),
                    record.recordedAt());
        });
        return CompletableFuture.completedFuture(after == null ? Optional.empty()
                : Optional.of(new Change(before[0].view(), after.view())));
    }

    @Override
    public CompletionStage<Void> recordDelivery(TaskId id, WebhookDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        byId.computeIfPresent(id, (key, record) ->
                new Record(record.owner(), record.task(), record.at(), Optional.of(delivery), record.recordedAt()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<TaskRecord>> list(ClientKey owner) {
        ArrayDeque<TaskId> newest = newestByOwner.get(owner);
        if (newest == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<TaskId> ids;
        synchronized (newest) {
            ids = new ArrayList<>(newest);
        }
        List<TaskRecord> tasks = new ArrayList<>(ids.size());
        for (TaskId id : ids) {
            live(owner, id).ifPresent(record -> tasks.add(record.view()));
        }
        return CompletableFuture.completedFuture(List.copyOf(tasks));
    }

    /** How many records are held now, expired ones not yet reclaimed included. */
    public int size() {
        return byId.size();
    }

    private Optional<Record> live(ClientKey owner, TaskId id) {
        return live(id).filter(record -> record.owner().equals(owner));
    }

    private Optional<Record> live(TaskId id) {
        Record record = byId.get(id);
        if (record == null || !time.now().isBefore(record.recordedAt().plus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(record);
    }

    private void forgetExpired(Instant now) {
        Iterator<TaskId> oldestFirst = recordingOrder.iterator();
        while (oldestFirst.hasNext()) {
            Record record = byId.get(oldestFirst.next());
            if (record != null && now.isBefore(record.recordedAt().plus(maxAge))) {
                return;
            }
            oldestFirst.remove();
            if (record != null) {
                forget(record.task().id());
            }
        }
    }

    private void forget(TaskId id) {
        Record record = byId.remove(id);
        if (record == null) {
            return;
        }
        ArrayDeque<TaskId> newest = newestByOwner.get(record.owner());
        if (newest != null) {
            synchronized (newest) {
                newest.remove(id);
                if (newest.isEmpty()) {
                    newestByOwner.remove(record.owner(), newest);
                }
            }
        }
    }
}
