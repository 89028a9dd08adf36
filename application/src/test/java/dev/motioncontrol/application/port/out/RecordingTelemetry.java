package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Telemetry that keeps what it is told, in order, as short words ({@code task:CREATED}, {@code webhook:DELIVERED}). */
public final class RecordingTelemetry implements Telemetry {

    private final List<String> told = new CopyOnWriteArrayList<>();

    public List<String> told() {
        return List.copyOf(told);
    }

    @Override
    public void taskReached(TaskStatus status) {
        told.add("task:" + status.name());
    }

    @Override
    public void providerCallEnded(ProviderOperation operation, ProviderOutcome outcome, Duration took) {
        told.add("provider:" + operation + ":" + outcome);
    }

    @Override
    public void providerTurnWaited(Duration waited) {
        told.add("turn");
    }

    @Override
    public void webhookAttempted(WebhookOutcome outcome) {
        told.add("webhook:" + outcome);
    }

    @Override
    public void mediaChecked(PreflightOutcome outcome) {
        told.add("preflight:" + outcome);
    }
}
