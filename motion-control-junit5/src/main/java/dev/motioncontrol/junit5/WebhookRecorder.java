package dev.motioncontrol.junit5;

import dev.motioncontrol.adapters.webhooks.WebhookMessage;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The fake service's webhook sender: it signs each webhook as the service's own sender does ({@link WebhookMessage}),
 * records it instead of posting it, and answers for the receiver with the status the test chose. Nothing leaves the
 * JVM, so a test may name any {@code webhook_url}. Safe for any number of threads.
 */
final class WebhookRecorder implements WebhookSender {

    /** What a webhook is answered with unless the test says otherwise. */
    static final int DEFAULT_ANSWER = 200;

    private final WebhookSecret secret;
    private final TimeSource time;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final List<SentWebhook> sent = new ArrayList<>();
    /** Those waiting for a webhook not sent yet; guarded by {@link #lock}. */
    private final List<Waiting> waiting = new ArrayList<>();
    private volatile int answer = DEFAULT_ANSWER;

    WebhookRecorder(WebhookSecret secret, TimeSource time) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public CompletionStage<Attempt> send(WebhookUrl target, Task task) {
        Instant at = time.now();
        WebhookMessage message = WebhookMessage.of(secret, task, at);
        int status = answer;
        SentWebhook webhook = new SentWebhook(target.url().uri(), task.id().value(), task.status().name(),
                message.headers(), new String(message.body(), StandardCharsets.UTF_8), status, at);
        List<CompletableFuture<SentWebhook>> woken = new ArrayList<>();
        synchronized (lock) {
            sent.add(webhook);
            for (Iterator<Waiting> each = waiting.iterator(); each.hasNext(); ) {
                Waiting one = each.next();
                if (one.wanted().test(webhook)) {
                    each.remove();
                    woken.add(one.found());
                }
            }
        }
        woken.forEach(found -> found.complete(webhook));
        return CompletableFuture.completedFuture(Attempt.answered(at, status));
    }

    /** Every webhook sent since the last {@link #reset()}, in the order sent. */
    List<SentWebhook> sent() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** The first webhook sent (since the last reset) that is {@code wanted}, now or when it is sent. */
    CompletableFuture<SentWebhook> first(Predicate<SentWebhook> wanted) {
        synchronized (lock) {
            Optional<SentWebhook> already = sent.stream().filter(wanted).findFirst();
            if (already.isPresent()) {
                return CompletableFuture.completedFuture(already.get());
            }
            CompletableFuture<SentWebhook> found = new CompletableFuture<>();
            waiting.add(new Waiting(wanted, found));
            return found;
        }
    }

    /** From now on, webhooks are answered with {@code status}. */
    void answerWith(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP status is 100 to 599, not " + status);
        }
        answer = status;
    }

    /** Forgets the webhooks sent, and those waited for; webhooks are answered with {@link #DEFAULT_ANSWER} again. */
    void reset() {
        List<Waiting> abandoned;
        synchronized (lock) {
            sent.clear();
            abandoned = List.copyOf(waiting);
            waiting.clear();
        }
        abandoned.forEach(one -> one.found().cancel(false));
        answer = DEFAULT_ANSWER;
    }

    private record Waiting(Predicate<SentWebhook> wanted, CompletableFuture<SentWebhook> found) {
    }
}
