package dev.motioncontrol.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.Outcome;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.ProviderWebhook;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Tier;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ReceiveProviderWebhookServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final ClientKey CALLER = new ClientKey("owner");
    private static final Owner OWNER = MapStateStore.owner(CALLER);
    private static final WebhookVerifier VERIFIER = WebhookVerifier.of(SECRET).withClock(Clock.fixed(NOW, ZoneOffset.UTC));

    private final MapStateStore records = new MapStateStore();
    private final ManualTimeSource time = new ManualTimeSource(NOW);
    private final TaskChanges changes = new TaskChanges();
    /** A provider whose secret is "upstream-key": out of what it reports, and no task may carry it in its id. */
    private static final VideoProvider PROVIDER = new VideoProvider() {
        @Override
        public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Task relayable(Task reported) {
            if (reported.id().value().contains("upstream-key")) {
                throw new IllegalArgumentException("carries the key");
            }
            return new Task(reported.id(), TaskStatus.of(reported.status().name().replace("upstream-key", "REDACTED")),
                    reported.generated().stream().map(url -> URI.create(url.toString().replace("upstream-key",
                            "REDACTED"))).toList());
        }
    };

    private final ReceiveProviderWebhookService receiver = new ReceiveProviderWebhookService(VERIFIER,
            new TaskReports(records, changes, time), records, time, PROVIDER);
    private final TaskId id = TaskId.random();
    private final Task completed = new Task(id, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")));

    @Test
    void anAuthenticWebhookCompletesTheTask() {
        records.remember(CALLER, Task.created(id));
        List<Task> heard = new ArrayList<>();
        changes.subscribe(change -> heard.add(change.after().task()));

        Outcome outcome = receive(signed("msg_1", NOW, body(completed)), completed);

        assertThat(outcome).isEqualTo(Outcome.ACCEPTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(completed);
        assertThat(heard).containsExactly(completed);
    }

    @Test
    void whatTheWebhookReportsIsAppliedOnlyAsTheProviderMakesItFitToRelay() {
        records.remember(CALLER, Task.created(id));
        Task leaking = new Task(id, TaskStatus.COMPLETED,
                List.of(URI.create("https://cdn.example.com/v.mp4?key=upstream-key")));

        Outcome outcome = receive(signed("msg_1", NOW, body(leaking)), leaking);

        assertThat(outcome).isEqualTo(Outcome.ACCEPTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(
                new Task(id, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4?key=REDACTED"))));
    }

    @Test
    void aReportedTaskThatCannotBeRelayedIsIgnoredAsMalformed() {
        TaskId carrying = new TaskId("task-upstream-key");
        records.remember(CALLER, Task.created(carrying));
        Task reported = new Task(carrying, TaskStatus.COMPLETED, List.of());

        assertThat(receive(signed("msg_1", NOW, body(reported)), reported)).isEqualTo(Outcome.MALFORMED);
        assertThat(records.find(OWNER, carrying).toCompletableFuture().join().map(TaskRecords.TaskRecord::task))
                .contains(Task.created(carrying));
    }

    @Test
    void aBadSignatureChangesNothing() {
        records.remember(CALLER, Task.created(id));
        Map<String, String> headers = signed("msg_1", NOW, body(completed));
        headers.put("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        assertThat(receive(headers, completed)).isEqualTo(Outcome.REJECTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(Task.created(id));
    }

    @Test
    void aWebhookWhoseBodyWasAlteredChangesNothing() {
        records.remember(CALLER, Task.created(id));
        Map<String, String> headers = signed("msg_1", NOW, body(new Task(id, TaskStatus.FAILED, List.of())));
        lastBody = body(completed);

        Outcome outcome = receive(headers, completed);

        assertThat(outcome).isEqualTo(Outcome.REJECTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(Task.created(id));
    }

    @Test
    void aStaleWebhookChangesNothing() {
        records.remember(CALLER, Task.created(id));

        Outcome outcome = receive(signed("msg_1", NOW.minus(Duration.ofMinutes(6)), body(completed)), completed);

        assertThat(outcome).isEqualTo(Outcome.REJECTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task)).contains(Task.created(id));
    }

    @Test
    void aRepeatedWebhookIdIsIgnored() {
        records.remember(CALLER, Task.created(id));
        receive(signed("msg_1", NOW, body(new Task(id, TaskStatus.IN_PROGRESS, List.of()))),
                new Task(id, TaskStatus.IN_PROGRESS, List.of()));

        Outcome again = receive(signed("msg_1", NOW, body(completed)), completed);

        assertThat(again).isEqualTo(Outcome.DUPLICATE);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task).orElseThrow().status())
                .isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void anOlderReportNeverMovesTheTaskBack() {
        records.remember(CALLER, Task.created(id));
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

    @Test
    void aWebhookIdSeenOnAnotherInstanceIsADuplicateAndChangesNothing() {
        records.remember(CALLER, Task.created(id));
        records.remember("msg_1", NOW.minusSeconds(30)).toCompletableFuture().join();

        Outcome outcome = receive(signed("msg_1", NOW, body(completed)), completed);

        assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task))
                .contains(Task.created(id));
    }

    @Test
    void anAppliedWebhooksIdIsRememberedInTheStoreWhenItCame() {
        records.remember(CALLER, Task.created(id));

        receive(signed("msg_1", NOW, body(completed)), completed);

        assertThat(records.seen("msg_1").toCompletableFuture().join()).isTrue();
        records.forgetBefore(NOW).toCompletableFuture().join();
        assertThat(records.seen("msg_1").toCompletableFuture().join()).as("remembered at NOW").isTrue();
        records.forgetBefore(NOW.plusMillis(1)).toCompletableFuture().join();
        assertThat(records.seen("msg_1").toCompletableFuture().join()).isFalse();
    }

    @Test
    void aWebhookWhoseApplicationFailedIsNotRememberedSoTheProvidersRetryIsApplied() {
        records.remember(CALLER, Task.created(id));
        TaskRecords away = mock(TaskRecords.class);
        when(away.update(any(), any())).thenReturn(CompletableFuture.failedFuture(
                new MotionTransferFailure.StoreUnavailable("away")));
        ReceiveProviderWebhookService failing = new ReceiveProviderWebhookService(VERIFIER,
                new TaskReports(away, changes, time), records, time, PROVIDER);
        Map<String, String> headers = signed("msg_1", NOW, body(completed));

        CompletableFuture<Outcome> first = failing.receive(new ProviderWebhook(headers, lastBody,
                Optional.of(completed))).toCompletableFuture();

        assertThat(first).isCompletedExceptionally();
        assertThat(records.seen("msg_1").toCompletableFuture().join()).isFalse();
        assertThat(receive(headers, completed)).isEqualTo(Outcome.ACCEPTED);
        assertThat(records.find(OWNER, id).toCompletableFuture().join().map(TaskRecords.TaskRecord::task))
                .contains(completed);
    }

    @Test
    void aMalformedWebhooksIdIsRememberedToo() {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>(WebhookSigner.signedWebhook(SECRET, "msg_1",
                NOW.getEpochSecond(), body).headers());
        receiver.receive(new ProviderWebhook(headers, body, Optional.empty())).toCompletableFuture().join();

        Outcome again = receiver.receive(new ProviderWebhook(headers, body, Optional.empty())).toCompletableFuture()
                .join();

        assertThat(again).isEqualTo(Outcome.DUPLICATE);
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
