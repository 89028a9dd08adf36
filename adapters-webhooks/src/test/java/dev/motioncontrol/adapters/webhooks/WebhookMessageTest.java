package dev.motioncontrol.adapters.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {

    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_ZmFrZS1tb2RlLWRldmVsb3BtZW50LXNlY3JldCE=");
    private static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");
    private static final Task COMPLETED = new Task(new TaskId("3f1a2b4c-0000-4000-8000-00000000abcd"),
            TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")));

    @Test
    void carriesTheProvidersPayloadAndHeadersAReceiverVerifies() {
        WebhookMessage message = WebhookMessage.of(SECRET, COMPLETED, AT);

        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"task_id\":"
                + "\"3f1a2b4c-0000-4000-8000-00000000abcd\",\"status\":\"COMPLETED\","
                + "\"generated\":[\"https://cdn.example.com/v.mp4\"]}");
        assertThat(message.headers()).containsKeys("content-type", "webhook-id", "webhook-timestamp",
                "webhook-signature");
        assertThat(message.headers()).containsEntry("webhook-id", "msg_3f1a2b4c-0000-4000-8000-00000000abcd_COMPLETED")
                .containsEntry("webhook-timestamp", Long.toString(AT.getEpochSecond()));
        assertThat(new WebhookVerifier(List.of(SECRET), WebhookVerifier.DEFAULT_TOLERANCE,
                Clock.fixed(AT, ZoneOffset.UTC)).verify(message.headers(), message.body()).isVerified()).isTrue();
    }

    @Test
    void itsBodyIsTheCallersToChange() {
        WebhookMessage message = WebhookMessage.of(SECRET, COMPLETED, AT);

        message.body()[0] = 'X';

        assertThat(message.body()[0]).isEqualTo((byte) '{');
    }
}
