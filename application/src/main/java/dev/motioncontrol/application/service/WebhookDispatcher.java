package dev.motioncontrol.application.service;

import dev.motioncontrol.application.OperatorNotice;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.WebhookOutbox;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Delivers each task's webhook, at least once, when the task finishes ({@code COMPLETED} or {@code FAILED}; as at
 * the provider, intermediate states are not posted). A 2xx answer is success; 410 Gone stops; anything else (another
 * status, a timeout, a refused address) is retried on the {@link RetryPlan}, then given up. Every attempt's outcome
 * is recorded with the task.
 *
 * <p>The deliveries to make are read from the {@link WebhookOutbox}, where a finished task's delivery falls due in
 * the same write that records the task finished: a delivery is attempted when it falls due here, at its retry's
 * time, and at each sweep (every {@code sweepEvery}), which finds what is due after a restart, or after another
 * instance died with a delivery claimed. Claiming is atomic, so that of several instances one attempts each.
 */
public final class WebhookDispatcher implements Consumer<TaskRecords.Change>, AutoCloseable {

    /** How many due deliveries one claim takes. */
    static final int BATCH = 32;

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final TaskRecords records;
    private final WebhookSender sender;
    private final TimeSource time;
    private final RetryPlan retries;
    private final ShownTasks shown;
    private final DueWork due;
    private final Telemetry telemetry;
    private final OperatorNotice gaveUp = new OperatorNotice();
    /** Outcomes of attempts that could not be recorded yet (the store was away): recorded before the next claim. */
    private final Queue<Outcome> unrecorded = new ConcurrentLinkedQueue<>();
    /** Attempts under way, until their outcome is recorded (or could not be). */
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param sweepEvery how often the outbox is read for deliveries that fell due unheard
     * @param lease      how long a claimed delivery is left to its attempt before it is due again (longer than an
     *                   attempt can take)
     */
    public WebhookDispatcher(TaskRecords records, WebhookOutbox outbox, WebhookSender sender, Scheduler scheduler,
            TimeSource time, RetryPlan retries, Duration sweepEvery, Duration lease) {
        this(records, outbox, sender, scheduler, time, retries, sweepEvery, lease, ShownTasks.AS_RECORDED);
    }

    /** As above, posting tasks as {@code shown} (with the links to the service's copies of their videos). */
    public WebhookDispatcher(TaskRecords records, WebhookOutbox outbox, WebhookSender sender, Scheduler scheduler,
            TimeSource time, RetryPlan retries, Duration sweepEvery, Duration lease, ShownTasks shown) {
        this(records, outbox, sender, scheduler, time, retries, sweepEvery, lease, shown, Telemetry.NONE);
    }

    /** As above, telling {@code telemetry} how each attempt ended. */
    public WebhookDispatcher(TaskRecords records, WebhookOutbox outbox, WebhookSender sender, Scheduler scheduler,
            TimeSource time, RetryPlan retries, Duration sweepEvery, Duration lease, ShownTasks shown,
            Telemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.shown = Objects.requireNonNull(shown, "shown");
        this.records = Objects.requireNonNull(records, "records");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.time = Objects.requireNonNull(time, "time");
        this.retries = Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(outbox, "outbox");
        this.due = new DueWork(scheduler, time, sweepEvery, lease, (now, leaseUntil, limit) -> {
            recordUnrecorded();
            return outbox.claimDue(now, leaseUntil, limit);
        }, () -> BATCH, this::attempt);
    }

    /** Starts the sweeps; the first one at once. */
    public void start() {
        due.start();
    }

    /** A task moved: when its delivery fell due, it is attempted now. */
    @Override
    public void accept(TaskRecords.Change change) {
        Optional<WebhookDelivery> webhook = change.after().webhook();
        if (webhook.isPresent() && !webhook.get().isFinal() && webhook.get().nextAttemptAt()
                .filter(due -> !due.isAfter(time.now())).isPresent()) {
            deliverDue();
        }
    }

    /** No attempt is started or scheduled any more; those under way finish and are recorded (see {@link #idle()}). */
    @Override
    public void close() {
        due.close();
    }

    /** Completes once no attempt is under way: after {@link #close()}, when every one started was recorded. */
    public CompletionStage<Void> idle() {
        return CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
    }

    /** Claims what is due and attempts it (see {@link DueWork}). */
    void deliverDue() {
        due.run();
    }

