package dev.motioncontrol.application.service;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.ClientLimits;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TimeSource;
import java.time.Duration;
import java.time.Instant;
import dev.motioncontrol.domain.Task;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Holds each client to its {@link ClientLimits} (see {@link AcceptedClientKeys#limitsOf}), so that one client cannot
 * take the shared provider account for itself: a request beyond the client's rate, or a submission while it has its
 * most unfinished tasks, fails {@link MotionTransferFailure.RateLimited} (429) with a message that names the limit and
 * when to try again. Nothing is recorded or sent to the provider for it. The rate is checked by
 * {@link ClientAuthentication}, at the edge every call crosses once, for accepted clients only; the unfinished tasks
 * by the submission, through {@link #newTasks()}, only for one that would create a task.
 *
 * <p>The rate is a GCRA (the generic cell rate algorithm, a token bucket kept as one instant per client) on the
 * service's clock, per instance. The unfinished tasks are counted in the records (so across instances sharing a store):
 * those among the client's newest {@value ClientLimits#MOST_UNFINISHED}, submitted within
 * {@link ClientLimits#UNFINISHED_WITHIN}, that the service has not seen finish; at the limit, the oldest of them whose
 * records are stale are asked about first (a few, on the status plan). Two submissions at once may both pass
 * the count: the limit is a guard, not a reservation.
 */
public final class ClientQuotas {

    /** The clients whose rate is remembered before the ones back to a full burst are forgotten. */
    static final int REMEMBERED_CLIENTS = 10_000;
    /** The most of a client's tasks asked about when it is at its most unfinished tasks. */
    static final int ASKED_AT_THE_LIMIT = 5;
    /** When a client with its most unfinished tasks is told to try again. */
    static final Duration UNFINISHED_RETRY_AFTER = Duration.ofSeconds(10);

    private final AcceptedClientKeys keys;
    private final TaskRecords records;
    private final OwnerHashing owners;
    private final TimeSource time;
    /** How stale unfinished tasks are asked about at the limit; null: they are not. */
    private final StatusChecks checks;
    private final ConcurrentMap<ClientKey, Rate> rates = new ConcurrentHashMap<>();

    public ClientQuotas(AcceptedClientKeys keys, TaskRecords records, OwnerHashing owners, TimeSource time) {
        this(keys, records, owners, time, null);
    }

    /** As above; a client at its most unfinished tasks has the oldest stale ones asked about through {@code checks}. */
    public ClientQuotas(AcceptedClientKeys keys, TaskRecords records, OwnerHashing owners, TimeSource time,
            StatusChecks checks) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.records = Objects.requireNonNull(records, "records");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.time = Objects.requireNonNull(time, "time");
        this.checks = checks;
    }

    /** Whether a caller may have one more task, given its most unfinished tasks. */
    public SubmitMotionTransferService.NewTasks newTasks() {
        return this::withinUnfinished;
    }

    /**
     * Takes one request of {@code caller}'s rate: empty when it is within it, otherwise the failure that names the
     * limit and when to come back (nothing taken then).
     */
    Optional<MotionTransferFailure.RateLimited> beyondRate(ClientKey caller) {
        ClientLimits limits = keys.limitsOf(caller);
        if (!limits.limitsRate()) {
            return Optional.empty();
        }
        long now = nanos(time.now());
        long waitNanos = rateOf(caller, limits, now).take(now);
        if (waitNanos <= 0) {
            return Optional.empty();
        }
        return Optional.of(new MotionTransferFailure.RateLimited(String.format(
                "Too many requests: this API key may make %s requests per second (bursts of %d)",
                number(limits.requestsPerSecond()), limits.burst()), Optional.of(Duration.ofNanos(waitNanos))));
    }

    private CompletionStage<Void> withinUnfinished(ClientKey caller) {
        ClientLimits limits = keys.limitsOf(caller);
        if (!limits.limitsUnfinished()) {
            return CompletableFuture.completedStage(null);
        }
        Instant since = time.now().minus(ClientLimits.UNFINISHED_WITHIN);
        return records.list(owners.of(caller)).thenCompose(newest -> {
            List<TaskRecords.TaskRecord> unfinished = newest.stream()
                    .filter(record -> !record.task().isTerminal() && record.createdAt().isAfter(since))
                    .toList();
            if (unfinished.size() < limits.maxUnfinishedTasks()) {
                return CompletableFuture.completedStage(null);
            }
            return finishedMeanwhile(unfinished).thenAccept(finished -> {
                if (unfinished.size() - finished >= limits.maxUnfinishedTasks()) {
                    throw new MotionTransferFailure.RateLimited("Too many unfinished tasks: this API key may have "
                            + limits.maxUnfinishedTasks() + " unfinished at once; try again when one has finished",
                            Optional.of(UNFINISHED_RETRY_AFTER));
                }
            });
        });
    }

    /**
     * How many of a client's {@code unfinished} tasks turn out finished when asked about: its oldest ones whose records
     * are no longer fresh, at most {@value #ASKED_AT_THE_LIMIT}, through the status plan (a client that never asks
     * about its tasks is not held to the limit by records nobody refreshed). A question that fails counts as
     * unfinished.
     */
    private CompletionStage<Integer> finishedMeanwhile(List<TaskRecords.TaskRecord> unfinished) {
        if (checks == null) {
            return CompletableFuture.completedStage(0);
        }
        CompletableFuture<?>[] asked = unfinished.stream()
                .filter(record -> !checks.saysEnough(record))
                .sorted(java.util.Comparator.comparing(TaskRecords.TaskRecord::createdAt))
                .limit(ASKED_AT_THE_LIMIT)
                .map(record -> checks.current(record, Cancellation.never())
                        .handle((now, failed) -> failed == null && now.map(r -> r.task().isTerminal()).orElse(true))
                        .toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(asked).thenApply(all -> (int) java.util.Arrays.stream(asked)
                .filter(finished -> Boolean.TRUE.equals(finished.join())).count());
    }

    private Rate rateOf(ClientKey caller, ClientLimits limits, long now) {
        Rate rate = rates.get(caller);
        if (rate == null || !rate.limits.equals(limits)) {
            if (rates.size() >= REMEMBERED_CLIENTS) {
                // A client back to its full burst is the same as one never seen: forgetting it changes nothing. Any
                // key is a client only in fake mode, where so many busy ones at once are forgotten all together
                // rather than let the map grow.
                rates.values().removeIf(remembered -> remembered.isFull(now));
                if (rates.size() >= REMEMBERED_CLIENTS) {
                    rates.clear();
                }
            }
            rate = rates.compute(caller, (key, known) -> known != null && known.limits.equals(limits) ? known
                    : new Rate(limits));
        }
        return rate;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** One client's rate: the theoretical arrival time of its next request (GCRA). */
    private static final class Rate {
        final ClientLimits limits;
        private final long intervalNanos;
        private final long toleranceNanos;
        private long theoreticalArrival = Long.MIN_VALUE;

        Rate(ClientLimits limits) {
            this.limits = limits;
            this.intervalNanos = Math.max(1, Math.round(1e9 / limits.requestsPerSecond()));
            this.toleranceNanos = (long) Math.min(Long.MAX_VALUE / 4, (double) intervalNanos * (limits.burst() - 1L));
        }

        /** Takes a request at {@code now}: 0 when it is within the rate, else how long until one would be. */
        synchronized long take(long now) {
            long arrival = Math.max(theoreticalArrival, now);
            long early = arrival - now - toleranceNanos;
            if (early > 0) {
                return early;
            }
            theoreticalArrival = arrival + intervalNanos;
            return 0;
        }

        synchronized boolean isFull(long now) {
            return theoreticalArrival <= now;
        }
    }
}
