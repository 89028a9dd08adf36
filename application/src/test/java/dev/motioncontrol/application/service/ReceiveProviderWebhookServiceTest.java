package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.TaskRecords;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.Outcome;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.ProviderWebhook;
import dev.motioncontrol.application.port.out.MapTaskRecords;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.webhook.SignedWebhook;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookSigner;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceiveProviderWebhookServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final ClientKey OWNER = new ClientKey("owner");

    private final MapTaskRecords records = new MapTaskRecords();
    private final TaskChanges changes = new TaskChanges();
    private final ReceiveProviderWebhookService receiver = new ReceiveProviderWebhookService(
            WebhookVerifier.of(SECRET).withClock(Clock.fixed(NOW, ZoneOffset.UTC)), new TaskReports(records, changes));
    private final TaskId id = TaskId.random();
    private final Task completed = new Task(id, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")));

    @Test
    void anAuthenticWebhookCompletesTheTask() {
        records.remember(OWNER, Task.created(id));
        List<Task> heard = new ArrayList<>();
        changes.subscribe(change -> heard.add(change.after().task()));

        Outcome outcome = receive(signed("msg_1", NOW, body(completed)), completed);

        assertThat(outcome).isEqualTo(Outcome.ACCEPTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(completed);
        assertThat(heard).containsExactly(completed);
    }

    @Test
    void aBadSignatureChangesNothing() {
        records.remember(OWNER, Task.created(id));
        Map<String, String> headers = signed("msg_1", NOW, body(completed));
        headers.put("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        assertThat(receive(headers, completed)).isEqualTo(Outcome.REJECTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(Task.created(id));
    }

    @Test
    void aWebhookWhoseBodyWasAlteredChangesNothing() {
        records.remember(OWNER, Task.created(id));
        Map<String, String> headers = signed("msg_1", NOW, body(new Task(id, TaskStatus.FAILED, List.of())));
        lastBody = body(completed);

        Outcome outcome = receive(headers, completed);

        assertThat(outcome).isEqualTo(Outcome.REJECTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(Task.created(id));
    }

    @Test
    void aStaleWebhookChangesNothing() {
        records.remember(OWNER, Task.created(id));

        Outcome outcome = receive(signed("msg_1", NOW.minus(Duration.ofMinutes(6)), body(completed)), completed);

        assertThat(outcome).isEqualTo(Outcome.REJECTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(Task.created(id));
    }

    @Test
    void aRepeatedWebhookIdIsIgnored() {
        records.remember(OWNER, Task.created(id));
        receive(signed("msg_1", NOW, body(new Task(id, TaskStatus.IN_PROGRESS, List.of()))),
                new Task(id, TaskStatus.IN_PROGRESS, List.of()));

        Outcome again = receive(signed("msg_1", NOW, body(completed)), completed);

        assertThat(again).isEqualTo(Outcome.DUPLICATE);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task).orElseThrow().status())
                .isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void anOlderReportNeverMovesTheTaskBack() {
        records.remember(OWNER, Task.created(id));
        receive(signed("msg_2", NOW, body(completed)), completed);

        Outcome late = receive(signed("msg_1", NOW, body(new Task(id, TaskStatus.IN_PROGRESS, List.of()))),
                new Task(id, TaskStatus.IN_PROGRESS, List.of()));

        assertThat(late).isEqualTo(Outcome.ACCEPTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(completed);
    }

    @Test
    void aWebhookAboutATaskTheServiceNeverMadeIsIgnored() {
        assertThat(receive(signed("msg_1", NOW, body(completed)), completed)).isEqualTo(Outcome.UNKNOWN_TASK);
    }

    @Test
    void anAuthenticWebhookThatIsNotATaskIsIgnored() {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>(WebhookSigner.signedWebhook(SECRET, "msg_1",
                NOW.getEpochSecond(), body).headers());

        Outcome outcome = receiver.receive(new ProviderWebhook(headers, body, Optional.empty())).toCompletableFuture().join();

        assertThat(outcome).isEqualTo(Outcome.MALFORMED);
    }

    private Outcome receive(Map<String, String> headers, Task reported) {
        return receiver.receive(new ProviderWebhook(headers, lastBody, Optional.of(reported))).toCompletableFuture().join();
    }

    private byte[] lastBody;

    private Map<String, String> signed(String webhookId, Instant at, byte[] body) {
        lastBody = body;
        SignedWebhook signed = WebhookSigner.signedWebhook(SECRET, webhookId, at.getEpochSecond(), body);
        return new java.util.HashMap<>(signed.headers());
    }

    private static byte[] body(Task task) {
        return ("{\"task_id\":\"" + task.id() + "\",\"status\":\"" + task.status() + "\",\"generated\":"
                + task.generated().stream().map(url -> "\"" + url + "\"").toList() + "}").getBytes(StandardCharsets.UTF_8);
    }
}