    /** One attempt of a delivery claimed until {@code leaseUntil}, and its outcome recorded. */
    private void attempt(TaskRecord record, Instant leaseUntil) {
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        inFlight.add(recorded);
        recorded.whenComplete((done, failure) -> inFlight.remove(recorded));
        WebhookDelivery delivery = record.webhook().orElseThrow();
        DueWork.guarded(() -> sender.send(delivery.target(), shown.of(record))).whenComplete((attempt, failure) -> {
            WebhookSender.Attempt outcome = attempt != null ? attempt
                    : WebhookSender.Attempt.failed(time.now(), "the sender failed: " + failure.getClass().getSimpleName());
            WebhookDelivery next = after(delivery, outcome);
            tell(record.task().id(), next);
            record(new Outcome(record.task().id(), leaseUntil, next))
                    .whenComplete((done, ignored) -> recorded.complete(null));
        });
    }

    /**
     * Records an attempt's outcome, if the delivery is still the one claimed (its lease unchanged): when the lease
     * ran out meanwhile, another claim owns the delivery now and its outcome is the one to keep. An outcome that
     * cannot be recorded (the store is away) is kept and recorded before the next claim, so that a delivered
     * webhook is not sent again when its lease ends.
     */
    private CompletionStage<Void> record(Outcome outcome) {
        WebhookDelivery next = outcome.next();
        return DueWork.guarded(() -> records.update(outcome.taskId(), current -> current.webhook()
                        .flatMap(WebhookDelivery::nextAttemptAt).filter(outcome.leaseUntil()::equals).isPresent()
                        ? current.withDelivery(next) : current))
                .handle((done, failure) -> {
                    if (failure != null) {
                        unrecorded.add(outcome);
                    } else if (next.state() == WebhookDelivery.State.RETRYING) {
                        due.runAt(next.nextAttemptAt().orElseThrow());
                    }
                    return null;
                });
    }

    private void recordUnrecorded() {
        // Those waiting now only: one that fails again at once goes back to the queue for the next claim.
        for (int waiting = unrecorded.size(); waiting > 0; waiting--) {
            Outcome outcome = unrecorded.poll();
            if (outcome == null) {
                return;
            }
            record(outcome);
        }
    }

    /** Tells the telemetry how an attempt ended, and the operator when it was the last (never the URL: it may hold a token). */
    private void tell(TaskId id, WebhookDelivery next) {
        switch (next.state()) {
            case DELIVERED -> telemetry.webhookAttempted(Telemetry.WebhookOutcome.DELIVERED);
            case RETRYING -> telemetry.webhookAttempted(Telemetry.WebhookOutcome.RETRYING);
            case STOPPED -> telemetry.webhookAttempted(Telemetry.WebhookOutcome.STOPPED);
            case WAITING -> { }
            case GAVE_UP -> {
                telemetry.webhookAttempted(Telemetry.WebhookOutcome.GIVEN_UP);
                gaveUp.log(LOG, System.Logger.Level.WARNING, () -> "Gave up the webhook of task " + id.value() + " after " + next.attempts()
                        + " attempts; last: " + next.lastStatus().stream().mapToObj(status -> "HTTP " + status)
                                .findFirst().orElse(next.lastError().orElse("no answer")));
            }
        }
    }

    /** An attempt's outcome, for the delivery claimed until {@code leaseUntil}. */
    private record Outcome(TaskId taskId, Instant leaseUntil, WebhookDelivery next) {
    }

    private WebhookDelivery after(WebhookDelivery delivery, WebhookSender.Attempt attempt) {
        int attempts = delivery.attempts() + 1;
        OptionalInt status = attempt.status();
        WebhookDelivery.State state;
        Optional<Duration> wait = Optional.empty();
        if (status.isPresent() && status.getAsInt() >= 200 && status.getAsInt() < 300) {
            state = WebhookDelivery.State.DELIVERED;
        } else if (status.isPresent() && status.getAsInt() == 410) {
            state = WebhookDelivery.State.STOPPED;
        } else {
            wait = retries.waitAfter(attempts);
            state = wait.isPresent() ? WebhookDelivery.State.RETRYING : WebhookDelivery.State.GAVE_UP;
        }
        return new WebhookDelivery(delivery.target(), state, attempts, Optional.of(attempt.at()), status,
                attempt.error(), wait.map(attempt.at()::plus));
    }
}
