package dev.motioncontrol.junit5;

import dev.motioncontrol.adapters.freepik.fake.FakeProviderControl;
import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.freepik.fake.SubmitFailure;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.service.RetryPlan;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import dev.motioncontrol.library.MotionControl;
import dev.motioncontrol.server.MotionControlServer;
import dev.motioncontrol.server.ServerConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A test's handle on the fake service {@link MotionControlFake} started for its class: where to reach it, and how to
 * drive it.
 *
 * <ul>
 *   <li>{@link #baseUrl()} and {@link #apiKey()} for any HTTP client; {@link #library()} for the same service as a
 *       Java library (in either mode).</li>
 *   <li>{@link #complete} and {@link #fail} end a task now: every way of asking (a status, a list, a live status
 *       stream, an await) finds it ended as soon as the call returns, and its webhook is under way.</li>
 *   <li>{@link #advanceClock} moves the clock the fake and the service read, which stands still otherwise: tasks move
 *       along their delays as it says. See there for what it does not do.</li>
 *   <li>{@link #failNextSubmit} makes the next submission fail as the provider can (429, 503, 402, 500).</li>
 *   <li>{@link #webhooksSent()} and {@link #awaitWebhook} read the webhooks the service sent, which are recorded rather
 *       than posted, and answered with {@link #answerWebhooksWith}'s status (200 by default).</li>
 *   <li>{@link #reset()} forgets armed failures and recorded webhooks (done before each test).</li>
 * </ul>
 * Safe for any number of threads. Once its class is over, the service is stopped and every method but the accessors
 * fails.
 */
public final class FakeMotionControl {

    /** How often the service reads its store for webhooks that fell due unheard (a retry whose wait the clock passed). */
    public static final Duration WEBHOOK_SWEEP = Duration.ofMillis(100);
    /** How long {@link #awaitWebhook} waits, and the handle waits for the service to take a change. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    /** The key {@link #apiKey()} gives when the service accepts any. */
    public static final String DEFAULT_API_KEY = "motion-control-test-key";

    /** Where the fake's videos are said to be when no HTTP server serves them. */
    private static final URI LIBRARY_MEDIA = URI.create("https://media.example.com/");
    private static final Duration START_AND_STOP = Duration.ofSeconds(60);

    private final Optional<MotionControlServer> server;
    private final MotionControl library;
    private final FakeClock clock;
    private final FakeProviderControl control;
    private final WebhookRecorder webhooks;
    private final WebhookSecret webhookSecret;
    private final String apiKey;
    private volatile boolean stopped;

    private FakeMotionControl(Optional<MotionControlServer> server, MotionControl library, FakeClock clock,
            FakeProviderControl control, WebhookRecorder webhooks, WebhookSecret webhookSecret, String apiKey) {
        this.server = server;
        this.library = library;
        this.clock = clock;
        this.control = control;
        this.webhooks = webhooks;
        this.webhookSecret = webhookSecret;
        this.apiKey = apiKey;
    }

    /** Starts the fake service {@code wanted} describes. Blocks until it serves. */
    static FakeMotionControl start(MotionControlFake wanted) {
        List<String> keys = clientKeys(wanted.clientKeys());
        Duration queued = delay(wanted.queueDelayMillis(), "queueDelayMillis");
        Duration generating = delay(wanted.generationDelayMillis(), "generationDelayMillis");
        FakeClock clock = new FakeClock();
        FakeProviderControl control = new FakeProviderControl();
        WebhookSecret secret = WebhookSecret.parse(ServerConfig.Webhooks.FAKE_MODE_SECRET);
        WebhookRecorder webhooks = new WebhookRecorder(secret, clock);
        UnaryOperator<FakeProviderSettings> fake = settings -> settings.withQueueDelay(queued)
                .withGenerationDelay(generating).withControl(control);
        String apiKey = keys.isEmpty() ? DEFAULT_API_KEY : keys.get(0);
        if (!wanted.http()) {
            MotionControl library = MotionControl.builder()
                    .time(clock)
                    .fake(fake.apply(FakeProviderSettings.defaults(LIBRARY_MEDIA)))
                    .webhooks(webhooks, RetryPlan.DEFAULT)
                    .webhookSweep(WEBHOOK_SWEEP)
                    .acceptedKeys(keys.isEmpty() ? AcceptedClientKeys.any()
                            : AcceptedClientKeys.only(new LinkedHashSet<>(keys)))
                    .build();
            return new FakeMotionControl(Optional.empty(), library, clock, control, webhooks, secret, apiKey);
        }
        Map<String, String> environment = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "WEBHOOK_SWEEP_EVERY", WEBHOOK_SWEEP.toMillis() + "ms"));
        if (!keys.isEmpty()) {
            environment.put("CLIENT_API_KEYS", String.join(",", keys));
        }
        ServerConfig config = ServerConfig.from(environment);
        RetryPlan retries = new RetryPlan(config.webhooks().retryWaits());
        MotionControlServer server = await(MotionControlServer.start(config, builder -> builder
                .time(clock)
                .adjustFake(fake)
                .webhooks(webhooks, retries)).toCompletionStage(), START_AND_STOP, "the fake service's start");
        return new FakeMotionControl(Optional.of(server), server.library(), clock, control, webhooks, secret, apiKey);
    }

    /**
     * The service's root, {@code http://localhost:<port>/} (it listens on 127.0.0.1): API paths resolve against it
     * ({@code baseUrl().resolve("v1/ai/video/kling-v2-6-motion-control-pro")}). Throws
     * {@link IllegalStateException} when the service runs without HTTP.
     */
    public URI baseUrl() {
        return server.map(MotionControlServer::baseUrl).orElseThrow(() -> new IllegalStateException(
                "this fake runs without HTTP (@MotionControlFake(http = false)): use library()"));
    }

    /** A key the service accepts: the first of {@link MotionControlFake#clientKeys()}, else {@value #DEFAULT_API_KEY}. */
    public String apiKey() {
        return apiKey;
    }

    /** {@link #apiKey()} as the library's callers name it. */
    public ClientKey clientKey() {
        return new ClientKey(apiKey);
    }

    /** The service as a Java library: the very one behind the HTTP API when it has one. */
    public MotionControl library() {
        return library;
    }

    /** What the fake's clock reads now. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * The clock the fake and the service read, as a {@link Clock} (for the code under test, or a
     * {@link WebhookVerifier} of your own): it moves only with {@link #advanceClock}.
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Moves the clock forward by {@code duration}, and returns once the service has taken every task move that makes:
     * a status, a list, a live status stream and an await find each task where its delays (and
     * {@link dev.motioncontrol.adapters.freepik.fake.FakeVideoProvider#SLOW_MARKER markers}) put it, and the webhooks of
     * those that finished are under way. Their webhooks and the service's records bear the new time.
     *
     * <p>It does not run the service's own timers, which keep real time: the background polls, and the sweeps that
     * find webhook retries fallen due (every {@link #WEBHOOK_SWEEP}: a retry whose wait the clock passed goes within
     * that), nor the timeouts of HTTP requests and awaits. The clock never moves back. Past the fake's task lifetime
     * (24 h) its tasks are forgotten, as the provider's are: unknown from then on.
     */
    public void advanceClock(Duration duration) {
        running();
        clock.advance(duration);
        await(control.clockMoved(), WAIT, "the service taking the moves of the clock");
    }

    /**
     * Ends the task {@code COMPLETED} now, with its one generated video; returns once the service has recorded it, so
     * that every way of asking finds it completed, and its webhook (if it has one) is under way. Throws
     * {@link IllegalArgumentException} for a task the fake does not have, {@link IllegalStateException} for one that
     * already ended {@code FAILED}.
     */
    public Task complete(String taskId) {
        running();
        return await(control.complete(new TaskId(taskId)), WAIT, "the service recording task " + taskId);
    }

    /** {@link #complete(String)} of a task the library returned. */
    public Task complete(TaskId taskId) {
        return complete(taskId.value());
    }

    /**
     * Ends the task {@code FAILED} now, without a video (the provider says no more of why), as {@link #complete} ends it
     * completed. Throws {@link IllegalStateException} for a task that already ended {@code COMPLETED}.
     */
    public Task fail(String taskId) {
        running();
        return await(control.fail(new TaskId(taskId)), WAIT, "the service recording task " + taskId);
    }

    /** {@link #fail(String)} of a task the library returned. */
    public Task fail(TaskId taskId) {
        return fail(taskId.value());
    }

    /**
     * Makes the next submission fail with {@code failure}, as the service reports the provider's answer (429, 503 and
     * 402 are answered with the same status, a 500 with 502 "may have created"), creating nothing; each call arms one
     * more, used in order.
     */
    public void failNextSubmit(SubmitFailure failure) {
        running();
        control.failNextSubmit(failure);
    }

    /** The webhooks the service sent since the last {@link #reset()}, in the order sent. */
    public List<SentWebhook> webhooksSent() {
        return webhooks.sent();
    }

    /**
     * The first webhook the service sent about {@code taskId} since the last reset, waiting for it up to {@link #WAIT};
     * fails with an {@link AssertionError} if none comes.
     */
    public SentWebhook awaitWebhook(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return awaitWebhook(webhook -> webhook.taskId().equals(taskId), "about task " + taskId);
    }

    /**
     * The first webhook the service sent since the last reset that is {@code wanted} (a retry: answered with 204),
     * waiting for it up to {@link #WAIT}; fails with an {@link AssertionError} if none comes.
     */
    public SentWebhook awaitWebhook(Predicate<SentWebhook> wanted) {
        return awaitWebhook(Objects.requireNonNull(wanted, "wanted"), "as wanted");
    }

    private SentWebhook awaitWebhook(Predicate<SentWebhook> wanted, String which) {
        running();
        try {
            return webhooks.first(wanted).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | CancellationException | ExecutionException e) {
            throw new AssertionError("no webhook " + which + " was sent within " + WAIT.toSeconds() + " s; sent: "
                    + webhooks.sent().stream().map(sent -> sent.taskId() + " " + sent.taskStatus() + " answered "
                    + sent.responseStatus()).collect(Collectors.joining(", ", "[", "]")), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a webhook " + which, e);
        }
    }

    /** {@link #awaitWebhook(String)} of a task the library returned. */
    public SentWebhook awaitWebhook(TaskId taskId) {
        return awaitWebhook(taskId.value());
    }

    /**
     * From now on, the webhooks are answered with {@code status} for their receiver: a 2xx delivers one, 410 stops it,
     * anything else has it retried after the service's waits (5 s, 5 min, … of the fake's clock), then given up.
     */
    public void answerWebhooksWith(int status) {
        webhooks.answerWith(status);
    }

    /** The secret the service signs its webhooks with: the service's published development secret. */
    public String webhookSecret() {
        return ServerConfig.Webhooks.FAKE_MODE_SECRET;
    }

    /** A verifier of the service's webhooks: its secret, and the fake's clock to judge their timestamps by. */
    public WebhookVerifier webhookVerifier() {
        return new WebhookVerifier(List.of(webhookSecret), WebhookVerifier.DEFAULT_TOLERANCE, clock);
    }

    /**
     * Forgets the submission failures armed and not used, and the webhooks sent; webhooks are answered with 200 again.
     * The tasks, how they ended and the clock stay as they are. Done before each test.
     */
    public void reset() {
        control.reset();
        webhooks.reset();
    }

    /** Stops the service; the handle is of no more use. Waits up to a minute; safe to call more than once. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (server.isPresent()) {
            await(server.get().close().toCompletionStage(), START_AND_STOP, "the fake service's stop");
        } else {
            library.close();
        }
    }

    private void running() {
        if (stopped) {
            throw new IllegalStateException("the fake service was stopped at the end of its test class");
        }
    }

    private static List<String> clientKeys(String[] keys) {
        for (String key : keys) {
            if (key.isBlank() || key.contains(",") || !key.strip().equals(key)) {
                throw new IllegalArgumentException("@MotionControlFake(clientKeys) are non-blank, without commas or "
                        + "surrounding spaces");
            }
        }
        return List.of(keys);
    }

    private static Duration delay(long millis, String attribute) {
        if (millis < 0) {
            throw new IllegalArgumentException("@MotionControlFake(" + attribute + ") must not be negative, was "
                    + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** What {@code stage} completes with, within {@code limit}; its own failure rethrown as it is. */
    private static <T> T await(CompletionStage<T> stage, Duration limit, String what) {
        try {
            return stage.toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + limit.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
