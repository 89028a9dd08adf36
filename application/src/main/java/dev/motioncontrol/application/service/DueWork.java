package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * How the background workers on the store (the {@link WebhookDispatcher}, the {@link ResultCopier}) find their work:
 * what is due is claimed in the store, each record leased until {@code now + lease} (so that of several instances one
 * acts on it, and another takes it over if that one dies), and acted on. A claim is made when asked ({@link #run()}),
 * and at each sweep ({@link #start()}), which finds what fell due unheard: after a restart, or after another instance
 * died with work claimed. One claim at a time; another follows at once when one was asked for meanwhile, or when the
 * claim was full (more may be due). A claim that fails (the store is away) waits for the next sweep.
 */
final class DueWork {

    /** Claims at most {@code limit} records due at {@code now}, each leased until {@code leaseUntil}. */
    @FunctionalInterface
    interface Claim {
        CompletionStage<List<TaskRecord>> due(Instant now, Instant leaseUntil, int limit);
    }

    private final Scheduler scheduler;
    private final TimeSource time;
    private final Duration sweepEvery;
    private final Duration lease;
    private final Claim claim;
    private final IntSupplier room;
    private final BiConsumer<TaskRecord, Instant> act;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean claimAgain = new AtomicBoolean();
    private volatile Scheduler.Cancellable nextSweep;
    private volatile boolean closed;

    /**
     * @param room how many records one claim may take now (none: the claim waits for {@link #freed()})
     * @param act  what is done with a claimed record, given the end of its lease
     */
    DueWork(Scheduler scheduler, TimeSource time, Duration sweepEvery, Duration lease, Claim claim, IntSupplier room,
            BiConsumer<TaskRecord, Instant> act) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.time = Objects.requireNonNull(time, "time");
        this.sweepEvery = Objects.requireNonNull(sweepEvery, "sweepEvery");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.claim = Objects.requireNonNull(claim, "claim");
        this.room = Objects.requireNonNull(room, "room");
        this.act = Objects.requireNonNull(act, "act");
    }

    /** Starts the sweeps; the first one at once. */
    void start() {
        sweep();
    }

    /** Claims what is due now, or right after the claim under way. */
    void run() {
        if (closed) {
            return;
        }
        claimAgain.set(true);
        int limit = room.getAsInt();
        if (limit <= 0 || !claiming.compareAndSet(false, true)) {
            return;
        }
        claimAgain.set(false);
        Instant now = time.now();
        // To the millisecond, as stores keep instants: the lease is compared when the outcome is recorded.
        Instant leaseUntil = now.plus(lease).truncatedTo(ChronoUnit.MILLIS);
        guarded(() -> claim.due(now, leaseUntil, limit)).whenComplete((claimed, failure) -> {
            claiming.set(false);
            if (failure == null) {
                claimed.forEach(record -> act.accept(record, leaseUntil));
            }
            if (failure == null && (claimed.size() == limit || claimAgain.get())) {
                run();
            }
        });
    }

    /** Room was freed: a claim asked for while there was none is made now. */
    void freed() {
        if (claimAgain.get()) {
            run();
        }
    }

    /** Runs at {@code at} (at once if that has passed), unless closed by then. */
    void runAt(Instant at) {
        if (closed) {
            return;
        }
        Duration wait = Duration.between(time.now(), at);
        scheduler.schedule(wait.isNegative() ? Duration.ZERO : wait, this::run);
    }

    /** No claim is made or scheduled any more. */
    void close() {
        closed = true;
        Scheduler.Cancellable sweep = nextSweep;
        if (sweep != null) {
            sweep.cancel();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void sweep() {
        if (closed) {
            return;
        }
        run();
        nextSweep = scheduler.schedule(sweepEvery, this::sweep);
    }

    /** {@code call}'s stage, or a failed one if it throws instead of failing its stage. */
    static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
