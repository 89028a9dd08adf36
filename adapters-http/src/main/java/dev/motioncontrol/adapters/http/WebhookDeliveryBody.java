package dev.motioncontrol.adapters.http;

/**
 * How the delivery of a task's webhook stands, on the wire:
 * {@code {"task_id","webhook_url","state","attempts","last_attempt_at","last_status","last_error","next_attempt_at"}}.
 * Times are ISO-8601 instants; what is not known is {@code null} (written as JSON {@code null}).
 */
record WebhookDeliveryBody(
        String taskId,
        String webhookUrl,
        String state,
        int attempts,
        String lastAttemptAt,
        Integer lastStatus,
        String lastError,
        String nextAttemptAt) {
}
