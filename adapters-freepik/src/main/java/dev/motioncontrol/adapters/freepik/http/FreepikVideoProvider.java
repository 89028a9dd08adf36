package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.InvalidRequest;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import dev.motioncontrol.application.MotionTransferFailure.SubmissionUncertain;
import dev.motioncontrol.application.MotionTransferFailure.Unauthorized;
import dev.motioncontrol.application.MotionTransferFailure.UnknownTask;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Violation;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLHandshakeException;

/**
 * The video provider at Freepik (or Magnific): Kling 2.6 Motion Control over HTTP, with one Vert.x
 * {@link HttpClient}. Submit posts to {@code /v1/ai/video/kling-v2-6-motion-control-{pro|std}} (the tier
 * chooses), status reads {@code /v1/ai/image-to-video/kling-v2-6/{task-id}}, list reads
 * {@code /v1/ai/image-to-video/kling-v2-6}, each under {@link FreepikSettings#baseUrl()} with the key in
 * {@link FreepikSettings#apiKeyHeader()}.
 *
 * <h2>Owners</h2>
 * The service calls the provider with one upstream key, so the provider sees one account: the
 * {@code owner} of each call is <em>not</em> sent upstream, and every caller can read every task of that
 * account through this class alone. Keeping each client to its own tasks is the application's job,
 * through its records of who submitted what.
 *
 * <h2>Error policy</h2>
 * Every stage completes, within {@link FreepikSettings#totalDeadline()}, with a value or with one of the
 * {@link MotionTransferFailure}s below; never with another exception, never later.
 * <ul>
 *   <li>400 → {@link InvalidRequest} carrying the provider's {@code invalid_params} as violations (field =
 *       {@code name}, reason = {@code reason}), read from the top level or from under {@code "problem"};
 *       without {@code invalid_params}, one violation of the field {@code request} with the provider's
 *       message.</li>
 *   <li>401 and 403 → {@link Unauthorized} ("The provider rejected the service's API key"); not retried.</li>
 *   <li>404 on a status → {@link UnknownTask}; on a submit or a list (a missing endpoint) →
 *       {@link ProviderUnavailable}.</li>
 *   <li>429 → {@link RateLimited} carrying {@code Retry-After} (seconds or an HTTP date) when present. Any
 *       call is retried after {@code Retry-After} (or after a backoff, without it) when that still fits in
 *       the total deadline; otherwise it fails rate limited at once.</li>
 *   <li>Reads (status, list): 5xx, per-attempt timeouts and connection errors (refused, reset, closed) are
 *       retried with exponential backoff and full jitter (a wait drawn uniformly below
 *       {@code min(retryBackoffMax, retryBackoffBase × 2^retry)}) while the next attempt fits in the total
 *       deadline; then {@link ProviderUnavailable}.</li>
 *   <li>Submits are retried <em>only</em> when they provably did not reach the provider: the connection
 *       could not be opened (refused, connect timeout, unknown host, no route, TLS handshake failed), or
 *       the provider answered 429 or 503. Every other failure of a submit — 500, 502, 504 and any other
 *       5xx, 1xx or 3xx, a timeout or a connection closed after the request was sent, an unreadable 2xx
 *       answer, the total deadline passing once the request may have been written — is
 *       {@link SubmissionUncertain}: the task may exist (and be charged), so list the tasks before
 *       submitting again. A submit never creates a second paid task behind the caller's back.</li>
 *   <li>Any other 4xx (402 when credits run out, 405, 409, 413, 422, ...) → {@link ProviderUnavailable}
 *       with the status and the provider's message; not retried (the provider refused the request, so a
 *       submit created nothing).</li>
 *   <li>A 2xx whose body is not the documented shape (not JSON, no {@code data}, no {@code task_id}, a
 *       {@code generated} that is not an array of absolute URLs) → {@link ProviderUnavailable} naming what
 *       was wrong, or {@link SubmissionUncertain} for a submit; not retried. A {@code status} the provider
 *       did not document is kept as it came ({@code TaskStatus.of}), never a failure.</li>
 *   <li>A call that cannot start before its deadline because of the client-side limits (below), or finds
 *       their wait queue full, fails {@link RateLimited}; nothing reached the provider.</li>
 * </ul>
 * The upstream API key appears in no failure message, no log line and no {@link #toString()}.
 *
 * <h2>Limits toward the provider</h2>
 * At most {@link FreepikSettings#requestsPerSecond()} requests per second on average with bursts of
 * {@link FreepikSettings#burst()}, and at most {@link FreepikSettings#maxConcurrentRequests()} in flight.
 * Every attempt, retries included, waits its turn without blocking a thread, in a queue of at most
 * {@link FreepikSettings#maxWaitingRequests()}.
 *
 * <h2>Timeouts</h2>
 * Opening a connection may take {@link FreepikSettings#connectTimeout()}; an attempt may wait
 * {@link FreepikSettings#requestTimeout()} for the provider to answer (Vert.x counts it from the last
 * byte received), and never beyond the call's total deadline: at the deadline the request is reset (its
 * connection closed) and its slot freed, however slowly its answer is still trickling in. An answer body
 * larger than {@link #MAX_ANSWER_BYTES} is not read: its connection is closed and the answer is unreadable.
 * Idle connections are kept {@value #KEEP_ALIVE_TIMEOUT_SECONDS} s, less than common load balancers keep them.
 *
 * <p>Safe for any number of threads and event loops; each call runs its steps on the Vert.x context it was
 * made on (or a new one, off Vert.x). No method throws for a failure at run time: each returns a stage that
 * fails with one of the failures above. {@link #close()} closes the HTTP client; calls made afterwards fail
 * {@link ProviderUnavailable}.
 *
 * <h2>Threads</h2>
 * Every returned stage completes on a Vert.x event loop (the one of the call's context). Continuations attached
 * to it without an executor ({@code thenApply}, {@code thenAccept}, {@code whenComplete}, ...) therefore run on
 * that event loop: they must not block, and in particular must not {@code join()} or {@code get()} another
 * stage of this client (or anything else that completes on the same event loop), which would deadlock it. Hand
 * blocking work to an executor ({@code thenApplyAsync(fn, executor)}) or to {@code executeBlocking}.
 *
 * <h2>Lifetime</h2>
 * The client lives until {@link #close()}, not as long as the verticle that created it or that makes a call:
 * its timers (deadlines, retry waits, the wake-ups of the request limits) are set on a context of its own,
 * which no deployment owns, and its {@link HttpClient} is created on that context too. (Vert.x 5 ties a timer
 * set with {@code vertx.setTimer} on a verticle's context, and an {@code HttpClient} created while a verticle's
 * context is current, to that verticle: undeploying it cancels the timers and closes the client.) So a call made
 * from a verticle still completes after the verticle is undeployed, and the client keeps serving other callers.
 */
