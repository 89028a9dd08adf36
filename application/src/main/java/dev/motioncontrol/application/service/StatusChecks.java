package dev.motioncontrol.application.service;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one way the service asks the provider how a task it knows stands, for a client's status request and for the
 * background polling alike, so that a task costs the shared account the calls {@link StatusFreshness} allows
 * whoever asks and however often:
 * <ul>
 *   <li>a finished task, or one whose record is fresh, is answered from its record;</li>
 *   <li>requests on this instance at once share one check (single flight);</li>
 *   <li>the one that asks first claims the check in the store (the record's check time moves to now, atomically,
 *       only if no one moved it since it was read): the others, on this instance or another sharing the store, answer
 *       from the record meanwhile, so N instances do not make N calls. A claimed check runs to its end even if its
 *       requests have gone; one that fails gives its claim back, so that the next question asks again.</li>
 * </ul>
 * When {@linkplain StatusFreshness#asksEveryTime every question asks} (a provider whose calls cost nothing, the fake),
 * it asks at once, without sharing the call or claiming the check, and writes only an answer that moves the task.
 */
public final class StatusChecks {

    private final TaskRecords records;
    private final VideoProvider provider;
    private final TaskReports reports;
    private final TimeSource time;
    private final StatusFreshness freshness;
    private final SingleFlight<TaskId, Optional<TaskRecord>> flights = new SingleFlight<>();

    public StatusChecks(TaskRecords records, VideoProvider provider, TaskReports reports, TimeSource time,
            StatusFreshness freshness) {
        this.records = Objects.requireNonNull(records, "records");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.time = Objects.requireNonNull(time, "time");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
    }

    /**
     * The record of {@code record}'s task as it stands now: the same when it says enough, otherwise as the provider's
     * answer updated it. Empty when the service no longer has a record of it.
     */
    public CompletionStage<Optional<TaskRecord>> current(TaskRecord record, Cancellation caller) {
        if (saysEnough(record)) {
            return CompletableFuture.completedFuture(Optional.of(record));
        }
        return asked(record, caller);
    }

    /** {@link #current(TaskRecord, Cancellation)} of the task with {@code id}, read from the records first. */
    public CompletionStage<Optional<TaskRecord>> current(TaskId id, Cancellation caller) {
        return records.findById(id).thenCompose(found -> found.isEmpty()
                ? CompletableFuture.completedFuture(Optional.<TaskRecord>empty())
                : current(found.get(), caller));
    }

    /** Whether {@code record} says enough of its task now to answer without asking the provider. */
    boolean saysEnough(TaskRecord record) {
        return record.task().isTerminal() || freshness.isFresh(record, time.now());
    }

    /**
     * Claims the check of {@code record}'s task for a caller that would ask the provider about it another way (a
     * list): true when it is to ask, false when someone else asked since {@code record} was read, or is asking.
     */
    CompletionStage<Boolean> claim(TaskRecord record) {
        return claimed(record, claimTime()).thenApply(before -> before.isPresent() && isClaimOf(before.get(), record));
    }

    /** How soon the task may next move, when the provider can tell (see {@link VideoProvider#nextMoveWithin}). */
    public Optional<Duration> nextMoveWithin(Owner owner, TaskId id, ModelTier at) {
        return provider.nextMoveWithin(owner, id, at);
    }

    /** The provider's answer about {@code record}'s task, recorded: one call for every request that asks at once. */
    private CompletionStage<Optional<TaskRecord>> asked(TaskRecord record, Cancellation caller) {
        if (caller.isCancelled()) {
            return CompletableFuture.failedStage(new MotionTransferFailure.ProviderUnavailable(
                    "The caller went away before the provider was asked"));
        }
        TaskId id = record.task().id();
        if (freshness.asksEveryTime()) {
            // Calls that cost nothing need no sharing; and an answer that moves nothing is not written: the record's
            // check time matters only to a plan, which such a provider does not follow.
            return provider.status(record.owner(), id, record.modelTier(), caller).thenCompose(reported ->
                    reported.id().equals(id) && record.task().updatedFrom(reported).equals(record.task())
                            ? CompletableFuture.completedStage(Optional.of(record))
                            : reports.apply(reported));
        }
        return flights.join(id, caller, shared -> {
            Instant claimedAt = claimTime();
            return claimed(record, claimedAt).thenCompose(before -> before.isEmpty() || !isClaimOf(before.get(), record)
                    ? CompletableFuture.completedStage(before)
                    : checkClaimed(record, claimedAt));
        });
    }

    /**
     * Asks the provider about a task whose check this instance claimed at {@code claimedAt}. The call runs to its end
     * even if everyone who asked has gone (it is the check the others count on); if it fails, the claim is given back
     * (the record's check time set back, unless someone moved it since), so that the next question asks again: a
     * check time says the provider answered.
     */
    private CompletionStage<Optional<TaskRecord>> checkClaimed(TaskRecord record, Instant claimedAt) {
        TaskId id = record.task().id();
        return provider.status(record.owner(), id, record.modelTier(), Cancellation.never())
                .thenCompose(reports::apply)
                .handle((answer, failure) -> failure == null ? CompletableFuture.completedStage(answer)
                        : records.update(id, current -> current.checkedAt().equals(claimedAt)
                                        ? current.checked(record.checkedAt()) : current)
                                .handle((givenBack, ignored) -> Optional.<TaskRecord>empty())
                                .thenCompose(ignored -> CompletableFuture.<Optional<TaskRecord>>failedStage(failure)))
                .thenCompose(answer -> answer);
    }

    /**
     * Claims the check of {@code record}'s task in the store: its check time moves to {@code at} if no one moved it
     * since {@code record} was read. Completes with the record as it was before (empty when it is gone): the claim is
     * this instance's when that is still the record read (see {@link #isClaimOf}).
     */
    private CompletionStage<Optional<TaskRecord>> claimed(TaskRecord record, Instant at) {
        Instant seen = record.checkedAt();
        return records.update(record.task().id(),
                        current -> current.checkedAt().equals(seen) ? current.checked(at) : current)
                .thenApply(change -> change.map(TaskRecords.Change::before));
    }

    /** Now, to the millisecond: what every store keeps of a check time, so that a claim reads back as it was set. */
    private Instant claimTime() {
        return time.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Whether the record as it was when claimed ({@code before}) makes the claim on {@code read} this instance's. */
    private static boolean isClaimOf(TaskRecord before, TaskRecord read) {
        return before.checkedAt().equals(read.checkedAt()) && !before.task().isTerminal();
    }
}
