package dev.motioncontrol.application.service;

import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.out.GeneratedVideoFetcher;
import dev.motioncontrol.application.port.out.ResultQueue;
import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.domain.TaskId;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Copies the generated videos of each completed task whose results are kept into the {@link ResultStore}, and deletes
 * the copies at the end of their retention.
 *
 * <p>The work that is due is read from the {@link ResultQueue}, where a task's copy falls due in the same write that
 * records it completed: it is done when it falls due here, at its retry's time, and at each sweep (which finds what is
 * due after a restart, or after another instance died with the work claimed). Claiming is atomic, so that of several
 * instances one does each; at most {@value #MOST_AT_ONCE} tasks are copied at once by one instance.
 *
 * <p>A copy fetches each video through the {@link GeneratedVideoFetcher} (streaming, capped, on the service's address
 * policy) into the store's staging directory, then keeps it. A failure the fetcher says may pass (a timeout, a 5xx) or
 * a failure of the store is tried again on the {@link RetryPlan}; another (a 404, a video over the cap), or the last
 * try, gives the copy up: the task is then shown with the provider's URLs and the reason is recorded. Either way, the
 * change is published, and a webhook that waited for the copy falls due in the same write.
 */
public final class ResultCopier implements Consumer<TaskRecords.Change>, AutoCloseable {

    /** How many tasks one instance copies at once. */
    static final int MOST_AT_ONCE = 4;
    /** How long a failure's description in the log may be. */
    static final int MOST_ERROR_CHARS = 300;
    /** How long before its lease ends an attempt is cut short, so that its outcome is recorded while it is the owner. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** How soon an outcome the store could not take is offered again, until the lease ends. */
    static final Duration RECORD_AGAIN_AFTER = Duration.ofSeconds(5);
    /** Why a copy is given up by a service that keeps none. */
    static final String NO_LONGER_KEPT = "this service no longer keeps copies of generated videos";

    private static final System.Logger LOG = System.getLogger(ResultCopier.class.getName());

    /**
     * How copies are made and kept.
     *
     * @param retries    the waits between the tries of a copy that failed in a way that may pass
     * @param keepFor    how long copies are kept before they are deleted; empty: for ever
     * @param sweepEvery how often the queue is read for work that fell due unheard
     * @param lease      how long a claimed copy is left to its attempt before it is due again (longer than a copy
     *                   can take: the fetcher's timeout for each video, and the store's)
     */
    public record Plan(RetryPlan retries, Optional<Duration> keepFor, Duration sweepEvery, Duration lease) {

        /** Tries at once, then after 10 s, 1 min and 5 min; sweeps every 5 s; a copy's lease is 30 min. */
        public static final Plan DEFAULT = new Plan(new RetryPlan(List.of(Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofMinutes(5))), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMinutes(30));

        public Plan {
            Objects.requireNonNull(retries, "retries");
            Objects.requireNonNull(keepFor, "keepFor");
            Objects.requireNonNull(sweepEvery, "sweepEvery");
            Objects.requireNonNull(lease, "lease");
            keepFor.ifPresent(age -> {
                if (age.isNegative() || age.isZero()) {
                    throw new IllegalArgumentException("copies are kept for a positive time, not " + age);
                }
            });
        }
    }

    private final TaskRecords records;
    private final GeneratedVideoFetcher fetcher;
    private final ResultStore store;
    private final TaskChanges changes;
    private final TimeSource time;
    private final Plan plan;
    /** Whether this service keeps no copies any more: what is still to copy is given up, nothing is deleted. */
    private final boolean abandoning;
    private final Scheduler scheduler;
    /** Copies and deletions under way, each with the end of its lease. */
    private final Map<TaskId, Instant> inFlight = new ConcurrentHashMap<>();
    private final DueWork due;

    public ResultCopier(TaskRecords records, ResultQueue queue, GeneratedVideoFetcher fetcher, ResultStore store,
            TaskChanges changes, Scheduler scheduler, TimeSource time, Plan plan) {
        this(records, queue, fetcher, store, changes, scheduler, time, plan, false);
    }

    private ResultCopier(TaskRecords records, ResultQueue queue, GeneratedVideoFetcher fetcher, ResultStore store,
            TaskChanges changes, Scheduler scheduler, TimeSource time, Plan plan, boolean abandoning) {
        if (plan.lease().compareTo(LEASE_MARGIN.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a copy's lease is at least " + LEASE_MARGIN.multipliedBy(2) + ", not "
                    + plan.lease());
        }
        this.abandoning = abandoning;
        this.records = Objects.requireNonNull(records, "records");
        Objects.requireNonNull(queue, "queue");
        // Abandoning, nothing is fetched nor kept.
        this.fetcher = abandoning ? null : Objects.requireNonNull(fetcher, "fetcher");
        this.store = abandoning ? null : Objects.requireNonNull(store, "store");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.time = Objects.requireNonNull(time, "time");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.due = new DueWork(scheduler, time, plan.sweepEvery(), plan.lease(), queue::claimDue,
                () -> MOST_AT_ONCE - inFlight.size(), this::act);
    }

    /**
     * For a service that keeps no copies (any more): the copies its records still wait for (made by a run that kept
     * them, or by another instance configured otherwise) are given up at once, so that their tasks are shown with the
     * provider's URLs and their webhooks sent, rather than waiting for ever; copies already made are left alone.
     */
    public static ResultCopier abandoning(TaskRecords records, ResultQueue queue, TaskChanges changes,
            Scheduler scheduler, TimeSource time, Duration sweepEvery) {
        return new ResultCopier(records, queue, null, null, changes, scheduler, time,
                new Plan(new RetryPlan(List.of()), Optional.empty(), sweepEvery, Plan.DEFAULT.lease()), true);
    }

    /** Starts the sweeps; the first one at once. */
    public void start() {
        due.start();
    }

    /** A task moved: when its copy fell due, it is made now. */
    @Override
    public void accept(TaskRecords.Change change) {
        ResultCopies results = change.after().results();
        if (results.state() == ResultCopies.State.COPYING
                && results.dueAt().filter(due -> !due.isAfter(time.now())).isPresent()) {
            work();
        }
    }

    /**
     * Nothing more is started or scheduled. The work under way is given back (due again now, rather than when its
     * lease ends), so that a restart, or another instance, takes it up at once; what it still records is ignored.
     * Completes once given back (or when the store could not be told).
     */
    public CompletionStage<Void> giveBack() {
        due.close();
        Instant now = time.now();
        CompletableFuture<?>[] givenBack = inFlight.entrySet().stream()
                .map(claim -> DueWork.guarded(() -> records.update(claim.getKey(), current ->
                                current.results().dueAt().filter(claim.getValue()::equals).isPresent()
                                        ? current.withResults(current.results().dueAt(now), now) : current))
                        .toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(givenBack).handle((done, failure) -> null);
    }

    /** Nothing more is started or scheduled (see {@link #giveBack()}, which also hands back the work under way). */
    @Override
    public void close() {
        due.close();
    }

    /** Claims what is due, as much as there is room for, and does it (see {@link DueWork}). */
    void work() {
        due.run();
    }

    private void act(TaskRecord record, Instant leaseUntil) {
        TaskId id = record.task().id();
        if (due.isClosed()) {
            // Claimed as the service was closing: handed back at once rather than held until its lease ends.
            DueWork.guarded(() -> records.update(id, current -> current.results().dueAt()
                    .filter(leaseUntil::equals).isPresent()
                    ? current.withResults(current.results().dueAt(time.now()), time.now()) : current));
            return;
        }
        inFlight.put(id, leaseUntil);
        ResultCopies.State claimedAs = record.results().state();
        CompletionStage<Optional<ResultCopies>> next;
        if (abandoning) {
            next = CompletableFuture.completedFuture(claimedAs == ResultCopies.State.COPIED ? Optional.empty()
                    : Optional.of(record.results().attemptFailed(time.now(), NO_LONGER_KEPT, Optional.empty())));
        } else if (claimedAs == ResultCopies.State.COPIED) {
            next = deleteCopies(record);
        } else {
            Attempt attempt = new Attempt();
            next = withinLease(copy(record, attempt), attempt, record, leaseUntil);
        }
        next.thenCompose(outcome -> outcome.isEmpty() ? CompletableFuture.completedFuture(null)
                        : recorded(id, claimedAs, leaseUntil, outcome.get()))
                .whenComplete((recorded, failure) -> {
                    if (failure != null) {
                        // The store stayed away until the lease ended: the work is due again, for whoever claims it.
                        LOG.log(Level.WARNING, "The outcome of task {0}''s result copy could not be recorded "
                                + "({1}); it is done again", id.value(), failure.getClass().getSimpleName());
                    }
                    inFlight.remove(id, leaseUntil);
                    due.freed();
                });
    }

    /**
     * {@code copy}, or a failed attempt (tried again, like any failure that may pass) when it has not ended shortly
     * before the lease does: the outcome is then still this instance's to record, and a copy that hangs costs an
     * attempt rather than holding its task (and its webhook) for ever.
     */
    private CompletionStage<Optional<ResultCopies>> withinLease(CompletionStage<Optional<ResultCopies>> copy,
            Attempt attempt, TaskRecord record, Instant leaseUntil) {
        CompletableFuture<Optional<ResultCopies>> bounded = new CompletableFuture<>();
        Duration left = Duration.between(time.now(), leaseUntil.minus(LEASE_MARGIN));
        Scheduler.Cancellable timer = scheduler.schedule(left.isNegative() ? Duration.ZERO : left, () -> {
            if (!bounded.isDone()) {
                // What the attempt still does is thrown away: it keeps nothing from now on (see copy).
                attempt.cutShort = true;
                bounded.complete(Optional.of(failedAttempt(record, new Failure(
                        "the copy did not end within its lease of " + plan.lease(), true))));
            }
        });
        copy.whenComplete((outcome, failure) -> {
            timer.cancel();
            // A copy that failed (a bug: its failures are outcomes) costs an attempt too, so that it ends.
            bounded.complete(failure == null ? outcome : Optional.of(failedAttempt(record,
                    storeFailure(record.task().id(), "the copy failed", failure))));
        });
        return bounded;
    }

    /** One attempt at a task's copy: once cut short, it keeps nothing more. */
    private static final class Attempt {
        volatile boolean cutShort;
    }

    /**
     * {@link #record}, offered again every {@link #RECORD_AGAIN_AFTER} while the store is away, until the lease ends:
     * a copy made is not thrown away for a moment's outage.
     */
    private CompletionStage<Void> recorded(TaskId id, ResultCopies.State claimedAs, Instant leaseUntil,
            ResultCopies next) {
        return DueWork.guarded(() -> record(id, claimedAs, leaseUntil, next)).handle((done, failure) -> {
            if (failure == null || !time.now().plus(RECORD_AGAIN_AFTER).isBefore(leaseUntil)) {
                return failure == null ? CompletableFuture.<Void>completedFuture(null)
                        : CompletableFuture.<Void>failedFuture(failure);
            }
            CompletableFuture<Void> later = new CompletableFuture<>();
            scheduler.schedule(RECORD_AGAIN_AFTER, () -> later.complete(null));
            return later.thenCompose(again -> recorded(id, claimedAs, leaseUntil, next));
        }).thenCompose(stage -> stage);
    }

    /** Copies every generated video of {@code record}'s task, one after the other; the results as they now stand. */
    private CompletionStage<Optional<ResultCopies>> copy(TaskRecord record, Attempt attempt) {
        List<URI> generated = record.task().generated();
        List<ResultCopies.StoredVideo> kept = new ArrayList<>(generated.size());
        CompletionStage<Optional<Failure>> copied = CompletableFuture.completedFuture(Optional.empty());
        for (int index = 0; index < generated.size(); index++) {
            int at = index;
            copied = copied.thenCompose(failed -> failed.isPresent() || attempt.cutShort
                    ? CompletableFuture.completedFuture(failed.or(() -> Optional.of(new Failure("cut short", true))))
                    : copyOne(record.task().id(), at, generated.get(at), attempt).thenApply(outcome -> {
                        outcome.video().ifPresent(kept::add);
                        return outcome.failure();
                    }));
        }
        return copied.thenApply(failed -> {
            Instant now = time.now();
            return Optional.of(failed.isEmpty() ? record.results().copied(kept, now, plan.keepFor().map(now::plus))
                    : failedAttempt(record, failed.get()));
        });
    }

    /**
     * {@code record}'s copies after an attempt that failed: tried again when the failure may pass and tries are left,
     * given up otherwise (what any attempt kept is then deleted once that is recorded: see {@link #record}).
     */
    private ResultCopies failedAttempt(TaskRecord record, Failure failure) {
        Instant now = time.now();
        ResultCopies results = record.results();
        Optional<Duration> wait = failure.mayRetry() ? plan.retries().waitAfter(results.attempts() + 1)
                : Optional.empty();
        return results.attemptFailed(now, failure.reason(), wait.map(now::plus));
    }

    private CompletionStage<Copy> copyOne(TaskId id, int index, URI source, Attempt attempt) {
        Path staged = store.stagingDirectory().resolve(UUID.randomUUID() + ".part");
        return DueWork.guarded(() -> fetcher.fetch(source, staged)).thenCompose(fetch -> {
            if (fetch instanceof GeneratedVideoFetcher.Failed failed) {
                return CompletableFuture.completedFuture(Copy.failed(new Failure(
                        "video " + index + ": " + failed.reason(), failed.mayRetry())));
            }
            GeneratedVideoFetcher.Fetched fetched = (GeneratedVideoFetcher.Fetched) fetch;
            if (attempt.cutShort) {
                DueWork.guarded(() -> store.discard(staged));
                return CompletableFuture.completedFuture(Copy.failed(new Failure("cut short", true)));
            }
            String key = id.value() + "/" + index + "." + extensionOf(fetched.contentType());
            return DueWork.guarded(() -> store.keep(key, staged, fetched.contentType())).handle((keptAs, failure) ->
                    failure == null ? Copy.of(new ResultCopies.StoredVideo(key, fetched.sizeBytes(), fetched.sha256(),
                            fetched.contentType()))
                    : Copy.failed(storeFailure(id, "the result store did not keep video " + index, failure)));
        }).exceptionally(failure -> Copy.failed(storeFailure(id, "the fetch of video " + index + " failed", failure)));
    }

    /** Deletes {@code record}'s copies at the end of their retention; empty when one could not be (tried again). */
    private CompletionStage<Optional<ResultCopies>> deleteCopies(TaskRecord record) {
        CompletableFuture<?>[] deletions = record.results().videos().stream()
                .map(video -> DueWork.guarded(() -> store.delete(video.key())).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(deletions).handle((deleted, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "The copies of task {0} could not be deleted yet ({1}); tried again later",
                        record.task().id().value(), describe(failure));
                return Optional.empty();
            }
            return Optional.of(record.results().deleted(time.now()));
        });
    }

    /**
     * Records {@code next}, if the work is still the one claimed (its state and lease unchanged), and publishes the
     * change; a retry is scheduled at its time.
     */
    private CompletionStage<Void> record(TaskId id, ResultCopies.State claimedAs, Instant leaseUntil,
            ResultCopies next) {
        Instant now = time.now();
        return records.update(id, current -> current.results().state() == claimedAs
                        && current.results().dueAt().filter(leaseUntil::equals).isPresent()
                        ? current.withResults(next, now) : current)
                .thenAccept(change -> {
                    change.filter(TaskRecords.Change::changed).ifPresent(changes::publish);
                    boolean applied = change.filter(c -> c.after().results().equals(next)).isPresent();
                    if (applied && next.state() == ResultCopies.State.COPYING) {
                        due.runAt(next.dueAt().orElseThrow());
                    } else if (applied && next.state() == ResultCopies.State.FAILED) {
                        LOG.log(Level.WARNING, "Gave up copying the videos of task {0}: {1}; clients get the "
                                + "provider''s URLs", id.value(), next.lastError().orElse(""));
                        deleteEveryNameOf(id, change.get().after().task().generated().size());
                    }
                });
    }

    /**
     * Deletes what any attempt at a copy given up may have kept (an earlier one, one cut short), under every name a
     * video may have: best effort, nothing waits for it.
     */
    private void deleteEveryNameOf(TaskId id, int videos) {
        if (store == null) {
            return;
        }
        for (int index = 0; index < videos; index++) {
            for (String extension : EXTENSIONS) {
                String key = id.value() + "/" + index + "." + extension;
                DueWork.guarded(() -> store.delete(key));
            }
        }
    }

    /**
     * A failure of the store (or a bug), which may pass: its details (paths, bucket names) are for the operator's log;
     * the record, which the task's owner reads, says {@code what} happened.
     */
    private static Failure storeFailure(TaskId id, String what, Throwable failure) {
        LOG.log(Level.WARNING, "Task {0}: {1}: {2}", id.value(), what, describe(failure));
        return new Failure(what + "; it is tried again", true);
    }

    /** The file extension of a copy of media type {@code contentType}. */
    static String extensionOf(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("video/webm")) {
            return "webm";
        }
        if (type.startsWith("video/quicktime")) {
            return "mov";
        }
        return "mp4";
    }

    /** Every extension {@link #extensionOf} gives. */
    private static final List<String> EXTENSIONS = List.of("mp4", "webm", "mov");

    /** A failure in words that may be recorded: its kind and message, cut short (no stack, nothing else). */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return message.length() <= MOST_ERROR_CHARS ? message : message.substring(0, MOST_ERROR_CHARS) + "…";
    }

    /** Why a copy failed, and whether trying again may help. */
    private record Failure(String reason, boolean mayRetry) {
    }

    /** The outcome of copying one video. */
    private record Copy(Optional<ResultCopies.StoredVideo> video, Optional<Failure> failure) {
        static Copy of(ResultCopies.StoredVideo video) {
            return new Copy(Optional.of(video), Optional.empty());
        }

        static Copy failed(Failure failure) {
            return new Copy(Optional.empty(), Optional.of(failure));
        }
    }
}