public final class FreepikVideoProvider implements VideoProvider, AutoCloseable {

    /** The path of the submit endpoint, less the tier's suffix ({@code pro} or {@code std}). */
    public static final String SUBMIT_PATH_PREFIX = "/v1/ai/video/kling-v2-6-motion-control-";
    /** The path of the list endpoint; a task's status is below it, at {@code /{task-id}}. */
    public static final String TASKS_PATH = "/v1/ai/image-to-video/kling-v2-6";
    /** The largest answer body read; a larger one is cut off (its connection closed) and is unreadable. */
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /**
     * How long an idle pooled connection is kept: below the 60 s idle timeout of common load balancers, so
     * that it is this client, not the provider's side, that closes it, and a request is never written to a
     * connection the other side is closing (a submit would then be uncertain for nothing).
     */
    static final int KEEP_ALIVE_TIMEOUT_SECONDS = 20;
    /** The longest {@code Retry-After} taken as it is; a longer one is read as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    private static final System.Logger LOG = System.getLogger(FreepikVideoProvider.class.getName());
    private static final String REDACTED = "[redacted]";

    private final Vertx vertx;
    /** The client's own context, owned by no deployment: every timer is set on it (see "Lifetime"). */
    private final ContextInternal ownContext;
    private final FreepikSettings settings;
    private final String baseUrl;
    private final HttpClient client;
    private final RequestGate gate;
    private final ProviderJson json;
    private final long requestTimeoutMillis;
    private volatile boolean closed;

