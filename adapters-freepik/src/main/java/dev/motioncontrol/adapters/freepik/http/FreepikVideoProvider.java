package dev.motioncontrol.adapters.freepik.http;

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
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLHandshakeException;

/**
 * The video provider at Freepik (or Magnific): Kling 2.6 Motion Control over HTTP, with one Vert.x
 * {@link WebClient}. Submit posts to {@code /v1/ai/video/kling-v2-6-motion-control-{pro|std}} (the tier
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
 *       answer, the total deadline passing while the request is in flight — is
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
 * byte received), and never beyond the call's total deadline.
 *
 * <p>Safe for any number of threads and event loops. {@link #close()} closes the {@code WebClient}; calls
 * made afterwards fail {@link ProviderUnavailable}.
 */
public final class FreepikVideoProvider implements VideoProvider, AutoCloseable {

    /** The path of the submit endpoint, less the tier's suffix ({@code pro} or {@code std}). */
    public static final String SUBMIT_PATH_PREFIX = "/v1/ai/video/kling-v2-6-motion-control-";
    /** The path of the list endpoint; a task's status is below it, at {@code /{task-id}}. */
    public static final String TASKS_PATH = "/v1/ai/image-to-video/kling-v2-6";

    private static final System.Logger LOG = System.getLogger(FreepikVideoProvider.class.getName());
    private static final String REDACTED = "[redacted]";

    private final Vertx vertx;
    private final FreepikSettings settings;
    private final String baseUrl;
    private final WebClient client;
    private final RequestGate gate;

