package dev.motioncontrol.application.service;

import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Delivers each task's webhook, at least once, when the task finishes ({@code COMPLETED} or
 * {@code FAILED}; as at the provider, intermediate states are not posted). A 2xx answer is success; 410
 * Gone stops; anything else (another status, a timeout, a refused address) is retried on the
 * {@link RetryPlan}, then given up. Every attempt's outcome is recorded with the task.
 */
public final class WebhookDispatcher implements Consumer<TaskRecords.Change>, AutoCloseable {

    private final TaskRecords records;
    private final WebhookSender sender;
    private final Scheduler scheduler;
    private final TimeSource time;
    private final RetryPlan retries;
    private volatile boolean closed;

    public WebhookDispatcher(TaskRecords records, WebhookSender sender, Scheduler scheduler, TimeSource time,
            RetryPlan retries) {
        this.records = Objects.requireNonNull(records, "records");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.time = Objects.requireNonNull(time, "time");
        this.retries = Objects.requireNonNull(retries, "retries");
    }

    /** A task moved: when it just finished and has a webhook, the delivery starts. */
    @Override
    public void accept(TaskRecords.Change change) {
        Task task = change.after().task();
        Optional<WebhookDelivery> webhook = change.after().webhook();
        if (task.isTerminal() && !change.before().task().isTerminal() && webhook.isPresent()
                && webhook.get().state() == WebhookDelivery.State.WAITING) {
            attempt(task, webhook.get());
        }
    }

    /** No attempt is started or scheduled any more; one under way finishes and is recorded. */
    @Override
    public void close() {
        closed = true;
    }

    private void attempt(Task task, WebhookDelivery delivery) {
        if (closed) {
            return;
        }
        sender.send(delivery.target(), task).whenComplete((attempt, failure) -> {
            WebhookSender.Attempt outcome = attempt != null ? attempt
                    : WebhookSender.Attempt.failed(time.now(), "the sender failed: " + failure.getClass().getSimpleName());
            WebhookDelivery next = after(delivery, outcome);
            records.recordDelivery(task.id(), next);
            if (next.state() == WebhookDelivery.State.RETRYING) {
                Duration wait = Duration.between(outcome.at(), next.nextAttemptAt().orElseThrow());
                scheduler.schedule(wait, () -> attempt(task, next));
            }
        });
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
