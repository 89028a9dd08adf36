package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The whole {@link StateStore} in plain maps behind one lock, unbounded, every stage already complete: a test
 * double for the use cases and the adapters' tests. It passes {@link StateStoreContract} ({@code MapStateStoreTest}),
 * so a test over it tests the use cases, not the double. Besides the ports it offers what tests need: the owners
 * under its (fixed) secret, shorthands to record a task, the journal as it stands, and a switch that makes it
 * unavailable.
 */
public final class MapStateStore implements StateStore, TaskRecords, WebhookOutbox, Submissions,
        SeenProviderWebhooks {

    /** Where {@link #remember(ClientKey, Task)} records its tasks. */
    public static final ModelTier KLING_26_PRO = new ModelTier(Model.KLING_2_6, Tier.PRO);
    /** When the shorthands say their tasks were recorded and checked. */
    public static final Instant RECORDED_AT = Instant.parse("2026-01-01T10:00:00Z");

    /**
     * The secret every map store keeps, the same for all: a test can name an owner before it has a store, and a
     * store "after a restart" (a new one over the same data) would keep it too.
     */
    private static final byte[] OWNER_SECRET = "the map store's owner secret, 32+".getBytes(StandardCharsets.US_ASCII);
    /** How client keys become owners in every map store: the hashing the use cases over one must be wired with. */
    public static final OwnerHashing OWNERS = new OwnerHashing(OWNER_SECRET);

    private volatile boolean shared;
    /** In the order they were recorded. All maps are guarded by {@code this}. */
    private final Map<TaskId, TaskRecord> records = new LinkedHashMap<>();
    private final Map<String, Submission> journal = new LinkedHashMap<>();
    private final Map<String, Instant> seenWebhookIds = new HashMap<>();
    private volatile boolean unavailable;

    // What tests need besides the ports

    /** The owner of {@code key}'s tasks in a map store. */
    public static Owner owner(ClientKey key) {
        return OWNERS.of(key);
    }

    /** Records {@code task} as {@code caller}'s, a Kling 2.6 Pro task without a webhook; returns the record. */
    public TaskRecord remember(ClientKey caller, Task task) {
        return remember(caller, task, KLING_26_PRO, Optional.empty());
    }

    /** Records {@code task} as {@code caller}'s, where it runs and with its webhook (waiting); returns the record. */
    public TaskRecord remember(ClientKey caller, Task task, ModelTier at, Optional<WebhookUrl> webhook) {
        TaskRecord record = new TaskRecord(owner(caller), task, at, webhook.map(WebhookDelivery::waiting),
                RECORDED_AT, RECORDED_AT);
        remember(record);
        return record;
    }

    /** Every submission in the journal now, in the order they began. */
    public synchronized List<Submission> journal() {
        return List.copyOf(journal.values());
    }

    /** From now on every stage fails with {@code StoreUnavailable}, as a store that cannot be reached. */
    /** From now on, {@link #shared()}: as if other instances used it too. */
    public MapStateStore sharedByInstances() {
        shared = true;
        return this;
    }

    @Override
    public boolean shared() {
        return shared;
    }

    public void becomeUnavailable() {
        unavailable = true;
    }

    /** Answers again, with everything it held. */
    public void becomeAvailable() {
        unavailable = false;
    }

    // The store

    @Override
    public CompletionStage<Void> ping() {
        return answer(() -> null);
    }

    @Override
    public TaskRecords tasks() {
        return this;
    }

    @Override
    public WebhookOutbox outbox() {
        return this;
    }

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
        return answer(OWNER_SECRET::clone);
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    // Task records

    @Override
    public CompletionStage<Void> remember(TaskRecord record) {
        Objects.requireNonNull(record, "record");
        return answer(() -> {
            records.putIfAbsent(record.task().id(), record);
            return null;
        });
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> find(Owner owner, TaskId id) {
        return answer(() -> Optional.ofNullable(records.get(id)).filter(record -> record.owner().equals(owner)));
    }

    @Override
    public CompletionStage<Optional<TaskRecord>> findById(TaskId id) {
        return answer(() -> Optional.ofNullable(records.get(id)));
    }

    @Override
    public CompletionStage<Optional<Change>> update(TaskId id, UnaryOperator<TaskRecord> change) {
        Objects.requireNonNull(change, "change");
        return answer(() -> {
            TaskRecord before = records.get(id);
            if (before == null) {
                return Optional.empty();
            }
            TaskRecord after = Objects.requireNonNull(change.apply(before), "the changed record");
            records.put(id, after);
            return Optional.of(new Change(before, after));
        });
    }

    @Override
    public CompletionStage<List<TaskRecord>> list(Owner owner) {
        return answer(() -> {
            List<TaskRecord> mine = new ArrayList<>(records.values().stream()
                    .filter(record -> record.owner().equals(owner)).toList());
            Collections.reverse(mine);
            return List.copyOf(mine.subList(0, Math.min(LIST_LIMIT, mine.size())));
        });
    }

    // The webhook outbox

    @Override
    public CompletionStage<List<TaskRecord>> claimDue(Instant now, Instant leaseUntil, int limit) {
        return answer(() -> {
            List<TaskRecord> due = records.values().stream()
                    .filter(record -> dueAt(record).filter(at -> !at.isAfter(now)).isPresent())
                    .sorted(Comparator.comparing(record -> dueAt(record).orElseThrow()))
                    .limit(limit)
                    .toList();
            List<TaskRecord> claimed = new ArrayList<>();
            for (TaskRecord record : due) {
                TaskRecord leased = record.withDelivery(record.webhook().orElseThrow().dueAt(leaseUntil));
                records.put(record.task().id(), leased);
                claimed.add(leased);
            }
            return List.copyOf(claimed);
        });
    }

    @Override
    public CompletionStage<List<TaskRecord>> awaitingTasks(int limit) {
        return answer(() -> records.values().stream()
                .filter(record -> !record.task().isTerminal() && (record.webhook()
                        .filter(delivery -> delivery.state() == WebhookDelivery.State.WAITING).isPresent()
                        || record.results().state() == ResultCopies.State.WANTED))
                .limit(limit)
                .toList());
    }

    private static Optional<Instant> dueAt(TaskRecord record) {
        return record.webhook().filter(delivery -> !delivery.isFinal()).flatMap(WebhookDelivery::nextAttemptAt);
    }

    // The queue of result copies

    private CompletionStage<List<TaskRecord>> claimDueCopies(Instant now, Instant leaseUntil, int limit) {
        return answer(() -> {
            List<TaskRecord> due = records.values().stream()
                    .filter(record -> copiesDueAt(record).filter(at -> !at.isAfter(now)).isPresent())
                    .sorted(Comparator.comparing(record -> copiesDueAt(record).orElseThrow()))
                    .limit(limit)
                    .toList();
            List<TaskRecord> claimed = new ArrayList<>();
            for (TaskRecord record : due) {
                TaskRecord leased = record.withResults(record.results().dueAt(leaseUntil), now);
                records.put(record.task().id(), leased);
                claimed.add(leased);
            }
            return List.copyOf(claimed);
        });
    }

    private static Optional<Instant> copiesDueAt(TaskRecord record) {
        ResultCopies.State state = record.results().state();
        return state == ResultCopies.State.COPYING || state == ResultCopies.State.COPIED
                ? record.results().dueAt() : Optional.empty();
    }

    // The submissions journal

    @Override
    public CompletionStage<Begun> begin(Submission submission) {
        Objects.requireNonNull(submission, "submission");
        return answer(() -> {
            if (submission.idempotencyKey().isPresent()) {
                Optional<Submission> existing = journal.values().stream()
                        .filter(kept -> kept.owner().equals(submission.owner())
                                && kept.idempotencyKey().equals(submission.idempotencyKey()))
                        .findFirst();
                if (existing.isPresent()) {
                    return new Begun.Existing(existing.get());
                }
            }
            journal.put(submission.id(), submission);
            return new Begun.Started(submission);
        });
    }

    @Override
    public CompletionStage<Boolean> created(Submission submission, TaskRecord task) {
        return answer(() -> {
            if (records.putIfAbsent(task.task().id(), task) != null) {
                return false;
            }
            settle(submission.id(), Submission.State.CREATED, Optional.of(task.task().id()), Optional.empty());
            return true;
        });
    }

    @Override
    public CompletionStage<Void> uncertain(Submission submission, String reason) {
        return answer(() -> {
            settle(submission.id(), Submission.State.UNCERTAIN, Optional.empty(), Optional.of(reason));
            return null;
        });
    }

    @Override
    public CompletionStage<Void> abandon(String submissionId) {
        return answer(() -> {
            journal.remove(submissionId);
            return null;
        });
    }

    @Override
    public CompletionStage<List<Submission>> settleStale(Instant now) {
        return answer(() -> {
            List<Submission> stale = journal.values().stream()
                    .filter(kept -> kept.state() == Submission.State.PENDING && kept.pendingUntil().isBefore(now))
                    .sorted(Comparator.comparing(Submission::startedAt))
                    .toList();
            return stale.stream().map(kept -> settle(kept.id(), Submission.State.UNCERTAIN, Optional.empty(),
                    Optional.of(INTERRUPTED))).toList();
        });
    }

    @Override
    public CompletionStage<Void> forgetExpired(Instant now) {
        return answer(() -> {
            journal.values().removeIf(kept -> kept.keepUntil().isBefore(now));
            return null;
        });
    }

    private Submission settle(String id, Submission.State state, Optional<TaskId> taskId, Optional<String> reason) {
        return journal.computeIfPresent(id, (key, was) -> new Submission(was.id(), was.owner(), was.idempotencyKey(),
                was.fingerprint(), was.modelTier(), was.startedAt(), was.pendingUntil(), was.keepUntil(), state,
                taskId, reason));
    }

    // The provider's webhook ids

    @Override
    public CompletionStage<Boolean> seen(String webhookId) {
        return answer(() -> seenWebhookIds.containsKey(webhookId));
    }

    @Override
    public CompletionStage<Void> remember(String webhookId, Instant at) {
        return answer(() -> {
            seenWebhookIds.putIfAbsent(webhookId, at);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> forgetBefore(Instant cutoff) {
        return answer(() -> {
            seenWebhookIds.values().removeIf(at -> at.isBefore(cutoff));
            return null;
        });
    }

    /** What {@code read} gives, under the lock, as a completed stage; a failed one while unavailable. */
    private synchronized <T> CompletionStage<T> answer(Supplier<T> read) {
        if (unavailable) {
            return CompletableFuture.failedFuture(new MotionTransferFailure.StoreUnavailable("The store is away"));
        }
        return CompletableFuture.completedFuture(read.get());
    }
}