    /** A client of the provider described by {@code settings}, on {@code vertx} (which it does not close). */
    public FreepikVideoProvider(Vertx vertx, FreepikSettings settings) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.baseUrl = settings.baseUrl().toString();
        // Bounded by FreepikSettings (at most a day): these conversions cannot overflow.
        this.requestTimeoutMillis = Math.max(1, settings.requestTimeout().toMillis());
        this.json = new ProviderJson(settings.apiKey());
        if (!(vertx instanceof VertxInternal internal)) {
            throw new IllegalArgumentException("vertx must be a Vert.x instance made by Vertx.vertx() or a builder");
        }
        // A context of the client's own, not the caller's: no deployment owns it, so undeploying a verticle
        // neither cancels this client's timers nor closes its HttpClient (see "Lifetime").
        this.ownContext = internal.createEventLoopContext();
        this.client = createClientOn(ownContext, settings);
        this.gate = new RequestGate(ownContext, settings.requestsPerSecond(), settings.burst(),
                settings.maxConcurrentRequests(), settings.maxWaitingRequests());
    }

    /**
     * The HttpClient, created while {@code context} is the current context. Vert.x 5 closes a client when the
     * context current at its creation closes ({@code HttpClientBuilder} registers it with that context's
     * {@code closeFuture()}, falling back to Vert.x's own when there is none); a verticle's context closes on
     * undeploy, the client's own context only with Vert.x.
     */
    private static HttpClient createClientOn(ContextInternal context, FreepikSettings settings) {
        ContextInternal previous = context.beginDispatch();
        try {
            // The core HttpClient rather than a WebClient: a call must be able to reset its request (a trickling
            // answer would otherwise hold its slot) and to stop reading a body that is too large.
            return context.owner().createHttpClient(
                    new HttpClientOptions()
                            .setConnectTimeout((int) settings.connectTimeout().toMillis())
                            .setKeepAliveTimeout(KEEP_ALIVE_TIMEOUT_SECONDS),
                    // As many connections as requests in flight, so no request waits for a connection.
                    new PoolOptions().setHttp1MaxSize(settings.maxConcurrentRequests()));
        } finally {
            context.endDispatch(previous);
        }
    }

    /** The settings this client runs with. */
    public FreepikSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<Task> submit(ClientKey owner, MotionTransfer transfer) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(transfer, "transfer");
        Buffer body;
        try {
            body = ProviderJson.encode(WireMapper.INSTANCE.toSubmitBody(transfer));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failureOrUnavailable(e));
        }
        String path = SUBMIT_PATH_PREFIX + transfer.tier().pathSuffix();
        return new Call<>(true, HttpMethod.POST, path, body, null,
                answer -> WireMapper.INSTANCE.toTask(json.taskEnvelope(answer).data())).start();
    }

    @Override
    public CompletionStage<Task> status(ClientKey owner, TaskId taskId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(taskId, "taskId");
        // A task id holds only letters, digits, '-' and '_': safe in a path as it is.
        return new Call<>(false, HttpMethod.GET, TASKS_PATH + "/" + taskId.value(), null, taskId,
                answer -> WireMapper.INSTANCE.toTask(json.taskEnvelope(answer).data())).start();
    }

    /** Every task of the upstream account, in the provider's order; see "Owners" above. */
    @Override
    public CompletionStage<List<Task>> list(ClientKey owner) {
        Objects.requireNonNull(owner, "owner");
        return new Call<>(false, HttpMethod.GET, TASKS_PATH, null, null,
                answer -> WireMapper.INSTANCE.toTasks(json.taskListEnvelope(answer).data())).start();
    }

    /**
     * Closes the HTTP client; requests waiting for their turn, or admitted but not yet sent, fail
     * {@link ProviderUnavailable}; a submit already written fails {@link SubmissionUncertain}.
     */
    @Override
    public void close() {
        closed = true;
        gate.close();
        client.close();
    }

    @Override
    public String toString() {
        return "FreepikVideoProvider[" + settings + "]";
    }

    /** Reads a 2xx answer. */
    @FunctionalInterface
    private interface AnswerReader<T> {
        T read(Buffer body) throws ProviderJson.UnexpectedAnswer;
    }

    /** What one attempt came to. */
    private sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> {
        }

        record Failed<T>(MotionTransferFailure failure) implements Outcome<T> {
        }

        /** Worth another attempt after {@code retryAfter} (or a backoff); {@code failure} if there is none. */
        record Retry<T>(MotionTransferFailure failure, Optional<Duration> retryAfter, String reason)
                implements Outcome<T> {
        }
    }

    /**
     * Where a call is. Every attempt goes {@code QUEUED} (waiting for its turn at the gate) → {@code SENDING}
     * (admitted; connecting, then writing) → {@code ANSWERED} (the status line came; reading the body), then
     * to {@code BACKING_OFF} before another attempt, or to {@code DONE}. The call is {@code DONE} once its
     * outcome is decided, and only then: nothing is sent after it.
     */
    private enum Phase { QUEUED, SENDING, ANSWERED, BACKING_OFF, DONE }

    /**
     * One call: its attempts, their waits, and its deadline. Every change of its state happens under its lock,
     * where each decision is made together with the change it leads to; and every step runs on the Vert.x
     * context the call started on, so the steps of one call never run at once. What the lock decides is done
     * after it (releasing the permit, resetting the request, completing the stage).
     */
    private final class Call<T> {
        private final boolean submit;
        private final HttpMethod method;
        private final String path;
        private final Buffer body;
        private final TaskId taskId;
        private final AnswerReader<T> reader;
        private final long deadlineNanos;
        private final Context context;
        private final Promise<T> result = Promise.promise();

        // Guarded by this.
        private Phase phase = Phase.QUEUED;
        private int attempts;
        private MotionTransferFailure lastFailure;
        private RequestGate.Permit permit;
        private HttpClientRequest request;
        private boolean mayHaveBeenWritten;
        private int answeredStatus;
        private String answeredRetryAfter;
        private long deadlineTimer = -1;
        private long retryTimer = -1;

        Call(boolean submit, HttpMethod method, String path, Buffer body, TaskId taskId, AnswerReader<T> reader) {
            this.submit = submit;
            this.method = method;
            this.path = path;
            this.body = body;
            this.taskId = taskId;
            this.reader = reader;
            this.deadlineNanos = System.nanoTime() + settings.totalDeadline().toNanos();
            this.context = vertx.getOrCreateContext();
        }

        CompletionStage<T> start() {
            onContext(this::begin);
            return result.future().toCompletionStage();
        }

        /** Runs {@code step} on the call's context, later; whatever it throws ends the call. */
        private void onContext(Runnable step) {
            try {
                context.runOnContext(v -> guarded(step));
            } catch (RuntimeException e) {
                crashed(e);
            }
        }

        private void guarded(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                crashed(e);
            }
        }

        /** A step failed unexpectedly: the call ends, releasing what it holds, and says what it knows. */
        private void crashed(Throwable e) {
            Runnable end;
            synchronized (this) {
                boolean written = mayHaveBeenWritten && (phase == Phase.SENDING || phase == Phase.ANSWERED);
                end = endLocked(submit && written ? uncertain("the client failed: " + describe(e))
                        : failureOrUnavailable(e), null);
            }
            end.run();
        }

        private void begin() {
            long timer = ownContext.setTimer(Math.max(1, ceilMillis(deadlineNanos - System.nanoTime())),
                    id -> onContext(this::deadlinePassed));
            boolean done;
            synchronized (this) {
                done = phase == Phase.DONE;
                if (!done) {
                    deadlineTimer = timer;
                }
            }
            if (done) {
                vertx.cancelTimer(timer);
            } else {
                attempt();
            }
        }

        private void attempt() {
            synchronized (this) {
                if (phase == Phase.DONE) {
                    return;
                }
                phase = Phase.QUEUED;
                retryTimer = -1;
            }
            gate.enter(deadlineNanos).onComplete(admission -> {
                // The gate admits on whichever thread freed the slot: go on on the call's own context.
                if (admission.failed()) {
                    onContext(() -> refused(admission.cause()));
                    return;
                }
                RequestGate.Permit admitted = admission.result();
                try {
                    context.runOnContext(v -> {
                        try {
                            admitted(admitted);
                        } catch (RuntimeException | Error e) {
                            admitted.release();
                            crashed(e);
                        }
                    });
                } catch (RuntimeException e) {
                    admitted.release();
                    crashed(e);
                }
            });
        }

        /** The gate refused the attempt (its deadline passed in the queue, the queue was full, or it closed). */
        private void refused(Throwable cause) {
            Runnable end;
            synchronized (this) {
                if (phase != Phase.QUEUED) {
                    return;
                }
                // A call that never got its turn this time failed as it last did, or as rate limited.
                end = endLocked(lastFailure != null ? lastFailure : failure(cause), null);
            }
            end.run();
        }

        private void admitted(RequestGate.Permit admitted) {
            RequestOptions options = null;
            Runnable end = null;
            int attempt;
            synchronized (this) {
                if (phase != Phase.QUEUED) {
                    // The call ended while this attempt waited for its turn: it must send nothing.
                    end = admitted::release;
                } else {
                    // From here on, ending the call releases the permit.
                    permit = admitted;
                    long remainingNanos = deadlineNanos - System.nanoTime();
                    if (closed) {
                        end = endLocked(unavailable("The Freepik client is closed"), null);
                    } else if (remainingNanos <= 0) {
                        end = endLocked(lastFailure != null ? lastFailure : new RateLimited(Optional.empty()), null);
                    } else {
                        // Everything that could fail is computed before the attempt counts as sending.
                        options = requestOptions(Math.min(requestTimeoutMillis, ceilMillis(remainingNanos)));
                        attempts++;
                        mayHaveBeenWritten = false;
                        phase = Phase.SENDING;
                    }
                }
                attempt = attempts;
            }
            if (end != null) {
                end.run();
                return;
            }
            client.request(options).onComplete(connected -> onContext(() -> connected(attempt, connected)));
        }

        private RequestOptions requestOptions(long timeoutMillis) {
            RequestOptions options = new RequestOptions()
                    .setMethod(method)
                    .setAbsoluteURI(baseUrl + path)
                    // A redirect would carry the key to wherever it points.
                    .setFollowRedirects(false)
                    // Vert.x counts it from the last byte received; the deadline bounds the whole attempt.
                    .setIdleTimeout(timeoutMillis)
                    .putHeader("User-Agent", "motion-control")
                    .putHeader(settings.apiKeyHeader(), settings.apiKey())
                    .putHeader("Accept", "application/json");
            return body == null ? options : options.putHeader("Content-Type", "application/json");
        }

        /** A connection was opened (or not) for attempt {@code attempt}; nothing has been written yet. */
        private void connected(int attempt, AsyncResult<HttpClientRequest> connected) {
            if (connected.failed()) {
                settle(attempt, outcomeOfNoConnection(connected.cause()));
                return;
            }
            HttpClientRequest opened = connected.result();
            boolean send;
            Runnable end = null;
            synchronized (this) {
                send = phase == Phase.SENDING && attempts == attempt;
                if (send && closed) {
                    // Closed while connecting: nothing was sent, so the call ends as closed, not uncertain.
                    send = false;
                    end = endLocked(unavailable("The Freepik client is closed"), null);
                } else if (send) {
                    // Marked before the first byte can go: from now on the deadline finds the submit uncertain.
                    request = opened;
                    mayHaveBeenWritten = true;
                }
            }
            opened.exceptionHandler(ignored -> {
                // Reported through the response future or the response's own handlers.
            });
            if (!send) {
                // The call ended while connecting (or is ending now): nothing was sent, and nothing is.
                try {
                    opened.reset();
                } finally {
                    if (end != null) {
                        end.run();
                    }
                }
                return;
            }
            Future<HttpClientResponse> head = body == null ? opened.send() : opened.send(body);
            head.onComplete(answered -> {
                if (answered.failed()) {
                    onContext(() -> settle(attempt, outcomeOfNoAnswer(answered.cause())));
                } else {
                    // Not via onContext: the body's handlers must be set before its first byte is delivered.
                    try {
                        read(attempt, opened, answered.result());
                    } catch (RuntimeException | Error e) {
                        opened.reset();
                        onContext(() -> settle(attempt, outcomeOfNoAnswer(e)));
                    }
                }
            });
        }

        /** Reads the body of the answer to attempt {@code attempt}, up to {@link #MAX_ANSWER_BYTES}. */
        private void read(int attempt, HttpClientRequest sent, HttpClientResponse response) {
            int status = response.statusCode();
            String retryAfter = response.getHeader("Retry-After");
            synchronized (this) {
                if (phase == Phase.SENDING && attempts == attempt) {
                    phase = Phase.ANSWERED;
                    answeredStatus = status;
                    answeredRetryAfter = retryAfter;
                }
            }
            // Set first: a reset (by the deadline, or below) is reported here, not as an unhandled error.
            response.exceptionHandler(ignored -> {
            });
            if (declaredLength(response) > MAX_ANSWER_BYTES) {
                sent.reset();
                onContext(() -> settle(attempt, outcomeOf(status, retryAfter, null, true)));
                return;
            }
            BodyReceived received = new BodyReceived();
            response.handler(chunk -> {
                if (received.tooLarge) {
                    return;
                }
                if ((long) received.bytes.length() + chunk.length() > MAX_ANSWER_BYTES) {
                    received.tooLarge = true;
                    sent.reset();
                    onContext(() -> settle(attempt, outcomeOf(status, retryAfter, null, true)));
                } else {
                    received.bytes.appendBuffer(chunk);
                }
            });
            response.exceptionHandler(e -> {
                if (!received.tooLarge) {
                    onContext(() -> settle(attempt, outcomeOfNoAnswer(e)));
                }
            });
            response.endHandler(v -> {
                if (!received.tooLarge) {
                    onContext(() -> settle(attempt, outcomeOf(status, retryAfter, received.bytes, false)));
                }
            });
        }

        /** Attempt {@code attempt} came to {@code outcome}: the call ends, or waits to try again. */
        private void settle(int attempt, Outcome<T> outcome) {
            Runnable end = null;
            RequestGate.Permit freed = null;
            Outcome.Retry<T> retry = null;
            long delayMillis = 0;
            int retriesSoFar = 0;
            synchronized (this) {
                if ((phase != Phase.SENDING && phase != Phase.ANSWERED) || attempts != attempt) {
                    return; // News of an attempt whose outcome was already decided (by the deadline, say).
                }
                request = null; // Over: nothing left to reset.
                if (outcome instanceof Outcome.Done<T> done) {
                    end = endLocked(null, done.value());
                } else if (outcome instanceof Outcome.Failed<T> failed) {
                    end = endLocked(failed.failure(), null);
                } else {
                    retry = (Outcome.Retry<T>) outcome;
                    // Set before anything else can see the call between attempts.
                    lastFailure = retry.failure();
                    retriesSoFar = attempts - 1;
                    int retries = retriesSoFar;
                    Duration wait = retry.retryAfter().orElseGet(() -> Duration.ofMillis(backoffMillis(retries)));
                    long remainingNanos = deadlineNanos - System.nanoTime();
                    // Durations compared, not milliseconds: a long Retry-After cannot overflow anything.
                    if (wait.compareTo(Duration.ofNanos(Math.max(0, remainingNanos))) >= 0) {
                        end = endLocked(retry.failure(), null);
                    } else {
                        phase = Phase.BACKING_OFF;
                        freed = permit;
                        permit = null;
                        delayMillis = Math.max(1, wait.toMillis());
                    }
                }
            }
            if (end != null) {
                end.run();
                return;
            }
            freed.release();
            retryLater(retry, delayMillis, retriesSoFar);
        }

        private void retryLater(Outcome.Retry<T> retry, long delayMillis, int retriesSoFar) {
            LOG.log(Level.DEBUG, () -> oneLine(redacted("Retrying " + method + " " + path + " in " + delayMillis
                    + " ms after " + retry.reason() + " (attempt " + (retriesSoFar + 1) + ")")));
            long timer = ownContext.setTimer(delayMillis, id -> onContext(this::attempt));
            boolean stale;
            synchronized (this) {
                stale = phase != Phase.BACKING_OFF;
                if (!stale) {
                    retryTimer = timer;
                }
            }
            if (stale) {
                vertx.cancelTimer(timer);
            }
        }

        private long backoffMillis(int retriesSoFar) {
            long base = settings.retryBackoffBase().toMillis();
            long cap = settings.retryBackoffMax().toMillis();
            long ceiling = retriesSoFar >= 30 ? cap : Math.min(cap, base << retriesSoFar);
            return ThreadLocalRandom.current().nextLong(ceiling + 1);
        }

        private void deadlinePassed() {
            String waited = "within the total deadline of " + settings.totalDeadline().toMillis() + " ms";
            Runnable end;
            synchronized (this) {
                MotionTransferFailure failure;
                switch (phase) {
                    case DONE:
                        return;
                    case SENDING:
                        if (!mayHaveBeenWritten) {
                            // Still connecting: nothing reached the provider.
                            failure = lastFailure != null ? lastFailure
                                    : unavailable("Could not connect to the provider " + waited);
                        } else if (submit) {
                            failure = uncertain("no answer came " + waited);
                        } else {
                            failure = unavailable("The provider did not answer " + method + " " + path + " " + waited);
                        }
                        break;
                    case ANSWERED:
                        failure = answeredTooLate(waited);
                        break;
                    default:
                        // Queued or backing off: this attempt sent nothing.
                        failure = lastFailure != null ? lastFailure : new RateLimited(Optional.empty());
                        break;
                }
                end = endLocked(failure, null);
            }
            end.run();
        }

        /** The failure of an attempt whose status came but whose body did not, before the deadline. */
        private MotionTransferFailure answeredTooLate(String waited) {
            if (answeredStatus >= 200 && answeredStatus < 300) {
                String what = "the provider answered " + answeredStatus + " but its body did not arrive " + waited;
                return submit ? uncertain(what) : unavailable(capitalized(what));
            }
            Outcome<T> byStatus = outcomeOf(answeredStatus, answeredRetryAfter, null, false);
            if (byStatus instanceof Outcome.Failed<T> failed) {
                return failed.failure();
            }
            if (byStatus instanceof Outcome.Retry<T> retry) {
                return retry.failure();
            }
            return unavailable("The provider's answer did not arrive " + waited);
        }

        /**
         * Under the lock: makes the call {@code DONE} (once) and returns what is left to do after the lock:
         * cancel its timers, reset a request still in flight, release its permit, and complete its stage with
         * {@code failure} or, without one, {@code value}.
         */
        private Runnable endLocked(MotionTransferFailure failure, T value) {
            if (phase == Phase.DONE) {
                return () -> {
                };
            }
            phase = Phase.DONE;
            RequestGate.Permit heldPermit = permit;
            HttpClientRequest heldRequest = request;
            long[] timers = {deadlineTimer, retryTimer};
            permit = null;
            request = null;
            deadlineTimer = -1;
            retryTimer = -1;
            return () -> {
                try {
                    try {
                        for (long timer : timers) {
                            if (timer >= 0) {
                                vertx.cancelTimer(timer);
                            }
                        }
                        if (heldRequest != null) {
                            // Closes its connection: a trickling answer stops holding the slot.
                            heldRequest.reset();
                        }
                    } finally {
                        if (heldPermit != null) {
                            heldPermit.release();
                        }
                    }
                } finally {
                    // Whatever the clean-up above threw, the caller hears the outcome.
                    if (failure == null) {
                        result.tryComplete(value);
                    } else if (result.tryFail(failure) && failure instanceof SubmissionUncertain) {
                        LOG.log(Level.WARNING, () -> oneLine(redacted(failure.getMessage())));
                    }
                }
            };
        }

        private Outcome<T> outcomeOf(int status, String retryAfterHeader, Buffer answer, boolean tooLarge) {
            if (status >= 200 && status < 300) {
                try {
                    if (tooLarge) {
                        throw new ProviderJson.UnexpectedAnswer("it is larger than " + MAX_ANSWER_BYTES + " bytes");
                    }
                    return new Outcome.Done<>(reader.read(answer));
                } catch (ProviderJson.UnexpectedAnswer | RuntimeException e) {
                    String what = "the provider's answer (" + status + ") could not be read: " + e.getMessage();
                    return new Outcome.Failed<>(submit ? uncertain(what) : unavailable(capitalized(what)));
                }
            }
            ErrorBody error = tooLarge || answer == null ? ErrorBody.EMPTY : json.errorBody(answer);
            String said = error.message() == null ? "" : ": " + error.message();
            switch (status) {
                case 400:
                    return new Outcome.Failed<>(invalid(error));
                case 401:
                case 403:
                    return new Outcome.Failed<>(new Unauthorized(
                            "The provider rejected the service's API key (" + status + ")"));
                case 404:
                    return new Outcome.Failed<>(taskId != null ? new UnknownTask(taskId)
                            : unavailable("The provider has no endpoint " + method + " " + path + " (404" + said + ")"));
                case 429: {
                    Optional<Duration> retryAfter = retryAfter(retryAfterHeader);
                    return new Outcome.Retry<>(new RateLimited(retryAfter), retryAfter, "429" + said);
                }
                case 503:
                    return new Outcome.Retry<>(
                            unavailable("The provider is unavailable (503" + said + ")"),
                            retryAfter(retryAfterHeader), "503" + said);
                default:
                    break;
            }
            if (status >= 400 && status < 500) {
                return new Outcome.Failed<>(unavailable("The provider refused " + method + " " + path
                        + " (" + status + said + ")" + (submit ? "; no task was created" : "")));
            }
            String what = "the provider answered " + status + said;
            if (submit) {
                return new Outcome.Failed<>(uncertain(what));
            }
            if (status >= 500) {
                return new Outcome.Retry<>(unavailable("The provider failed: " + status + said), Optional.empty(),
                        String.valueOf(status));
            }
            return new Outcome.Failed<>(unavailable("The provider answered " + method + " " + path
                    + " with an unexpected status " + status));
        }

        /** No connection could be had: nothing was written, so even a submit may be tried again. */
        private Outcome<T> outcomeOfNoConnection(Throwable cause) {
            if (closed) {
                return new Outcome.Failed<>(unavailable("The Freepik client is closed"));
            }
            String what = describe(cause);
            return new Outcome.Retry<>(unavailable("Could not connect to the provider: " + what), Optional.empty(), what);
        }

        /** The request was (or may have been) written, and no complete answer came. */
        private Outcome<T> outcomeOfNoAnswer(Throwable cause) {
            String what = describe(cause);
            if (neverSent(cause)) {
                return new Outcome.Retry<>(unavailable("Could not connect to the provider: " + what),
                        Optional.empty(), what);
            }
            if (submit) {
                return new Outcome.Failed<>(uncertain("the request was sent, then " + what));
            }
            return new Outcome.Retry<>(unavailable("No answer from the provider: " + what), Optional.empty(), what);
        }

        private SubmissionUncertain uncertain(String what) {
            return new SubmissionUncertain(redacted("The submission may have created a task at the provider, but its"
                    + " outcome is unknown (" + what + "). List the tasks to look for it before submitting again."));
        }
    }

    /** The body of one answer as it arrives; touched only on the thread that delivers it. */
    private static final class BodyReceived {
        final Buffer bytes = Buffer.buffer();
        boolean tooLarge;
    }

    /** The answer's {@code Content-Length}, or -1 when it has none (or none that can be read). */
    private static long declaredLength(HttpClientResponse response) {
        String header = response.getHeader("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Nanoseconds as milliseconds, rounded up. */
    private static long ceilMillis(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    private static String oneLine(String text) {
        return ProviderJson.oneLine(text, 4 * ProviderJson.MESSAGE_LIMIT);
    }

    private InvalidRequest invalid(ErrorBody error) {
        List<Violation> violations = error.invalidParams().isEmpty()
                ? List.of(new Violation("request", error.message() == null
                        ? "The provider rejected the request" : error.message()))
                : WireMapper.INSTANCE.toViolations(error.invalidParams());
        return new InvalidRequest(violations.stream()
                .map(v -> new Violation(redacted(v.field()), redacted(v.reason())))
                .toList());
    }

    private ProviderUnavailable unavailable(String message) {
        return new ProviderUnavailable(redacted(message));
    }

    /** A failure of the limiter, or of this class itself, as one of the typed failures. */
    private ProviderUnavailable failureOrUnavailable(Throwable cause) {
        return unavailable("The call to the provider failed: " + describe(cause));
    }

    private MotionTransferFailure failure(Throwable cause) {
        return cause instanceof MotionTransferFailure typed ? typed : failureOrUnavailable(cause);
    }

    /** Whether {@code cause} says the connection failed before anything was written to it. */
    private static boolean neverSent(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            // Netty's connect timeout (io.netty.channel.ConnectTimeoutException) is a ConnectException too.
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || c instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /** The cause's class and message, on one line and cut short (it may quote what the provider sent). */
    private String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName()
                + (message == null ? "" : " (" + ProviderJson.oneLine(redacted(message), ProviderJson.MESSAGE_LIMIT) + ")");
    }

    /** The text with the API key, should it ever appear in it, replaced. */
    private String redacted(String text) {
        return text == null ? null : text.replace(settings.apiKey(), REDACTED);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * {@code Retry-After} in seconds or as an HTTP date, if present and readable; never negative, and never
     * more than {@link #MAX_RETRY_AFTER} (a longer one, however many digits it has, is read as that).
     */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Compared as text first: a number of any length is a wait, not an overflow.
            String digits = value.replaceFirst("^0+(?=.)", "");
            String max = String.valueOf(MAX_RETRY_AFTER.toSeconds());
            boolean tooLong = digits.length() > max.length()
                    || (digits.length() == max.length() && digits.compareTo(max) > 0);
            return Optional.of(tooLong ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(digits)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return Optional.of(until.isNegative() ? Duration.ZERO
                    : until.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : until);
        } catch (DateTimeParseException | ArithmeticException notADate) {
            return Optional.empty();
        }
    }
}
