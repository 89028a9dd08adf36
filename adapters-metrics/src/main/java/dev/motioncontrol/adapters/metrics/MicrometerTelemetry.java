package dev.motioncontrol.adapters.metrics;

import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.domain.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The service's telemetry as Micrometer meters (in Prometheus' names):
 *
 * <ul>
 *   <li>{@value #TASKS} {@code {status}}: tasks recorded in each status, once when created, then at each move;</li>
 *   <li>{@value #PROVIDER_CALLS} {@code {operation, outcome}}: calls to the provider and how long they took, retries
 *       included (a timer: {@code _count}, {@code _sum}, {@code _bucket});</li>
 *   <li>{@value #PROVIDER_TURN_WAIT}: how long each attempt waited for its turn under the account's rate limits;</li>
 *   <li>{@value #WEBHOOK_ATTEMPTS} {@code {outcome}}: attempts to deliver the clients' webhooks;</li>
 *   <li>{@value #PREFLIGHT_CHECKS} {@code {outcome}}: what the media preflight made of submissions' media.</li>
 * </ul>
 *
 * <p>Every meter is registered up front, each label value with it, so that a scrape shows zeros rather than nothing
 * before the first event, and so that recording never allocates.
 */
public final class MicrometerTelemetry implements Telemetry {

    public static final String TASKS = "motion_control_tasks";
    public static final String PROVIDER_CALLS = "motion_control_provider_calls";
    public static final String PROVIDER_TURN_WAIT = "motion_control_provider_turn_wait";
    public static final String WEBHOOK_ATTEMPTS = "motion_control_webhook_attempts";
    public static final String PREFLIGHT_CHECKS = "motion_control_preflight_checks";

    /** The statuses the provider documents; another one it reports counts as {@code OTHER}, to bound the labels. */
    private static final List<TaskStatus> KNOWN = List.of(TaskStatus.CREATED, TaskStatus.IN_PROGRESS,
            TaskStatus.COMPLETED, TaskStatus.FAILED);

    private final Map<TaskStatus, Counter> tasks = new HashMap<>();
    private final Counter otherTasks;
    private final Map<ProviderOperation, Map<ProviderOutcome, Timer>> providerCalls =
            new EnumMap<>(ProviderOperation.class);
    private final Timer turnWait;
    private final Map<WebhookOutcome, Counter> webhooks = new EnumMap<>(WebhookOutcome.class);
    private final Map<PreflightOutcome, Counter> preflight = new EnumMap<>(PreflightOutcome.class);

    public MicrometerTelemetry(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (TaskStatus status : KNOWN) {
            tasks.put(status, taskCounter(registry, status.name()));
        }
        otherTasks = taskCounter(registry, "OTHER");
        for (ProviderOperation operation : ProviderOperation.values()) {
            Map<ProviderOutcome, Timer> byOutcome = new EnumMap<>(ProviderOutcome.class);
            for (ProviderOutcome outcome : ProviderOutcome.values()) {
                byOutcome.put(outcome, Timer.builder(PROVIDER_CALLS)
                        .description("Calls to the provider, retries included, by how they ended")
                        .tag("operation", label(operation)).tag("outcome", label(outcome))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
                        .register(registry));
            }
            providerCalls.put(operation, byOutcome);
        }
        turnWait = Timer.builder(PROVIDER_TURN_WAIT)
                .description("How long attempts of calls to the provider waited for their turn under the rate limits")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        for (WebhookOutcome outcome : WebhookOutcome.values()) {
            webhooks.put(outcome, Counter.builder(WEBHOOK_ATTEMPTS).description("Attempts to deliver clients' webhooks")
                    .tag("outcome", label(outcome)).register(registry));
        }
        for (PreflightOutcome outcome : PreflightOutcome.values()) {
            preflight.put(outcome, Counter.builder(PREFLIGHT_CHECKS)
                    .description("Submissions' media as the preflight judged them").tag("outcome", label(outcome))
                    .register(registry));
        }
    }

    private static Counter taskCounter(MeterRegistry registry, String status) {
        return Counter.builder(TASKS).description("Tasks recorded in each status: at creation, then at each move")
                .tag("status", status).register(registry);
    }

    @Override
    public void taskReached(TaskStatus status) {
        tasks.getOrDefault(status, otherTasks).increment();
    }

    @Override
    public void providerCallEnded(ProviderOperation operation, ProviderOutcome outcome, Duration took) {
        providerCalls.get(operation).get(outcome).record(took);
    }

    @Override
    public void providerTurnWaited(Duration waited) {
        turnWait.record(waited);
    }

    @Override
    public void webhookAttempted(WebhookOutcome outcome) {
        webhooks.get(outcome).increment();
    }

    @Override
    public void mediaChecked(PreflightOutcome outcome) {
        preflight.get(outcome).increment();
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