    /** A client of the provider described by {@code settings}, on {@code vertx} (which it does not close). */
    public FreepikVideoProvider(Vertx vertx, FreepikSettings settings) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.baseUrl = settings.baseUrl().toString();
        this.client = WebClient.create(vertx,
                new WebClientOptions()
                        .setConnectTimeout((int) settings.connectTimeout().toMillis())
                        // A redirect would carry the key to wherever it points.
                        .setFollowRedirects(false)
                        .setUserAgent("motion-control"),
                // As many connections as requests in flight, so no request waits for a connection.
                new PoolOptions().setHttp1MaxSize(settings.maxConcurrentRequests()));
        this.gate = new RequestGate(vertx, settings.requestsPerSecond(), settings.burst(),
                settings.maxConcurrentRequests(), settings.maxWaitingRequests());
    }

    /** The settings this client runs with. */
    public FreepikSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<Task> submit(ClientKey owner, MotionTransfer transfer) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(transfer, "transfer");
        Buffer body = ProviderJson.encode(WireMapper.INSTANCE.toSubmitBody(transfer));
        String path = SUBMIT_PATH_PREFIX + transfer.tier().pathSuffix();
        return new Call<>(true, HttpMethod.POST, path, body, null,
                answer -> WireMapper.INSTANCE.toTask(ProviderJson.taskEnvelope(answer).data())).start();
    }

    @Override
    public CompletionStage<Task> status(ClientKey owner, TaskId taskId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(taskId, "taskId");
        // A task id holds only letters, digits, '-' and '_': safe in a path as it is.
        return new Call<>(false, HttpMethod.GET, TASKS_PATH + "/" + taskId.value(), null, taskId,
                answer -> WireMapper.INSTANCE.toTask(ProviderJson.taskEnvelope(answer).data())).start();
    }

    /** Every task of the upstream account, in the provider's order; see "Owners" above. */
    @Override
    public CompletionStage<List<Task>> list(ClientKey owner) {
        Objects.requireNonNull(owner, "owner");
        return new Call<>(false, HttpMethod.GET, TASKS_PATH, null, null,
                answer -> WireMapper.INSTANCE.toTasks(ProviderJson.taskListEnvelope(answer).data())).start();
    }

    /** Closes the {@code WebClient}; requests waiting for their turn fail {@link ProviderUnavailable}. */
    @Override
    public void close() {
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

    /** One call: its attempts, their waits, and its deadline. */
    private final class Call<T> {
        private final boolean submit;
        private final HttpMethod method;
        private final String path;
        private final Buffer body;
        private final TaskId taskId;
        private final AnswerReader<T> reader;
        private final long deadlineNanos;
        private final Promise<T> result = Promise.promise();

        // Guarded by this.
        private int attempts;
        private boolean requestInFlight;
        private MotionTransferFailure lastFailure;
        private long deadlineTimer = -1;

        Call(boolean submit, HttpMethod method, String path, Buffer body, TaskId taskId, AnswerReader<T> reader) {
            this.submit = submit;
            this.method = method;
            this.path = path;
            this.body = body;
            this.taskId = taskId;
            this.reader = reader;
            this.deadlineNanos = System.nanoTime() + settings.totalDeadline().toNanos();
        }

        CompletionStage<T> start() {
            long timer = vertx.setTimer(Math.max(1, settings.totalDeadline().toMillis()), id -> deadlinePassed());
            synchronized (this) {
                deadlineTimer = timer;
            }
            attempt();
            return result.future().toCompletionStage();
        }

        private void attempt() {
            if (result.future().isComplete()) {
                return;
            }
            gate.enter(deadlineNanos).onComplete(admission -> {
                if (admission.failed()) {
                    MotionTransferFailure previous;
                    synchronized (this) {
                        previous = lastFailure;
                    }
                    // A call that never got its turn this time failed as it last did, or as rate limited.
                    finish(previous != null ? previous : failure(admission.cause()));
                } else {
                    send(admission.result());
                }
            });
        }

        private void send(RequestGate.Permit permit) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            synchronized (this) {
                if (result.future().isComplete() || remainingMillis <= 0) {
                    permit.release();
                    return;
                }
                attempts++;
                requestInFlight = true;
            }
            long timeoutMillis = Math.max(1, Math.min(settings.requestTimeout().toMillis(), remainingMillis));
            Future<HttpResponse<Buffer>> answer;
            try {
                HttpRequest<Buffer> request = client.requestAbs(method, baseUrl + path)
                        .putHeader(settings.apiKeyHeader(), settings.apiKey())
                        .putHeader("Accept", "application/json")
                        .idleTimeout(timeoutMillis);
                answer = body == null
                        ? request.send()
                        : request.putHeader("Content-Type", "application/json").sendBuffer(body);
            } catch (RuntimeException e) {
                // The WebClient refused to build the request (a closed client): nothing was sent.
                answer = Future.failedFuture(e);
            }
            answer.onComplete(response -> {
                permit.release();
                synchronized (this) {
                    requestInFlight = false;
                }
                if (!result.future().isComplete()) {
                    handle(outcomeOf(response));
                }
            });
        }

        private void handle(Outcome<T> outcome) {
            if (outcome instanceof Outcome.Done<T> done) {
                complete(done.value());
            } else if (outcome instanceof Outcome.Failed<T> failed) {
                finish(failed.failure());
            } else if (outcome instanceof Outcome.Retry<T> retry) {
                retryLater(retry);
            }
        }

        private void retryLater(Outcome.Retry<T> retry) {
            int retriesSoFar;
            synchronized (this) {
                lastFailure = retry.failure();
                retriesSoFar = attempts - 1;
            }
            long delayMillis = retry.retryAfter().map(Duration::toMillis).orElseGet(() -> backoffMillis(retriesSoFar));
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (delayMillis >= remainingMillis) {
                finish(retry.failure());
                return;
            }
            LOG.log(Level.DEBUG, () -> redacted("Retrying " + method + " " + path + " in " + delayMillis + " ms after "
                    + retry.reason() + " (attempt " + (retriesSoFar + 1) + ")"));
            vertx.setTimer(Math.max(1, delayMillis), id -> attempt());
        }

        private long backoffMillis(int retriesSoFar) {
            long base = settings.retryBackoffBase().toMillis();
            long cap = settings.retryBackoffMax().toMillis();
            long ceiling = retriesSoFar >= 30 ? cap : Math.min(cap, base << retriesSoFar);
            return ThreadLocalRandom.current().nextLong(ceiling + 1);
        }

        private void deadlinePassed() {
            boolean inFlight;
            MotionTransferFailure previous;
            synchronized (this) {
                inFlight = requestInFlight;
                previous = lastFailure;
            }
            String waited = "within the total deadline of " + settings.totalDeadline().toMillis() + " ms";
            if (inFlight && submit) {
                finish(uncertain("no answer came " + waited));
            } else if (inFlight) {
                finish(new ProviderUnavailable("The provider did not answer " + method + " " + path + " " + waited));
            } else if (previous != null) {
                finish(previous);
            } else {
                finish(new RateLimited(Optional.empty()));
            }
        }

        private Outcome<T> outcomeOf(AsyncResult<HttpResponse<Buffer>> response) {
            if (response.failed()) {
                return outcomeOfNoAnswer(response.cause());
            }
            HttpResponse<Buffer> answer = response.result();
            int status = answer.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return new Outcome.Done<>(reader.read(answer.body()));
                } catch (ProviderJson.UnexpectedAnswer | RuntimeException e) {
                    String what = "the provider's answer (" + status + ") could not be read: " + e.getMessage();
                    return new Outcome.Failed<>(submit ? uncertain(what) : unavailable(capitalized(what)));
                }
            }
            ErrorBody error = ProviderJson.errorBody(answer.body());
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
                    Optional<Duration> retryAfter = retryAfter(answer.getHeader("Retry-After"));
                    return new Outcome.Retry<>(new RateLimited(retryAfter), retryAfter, "429" + said);
                }
                case 503:
                    return new Outcome.Retry<>(
                            unavailable("The provider is unavailable (503" + said + ")"),
                            retryAfter(answer.getHeader("Retry-After")), "503" + said);
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

        private void complete(T value) {
            cancelDeadline();
            result.tryComplete(value);
        }

        private void finish(MotionTransferFailure failure) {
            cancelDeadline();
            if (result.tryFail(failure) && failure instanceof SubmissionUncertain) {
                LOG.log(Level.WARNING, () -> redacted(failure.getMessage()));
            }
        }

        private void cancelDeadline() {
            long timer;
            synchronized (this) {
                timer = deadlineTimer;
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        private SubmissionUncertain uncertain(String what) {
            return new SubmissionUncertain(redacted("The submission may have created a task at the provider, but its"
                    + " outcome is unknown (" + what + "). List the tasks to look for it before submitting again."));
        }
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

    private String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    /** The text with the API key, should it ever appear in it, replaced. */
    private String redacted(String text) {
        return text == null ? null : text.replace(settings.apiKey(), REDACTED);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** {@code Retry-After} in seconds or as an HTTP date, if present and readable; never negative. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
