package dev.motioncontrol.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.domain.TaskStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerTelemetryTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerTelemetry telemetry = new MicrometerTelemetry(registry);

    @Test
    void everyMeterIsThereAtZeroBeforeTheFirstEvent() {
        assertThat(registry.get(MicrometerTelemetry.TASKS).tag("status", "COMPLETED").counter().count()).isZero();
        assertThat(registry.get(MicrometerTelemetry.PROVIDER_CALLS).tag("operation", "submit")
                .tag("outcome", "unauthorized").timer().count()).isZero();
        assertThat(registry.get(MicrometerTelemetry.WEBHOOK_ATTEMPTS).tag("outcome", "given_up").counter().count())
                .isZero();
        assertThat(registry.get(MicrometerTelemetry.PREFLIGHT_CHECKS).tag("outcome", "rejected").counter().count())
                .isZero();
    }

    @Test
    void eachEventMovesItsOwnMeter() {
        telemetry.taskReached(TaskStatus.CREATED);
        telemetry.taskReached(TaskStatus.COMPLETED);
        telemetry.taskReached(TaskStatus.of("QUEUED"));
        telemetry.providerCallEnded(Telemetry.ProviderOperation.STATUS, Telemetry.ProviderOutcome.OK,
                Duration.ofMillis(120));
        telemetry.providerTurnWaited(Duration.ofMillis(300));
        telemetry.webhookAttempted(Telemetry.WebhookOutcome.DELIVERED);
        telemetry.mediaChecked(Telemetry.PreflightOutcome.PASSED);

        assertThat(registry.get(MicrometerTelemetry.TASKS).tag("status", "CREATED").counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerTelemetry.TASKS).tag("status", "COMPLETED").counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerTelemetry.TASKS).tag("status", "OTHER").counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerTelemetry.PROVIDER_CALLS).tag("operation", "status").tag("outcome", "ok")
                .timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
        assertThat(registry.get(MicrometerTelemetry.PROVIDER_TURN_WAIT).timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(300);
        assertThat(registry.get(MicrometerTelemetry.WEBHOOK_ATTEMPTS).tag("outcome", "delivered").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(MicrometerTelemetry.PREFLIGHT_CHECKS).tag("outcome", "passed").counter().count())
                .isEqualTo(1);
    }
}
