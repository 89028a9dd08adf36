package dev.motioncontrol.adapters.freepik.http;

import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import dev.motioncontrol.freepik.api.FreepikPaths;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.InvalidRequest;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import dev.motioncontrol.application.MotionTransferFailure.SubmissionUncertain;
import dev.motioncontrol.application.MotionTransferFailure.Unauthorized;
import dev.motioncontrol.application.MotionTransferFailure.UnknownTask;
import dev.motioncontrol.application.port.out.SharedRateBudget;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The video provider at Freepik (or Magnific): Kling 2.6 and Kling 3 Motion Control over HTTP. Each call goes to
 * the path {@link FreepikPaths} gives for the task's model and tier (Kling 2.6: submit per tier, status and list
 * under {@code /v1/ai/image-to-video/kling-v2-6}; Kling 3: submit, status and list per tier), under
 * {@link FreepikSettings#baseUrl()} with the key in {@link FreepikSettings#apiKeyHeader()}.
 *
 * <h2>Owners</h2>
 * The service calls the provider with one upstream key, so the provider sees one account: the {@code owner} of
 * each call is <em>not</em> sent upstream, and every caller can read every task of that account through this
 * class alone. Keeping each client to its own tasks is the application's job, through its records of who
 * submitted what.
 *
 * <h2>Error policy</h2>
 * Every stage completes, within {@link FreepikSettings#totalDeadline()}, with a value or with one of the
 * {@link MotionTransferFailure}s of the README's table "How failures at the provider reach you": a 400 is an
 * {@link InvalidRequest} with the provider's {@code invalid_params}; 401 and 403 are {@link Unauthorized}; a 404
 * on a status is an {@link UnknownTask}; a 429 is retried after its {@code Retry-After} when that fits, else it
 * is {@link RateLimited}; reads are retried with backoff and jitter after a 5xx, a timeout or a connection error,
 * then {@link ProviderUnavailable}. A submit is retried <em>only</em> when it provably created nothing (the
 * connection could not be opened, or the provider answered 429 or 503); any other failure of a submit is
 * {@link SubmissionUncertain}: the task may exist (and be charged), so list the tasks before submitting again.
 * The rules, row by row, are in {@code ErrorPolicy}. A call that cannot start before its deadline because of the
 * client-side limits, or finds their queue full, fails {@link RateLimited}; nothing reached the provider. The
 * upstream API key appears in no failure message, no log line and no {@link #toString()}.
 *
 * <h2>Limits toward the provider</h2>
 * At most {@link FreepikSettings#requestsPerSecond()} requests per second on average with bursts of
 * {@link FreepikSettings#burst()} (a Bucket4j token bucket: {@code burst} tokens, one more every
 * {@code 1 / requestsPerSecond} seconds), and at most {@link FreepikSettings#maxConcurrentRequests()} in
 * flight (resilience4j's bulkhead). Every attempt, retries included, waits its turn without blocking a thread, in
 * its owner's lane of at most {@link FreepikSettings#maxWaitingRequests()}; the lanes take turns.
 *
 * <h2>Timeouts</h2>
 * Opening a connection may take {@link FreepikSettings#connectTimeout()}; an attempt may wait
 * {@link FreepikSettings#requestTimeout()} for the provider to answer (counted from the last byte received), and
 * never beyond the call's total deadline: at the deadline the request is reset (its connection closed) and its
 * slot freed, however slowly its answer is still trickling in. An answer body larger than
 * {@link #MAX_ANSWER_BYTES} is not read: its connection is closed and the answer is unreadable.
 *
 * <h2>Threads and lifetime</h2>
 * Safe for any number of threads and event loops; no method blocks or throws for a failure at run time. Every
 * step of every call runs on the client's own context, which no deployment owns, and every returned stage
 * completes on that context's event loop: continuations attached without an executor run there, so they
 * must not block (nor {@code join()} another stage of this client). The client lives until {@link #close()}, not
 * as long as the verticle that created it or that makes a call: undeploying that verticle neither cancels this
 * client's timers nor closes its HTTP client, so a call made from a verticle still completes after it is gone.
 */
public final class FreepikVideoProvider implements VideoProvider, AutoCloseable {

    /** The largest answer body read; a larger one is cut off (its connection closed) and is unreadable. */
    public static final int MAX_ANSWER_BYTES = FreepikTransport.MAX_ANSWER_BYTES;

    private final FreepikSettings settings;
    private final Redactor redactor;
    private final ProviderAnswers answers;
    private final ClientHome home;
    private final Future<ProviderCalls> calls;
    private final KeyStanding key = new KeyStanding();
    private volatile boolean closed;

    /** A client of the provider described by {@code settings}, on {@code vertx} (which it does not close). */
    public FreepikVideoProvider(Vertx vertx, FreepikSettings settings) {
        this(vertx, settings, Optional.empty());
    }

    /**
     * A client of the provider described by {@code settings}, on {@code vertx} (which it does not close), that also
     * spends the account's {@code shared} rate with the other instances of the service, when there is one.
     */
    public FreepikVideoProvider(Vertx vertx, FreepikSettings settings, Optional<SharedRateBudget> shared) {
        this(vertx, settings, shared, Telemetry.NONE);
    }

    /** As above, telling {@code telemetry} how each call ended and how long its attempts waited for their turn. */
    public FreepikVideoProvider(Vertx vertx, FreepikSettings settings, Optional<SharedRateBudget> shared,
            Telemetry telemetry) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(shared, "shared");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.redactor = new Redactor(settings.apiKey());
        this.answers = new ProviderAnswers(settings.apiKey());
        this.home = ClientHome.open(vertx, settings);
        this.calls = home.opened().map(opened -> new ProviderCalls(opened.vertx(), opened.client(), settings,
                answers, redactor, shared, telemetry, key));
    }

    /** Refused keys only, learnt from the calls made anyway: the provider is never asked for readiness's sake. */
    @Override
    public Optional<String> unreadyBecause() {
        return key.problem();
    }

    /** The settings this client runs with. */
    public FreepikSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
        return submit(owner, transfer, Cancellation.never());
    }

    /**
     * A submit whose caller may go: until it is sent (waiting for its turn, or to be tried again after a refusal
     * that created nothing) it is dropped when the caller goes, failing {@link ProviderUnavailable}; once sent, it
     * is seen through, since it may be paid for.
     */
    @Override
    public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer, Cancellation cancellation) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(transfer, "transfer");
        Buffer body;
        try {
            body = ProviderJson.encode(WireMapper.INSTANCE.toSubmitBody(transfer));
        } catch (RuntimeException e) {
            return Future.<Task>failedFuture(new ProviderUnavailable(
                    "The call to the provider failed: " + redactor.describe(e))).toCompletionStage();
        }
        return call(owner, Operation.submit(FreepikPaths.of(transfer.modelTier()).submit()), body, answers.task(),
                cancellation);
    }

    @Override
    public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
        return status(owner, taskId, at, Cancellation.never());
    }

    /** A read whose caller may go: then it leaves the queue, or is cut if in flight, failing {@link ProviderUnavailable}. */
    @Override
    public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at, Cancellation cancellation) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(taskId, "taskId");
        // A task id holds only letters, digits, '-' and '_': safe in a path as it is.
        return call(owner, Operation.status(FreepikPaths.of(at).status(taskId.value()), taskId), null,
                answers.task(taskId), cancellation);
    }

    /**
     * Every task of the upstream account of {@code model} (and {@code tier}), in the provider's order; see
     * "Owners" above. Kling 3 lists per tier: without a tier, both lists, one after the other.
     */
    @Override
    public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
        return list(owner, model, tier, Cancellation.never());
    }

    /** A read whose caller may go, as {@link #status(Owner, TaskId, ModelTier, Cancellation)}. */
    @Override
    public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier, Cancellation cancellation) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        List<String> paths = FreepikPaths.all().stream()
                .filter(endpoints -> endpoints.model() == model && tier.map(only -> only == endpoints.tier()).orElse(true))
                .map(FreepikPaths.Endpoints::tasks)
                .distinct()
                .toList();
        CompletionStage<List<Task>> listed = CompletableFuture.completedFuture(List.of());
        for (String path : paths) {
            listed = listed.thenCompose(before -> call(owner, Operation.list(path), null, answers.tasks(), cancellation)
                    .thenApply(more -> Stream.concat(before.stream(), more.stream()).toList()));
        }
        return listed;
    }

    /**
     * The task with the upstream key replaced wherever the provider put it (its status, its generated URLs), as
     * every task this client returns is; for tasks the provider reports by other ways (its webhooks).
     */
    @Override
    public Task relayable(Task reported) {
        return answers.relayable(Objects.requireNonNull(reported, "reported"));
    }

    /**
     * One call of {@code operation} for {@code owner} (whose turn it waits for, fairly with other owners), its
     * answer read by {@code reader}, for a caller that may go ({@code cancellation}); its deadline counts from now.
     */
    <T> CompletionStage<T> call(Owner owner, Operation operation, Buffer body, ErrorPolicy.AnswerReader<T> reader,
            Cancellation cancellation) {
        long deadlineNanos = System.nanoTime() + settings.totalDeadline().toNanos();
        // Where the caller runs (an API request's context, with its request id): the call's log lines are written there.
        Context caller = Vertx.currentContext();
        Promise<T> result = Promise.promise();
        if (closed) {
            result.fail(ProviderCalls.closedFailure());
            return result.future().toCompletionStage();
        }
        calls.onComplete(ready -> {
            if (ready.failed()) {
                result.tryFail(new ProviderUnavailable(
                        "The Freepik client could not start: " + redactor.describe(ready.cause())));
                return;
            }
            home.context().runOnContext(v -> ready.result().start(owner, operation, body, reader, deadlineNanos,
                    result, cancellation, caller));
        });
        return result.future().toCompletionStage();
    }

    /** How many attempts wait in the queue for a slot now (for tests), read on the client's context. */
    Future<Integer> waitingForTurn() {
        return calls.compose(ready -> {
            Promise<Integer> waiting = Promise.promise();
            home.context().runOnContext(v -> waiting.complete(ready.limits.waiting()));
            return waiting.future();
        });
    }

    /**
     * Closes the client: calls waiting for their turn or for a retry fail {@link ProviderUnavailable}, a submit
     * already written fails {@link SubmissionUncertain}; then its HTTP client is closed. Later calls fail
     * {@link ProviderUnavailable}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        calls.onComplete(ready -> {
            if (ready.succeeded()) {
                home.context().runOnContext(v -> {
                    try {
                        ready.result().close();
                    } finally {
                        home.close();
                    }
                });
            }
        });
    }

    @Override
    public String toString() {
        return "FreepikVideoProvider[" + settings + "]";
    }
}
