package dev.motioncontrol.adapters.memory;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.ResultQueue;
import dev.motioncontrol.application.port.out.SeenProviderWebhooks;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.Submissions;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.WebhookOutbox;
import dev.motioncontrol.domain.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The service's state in memory: fast, thread-safe, bounded, and forgotten when the process stops (the
 * default of the fake, and of an embedding that needs nothing durable). At most {@code maxTasks} task records
 * are kept (a new one beyond that forgets the oldest) and none older than {@code maxAge}; a forgotten task is
 * unknown to its owner from then on. Owners are hashed with a secret made for this store.
 *
 * <p>Lookups take no lock; every change takes the store's one lock, briefly.
 */
public final class InMemoryStateStore implements StateStore, TaskRecords, WebhookOutbox, Submissions,
        SeenProviderWebhooks {

    public static final int DEFAULT_MAX_TASKS = 1_000_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    /** How many provider webhook ids are remembered at most (well past the provider's retries). */
    public static final int REMEMBERED_WEBHOOK_IDS = 100_000;
    /** How often at most the records past their age are reclaimed when a task is recorded. */
    private static final Duration AGE_SWEEP_EVERY = Duration.ofSeconds(1);

    private static final Comparator<Due> DUE_ORDER = Comparator.comparing(Due::at)
            .thenComparing(due -> due.id().value());

    private final int maxTasks;
    private final long maxAgeMillis;
    private final TimeSource time;
    private final byte[] ownerSecret = OwnerHashing.newSecret();
    private final Object lock = new Object();

    private final ConcurrentHashMap<TaskId, Kept> byId = new ConcurrentHashMap<>();
    /** Guarded by {@link #lock}, as are all the fields below. */
    private final Map<Owner, ArrayDeque<TaskId>> newestByOwner = new HashMap<>();
    private final ArrayDeque<TaskId> recordingOrder = new ArrayDeque<>();
    private final TreeSet<Due> dueDeliveries = new TreeSet<>(DUE_ORDER);
    /** The copies of results being made or to be deleted, by when they are due. */
    private final TreeSet<Due> dueCopies = new TreeSet<>(DUE_ORDER);
    /**
     * The unfinished tasks whose webhook waits for them or whose results are to be kept, in the order they began to
     * wait (recording order).
     */
    private final Set<TaskId> awaited = new LinkedHashSet<>();
    /** When the records past {@link #maxAgeMillis} are next reclaimed: {@link #live} hides them meanwhile. */
    private Instant nextAgeSweep = Instant.MIN;
    /**
     * The journal. A submission without a key is kept only while it is pending: once settled, no one can ask for it
     * again. One with a key is kept until its {@code keepUntil}; {@link #keyedInOrder} holds them in the order they
     * began, which is the order they expire in (each is kept for the same time).
     */
    private final Map<String, Submission> submissionsById = new HashMap<>();
    private final Map<OwnerKey, String> submissionsByKey = new HashMap<>();
    private final Set<String> pending = new LinkedHashSet<>();
    private final ArrayDeque<String> keyedInOrder = new ArrayDeque<>();
    private final LinkedHashMap<String, Instant> seenWebhookIds = new LinkedHashMap<>();

    /** A record and when it was kept, in epoch milliseconds (an {@code Instant} more per record to hold and trace). */
    private record Kept(TaskRecord record, long keptAt) {
    }

    private record Due(Instant at, TaskId id) {
    }

    private record OwnerKey(Owner owner, String key) {
    }

    public InMemoryStateStore(int maxTasks, Duration maxAge, TimeSource time) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1, was " + maxTasks);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        this.maxTasks = maxTasks;
        this.maxAgeMillis = Math.max(1, maxAge.toMillis());
        this.time = Objects.requireNonNull(time, "time");
    }

    /** {@value #DEFAULT_MAX_TASKS} tasks for 7 days, on the system clock. */
    public static InMemoryStateStore withDefaults() {
        return new InMemoryStateStore(DEFAULT_MAX_TASKS, DEFAULT_MAX_AGE, TimeSource.system());
    }

    @Override
    public TaskRecords tasks() {
        return this;
    }

    @Override
    public WebhookOutbox outbox() {
        return this;
    }

    /** Not this object itself: its {@code claimDue} is the outbox's. */
    @Override
    public ResultQueue results() {
        return this::claimDueCopies;
    }

    @Override
    public Submissions submissions() {
        return this;
    }

    @Override
    public SeenProviderWebhooks seenProviderWebhooks() {
        return this;
    }

    @Override
    public CompletionStage<byte[]> ownerSecret() {
        return done(ownerSecret.clone());
    }

    @Override
    public void close() {
        // Nothing to release: the state goes with the object.
    }

    // Task records

    @Override
    public CompletionStage<Void> remember(TaskRecord record) {
        Objects.requireNonNull(record, "record");
        synchronized (lock) {
            rememberLocked(record);
        }
        return done(null);
    }

    /** Records {@code record} unless a task of its id is recorded; false when one was. */
    private boolean rememberLocked(TaskRecord record) {
        Instant now = time.now();
        if (!now.isBefore(nextAgeSweep)) {
            forgetTasksPastMaxAge(now);
            nextAgeSweep = now.plus(AGE_SWEEP_EVERY);
        }
        TaskId id = record.task().id();
        if (byId.putIfAbsent(id, new Kept(record, now.toEpochMilli())) != null) {
            return false;
        }
        recordingOrder.addLast(id);
        while (recordingOrder.size() > maxTasks) {
            forget(recordingOrder.removeFirst());
        }
        ArrayDeque<TaskId> newest = newestByOwner.computeIfAbsent(record.owner(), key -> new ArrayDeque<>());
        newest.addFirst(id);
        if (newest.size() > LIST_LIMIT) {
            newest.removeLast();
        }
        index(null, record);
        return true;
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> find(Owner owner, TaskId id) {
        return done(live(id).filter(record -> record.owner().equals(owner)));
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> findById(TaskId id) {
        return done(live(id));
    }

    @Override
    public CompletionStage<Optional<Change>> update(TaskId id, UnaryOperator<TaskRecord> change) {
        Objects.requireNonNull(change, "change");
        synchronized (lock) {
            Optional<TaskRecord> before = live(id);
            if (before.isEmpty()) {
                return done(Optional.empty());
            }
            TaskRecord after = Objects.requireNonNull(change.apply(before.get()), "the changed record");
            if (!after.task().id().equals(id) || !after.owner().equals(before.get().owner())) {
                throw new IllegalArgumentException("an update keeps the task's id and owner");
            }
            byId.put(id, new Kept(after, byId.get(id).keptAt()));
            index(before.get(), after);
            return done(Optional.of(new Change(before.get(), after)));
        }
    }

    @Override
    public CompletionStage<List<TaskRecord>> list(Owner owner) {
        List<TaskId> ids;
        synchronized (lock) {
            ArrayDeque<TaskId> newest = newestByOwner.get(owner);
            ids = newest == null ? List.of() : new ArrayList<>(newest);
        }
        List<TaskRecord> records = new ArrayList<>(ids.size());
        for (TaskId id : ids) {
            live(id).ifPresent(records::add);
        }
        return done(List.copyOf(records));
    }

    /** How many task records are held now, expired ones not yet reclaimed included. */
    public int size() {
        return byId.size();
    }

    // The webhook outbox

    @Override
    public CompletionStage<List<TaskRecord>> claimDue(Instant now, Instant leaseUntil, int limit) {
        return done(claim(dueDeliveries, now, limit,
                record -> record.withDelivery(record.webhook().orElseThrow().dueAt(leaseUntil))));
    }

    // The queue of result copies

    private CompletionStage<List<TaskRecord>> claimDueCopies(Instant now, Instant leaseUntil, int limit) {
        return done(claim(dueCopies, now, limit,
                record -> record.withResults(record.results().dueAt(leaseUntil), now)));
    }

    /**
     * Claims at most {@code limit} of the records due in {@code queue} at {@code now}, the longest due first: each
     * becomes what {@code leased} makes of it (due again at the end of its lease). The webhook outbox and the queue of
     * result copies both claim so.
     */
    private List<TaskRecord> claim(TreeSet<Due> queue, Instant now, int limit,
            Function<TaskRecord, TaskRecord> leased) {
        List<TaskRecord> claimed = new ArrayList<>();
        synchronized (lock) {
            List<TaskId> pastMaxAge = new ArrayList<>();
            for (Due due : queue) {
                if (due.at().isAfter(now) || claimed.size() >= limit) {
                    break;
                }
                Optional<TaskRecord> record = live(due.id());
                if (record.isEmpty()) {
                    pastMaxAge.add(due.id()); // forgotten below, with its due work: it takes no claim's place
                } else {
                    claimed.add(leased.apply(record.get()));
                }
            }
            pastMaxAge.forEach(this::forget);
            for (TaskRecord lease : claimed) {
                TaskId id = lease.task().id();
                Kept kept = byId.get(id);
                byId.put(id, new Kept(lease, kept.keptAt()));
                index(kept.record(), lease);
            }
        }
        return List.copyOf(claimed);
    }

    @Override
    public CompletionStage<List<TaskRecord>> awaitingTasks(int limit) {
        List<TaskRecord> records = new ArrayList<>();
        synchronized (lock) {
            for (TaskId id : awaited) {
                if (records.size() >= limit) {
                    break;
                }
                live(id).ifPresent(records::add);
            }
        }
        return done(List.copyOf(records));
    }

    /**
     * Keeps {@link #dueDeliveries}, {@link #dueCopies} and {@link #awaited} in step with a record that changed from
     * {@code before} (null: new).
     */
    private void index(TaskRecord before, TaskRecord after) {
        if (before != null) {
            dueAt(before).ifPresent(at -> dueDeliveries.remove(new Due(at, before.task().id())));
            copiesDueAt(before).ifPresent(at -> dueCopies.remove(new Due(at, before.task().id())));
        }
        dueAt(after).ifPresent(at -> dueDeliveries.add(new Due(at, after.task().id())));
        copiesDueAt(after).ifPresent(at -> dueCopies.add(new Due(at, after.task().id())));
        boolean wasAwaited = before != null && isAwaited(before);
        if (wasAwaited != isAwaited(after)) {
            if (wasAwaited) {
                awaited.remove(after.task().id());
            } else {
                awaited.add(after.task().id());
            }
        }
    }

    private static boolean isAwaited(TaskRecord record) {
        return !record.task().isTerminal() && (record.webhook()
                .filter(delivery -> delivery.state() == WebhookDelivery.State.WAITING).isPresent()
                || record.results().state() == ResultCopies.State.WANTED);
    }

    private static Optional<Instant> dueAt(TaskRecord record) {
        return record.webhook().filter(delivery -> !delivery.isFinal()).flatMap(WebhookDelivery::nextAttemptAt);
    }

    /** When the record's copies are next acted on: made (again), or deleted; never in the other states. */
    private static Optional<Instant> copiesDueAt(TaskRecord record) {
        ResultCopies.State state = record.results().state();
        return state == ResultCopies.State.COPYING || state == ResultCopies.State.COPIED
                ? record.results().dueAt() : Optional.empty();
    }

    // The submissions journal

    @Override
    public CompletionStage<Begun> begin(Submission submission) {
        Objects.requireNonNull(submission, "submission");
        synchronized (lock) {
            if (submission.idempotencyKey().isPresent()) {
                OwnerKey key = new OwnerKey(submission.owner(), submission.idempotencyKey().get());
                String existing = submissionsByKey.get(key);
                if (existing != null) {
                    return done(new Begun.Existing(submissionsById.get(existing)));
                }
                submissionsByKey.put(key, submission.id());
                keyedInOrder.addLast(submission.id());
            }
            submissionsById.put(submission.id(), submission);
            pending.add(submission.id());
        }
        return done(new Begun.Started(submission));
    }

    @Override
    public CompletionStage<Boolean> created(Submission submission, TaskRecord task) {
        synchronized (lock) {
            if (!rememberLocked(task)) {
                return done(false);
            }
            settle(submission.id(), Submission.State.CREATED, Optional.of(task.task().id()), Optional.empty());
        }
        return done(true);
    }

    @Override
    public CompletionStage<Void> uncertain(Submission submission, String reason) {
        synchronized (lock) {
            settle(submission.id(), Submission.State.UNCERTAIN, Optional.empty(), Optional.of(reason));
        }
        return done(null);
    }

    @Override
    public CompletionStage<Void> abandon(String submissionId) {
        synchronized (lock) {
            pending.remove(submissionId);
            Submission gone = submissionsById.remove(submissionId);
            if (gone != null) {
                gone.idempotencyKey().ifPresent(key -> submissionsByKey.remove(new OwnerKey(gone.owner(), key)));
            }
        }
        return done(null);
    }

    @Override
    public CompletionStage<List<Submission>> settleStale(Instant now) {
        List<Submission> settled = new ArrayList<>();
        synchronized (lock) {
            for (String id : List.copyOf(pending)) {
                if (submissionsById.get(id).pendingUntil().isBefore(now)) {
                    settled.add(settle(id, Submission.State.UNCERTAIN, Optional.empty(),
                            Optional.of(Submissions.INTERRUPTED)));
                }
            }
        }
        settled.sort(Comparator.comparing(Submission::startedAt));
        return done(List.copyOf(settled));
    }

    @Override
    public CompletionStage<Void> forgetExpired(Instant now) {
        synchronized (lock) {
            for (String id = keyedInOrder.peekFirst(); id != null; id = keyedInOrder.peekFirst()) {
                Submission oldest = submissionsById.get(id);
                if (oldest != null && !oldest.keepUntil().isBefore(now)) {
                    break;
                }
                keyedInOrder.removeFirst();
                abandon(id);
            }
        }
        return done(null);
    }

    private Submission settle(String id, Submission.State state, Optional<TaskId> taskId, Optional<String> reason) {
        Submission was = submissionsById.get(id);
        if (was == null) {
            return null;
        }
        Submission settled = new Submission(was.id(), was.owner(), was.idempotencyKey(), was.fingerprint(),
                was.modelTier(), was.startedAt(), was.pendingUntil(), was.keepUntil(), state, taskId, reason);
        pending.remove(id);
        if (settled.idempotencyKey().isPresent()) {
            submissionsById.put(id, settled);
        } else {
            submissionsById.remove(id);
        }
        return settled;
    }

    // The provider's webhook ids

    @Override
    public CompletionStage<Boolean> seen(String webhookId) {
        synchronized (lock) {
            return done(seenWebhookIds.containsKey(webhookId));
        }
    }

    @Override
    public CompletionStage<Void> remember(String webhookId, Instant at) {
        synchronized (lock) {
            seenWebhookIds.putIfAbsent(webhookId, at);
            if (seenWebhookIds.size() > REMEMBERED_WEBHOOK_IDS) {
                Iterator<String> eldest = seenWebhookIds.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return done(null);
    }

    @Override
    public CompletionStage<Void> forgetBefore(Instant cutoff) {
        synchronized (lock) {
            seenWebhookIds.values().removeIf(at -> at.isBefore(cutoff));
        }
        return done(null);
    }

    // Bounds

    private Optional<TaskRecord> live(TaskId id) {
        Kept kept = byId.get(id);
        if (kept == null || time.now().toEpochMilli() - kept.keptAt() >= maxAgeMillis) {
            return Optional.empty();
        }
        return Optional.of(kept.record());
    }

    private void forgetTasksPastMaxAge(Instant now) {
        Iterator<TaskId> oldestFirst = recordingOrder.iterator();
        while (oldestFirst.hasNext()) {
            Kept kept = byId.get(oldestFirst.next());
            if (kept != null && now.toEpochMilli() - kept.keptAt() < maxAgeMillis) {
                return;
            }
            oldestFirst.remove();
            if (kept != null) {
                forget(kept.record().task().id());
            }
        }
    }

    private void forget(TaskId id) {
        Kept kept = byId.remove(id);
        if (kept == null) {
            return;
        }
        dueAt(kept.record()).ifPresent(at -> dueDeliveries.remove(new Due(at, id)));
        copiesDueAt(kept.record()).ifPresent(at -> dueCopies.remove(new Due(at, id)));
        awaited.remove(id);
        ArrayDeque<TaskId> newest = newestByOwner.get(kept.record().owner());
        if (newest != null) {
            // Tasks are forgotten oldest first, and the owner's list keeps its newest: the forgotten one is its last,
            // or not in it when the owner has more than the list holds (then no need to look through it).
            Kept lastListed = byId.get(newest.peekLast());
            if (lastListed == null || lastListed.keptAt() <= kept.keptAt()) {
                newest.removeLastOccurrence(id);
            }
            if (newest.isEmpty()) {
                newestByOwner.remove(kept.record().owner());
            }
        }
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
