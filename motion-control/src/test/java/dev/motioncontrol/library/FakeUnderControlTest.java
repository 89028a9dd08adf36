package dev.motioncontrol.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.motioncontrol.adapters.freepik.fake.FakeProviderControl;
import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.application.service.RetryPlan;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The library wires a fake's control and a sender of the caller's own: what the JUnit 5 extension is built on. */
class FakeUnderControlTest {

    private static final ClientKey ME = new ClientKey("my-key");
    private static final FakeProviderSettings SETTINGS = FakeProviderSettings.defaults(
            URI.create("https://media.example.com/"));

    private final FakeProviderControl control = new FakeProviderControl();
    private final List<WebhookUrl> posted = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Task> firstPosted = new CompletableFuture<>();
    private final WebhookSender recording = (target, task) -> {
        posted.add(target);
        firstPosted.complete(task);
        return CompletableFuture.completedFuture(WebhookSender.Attempt.answered(Instant.now(), 204));
    };

    @Test
    void aTaskTheControlEndsIsKnownEndedAtOnceAndItsWebhookIsSent() throws Exception {
        try (MotionControl motion = MotionControl.builder().fake(SETTINGS)
                .adjustFake(settings -> settings.withControl(control))
                .webhooks(recording, RetryPlan.DEFAULT)
                .build()) {
            Task task = motion.submit(new SubmitMotionTransferCommand(ME, request("https://hooks.example.com/done")))
                    .toCompletableFuture().join();

            control.complete(task.id()).toCompletableFuture().join();

            assertThat(motion.getStatus(new GetTaskStatusQuery(ME, task.id())).toCompletableFuture().join().status())
                    .isEqualTo(TaskStatus.COMPLETED);
            assertThat(firstPosted.get(10, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(posted).extracting(hook -> hook.url().toString())
                    .containsExactly("https://hooks.example.com/done");
        }
    }

    @Test
    void aWebhookUrlIsNotLookedUpWhenTheSenderIsTheCallers() {
        try (MotionControl motion = MotionControl.builder().fake(SETTINGS).webhooks(recording, RetryPlan.DEFAULT)
                .build()) {
            // A name that no resolver knows: judged from the URL alone, it is accepted at once.
            Task task = motion.submit(new SubmitMotionTransferCommand(ME, request("https://receiver.invalid/hook")))
                    .toCompletableFuture().join();

            assertThat(task.status()).isEqualTo(TaskStatus.CREATED);
        }
    }

    @Test
    void onlyTheFakesSettingsCanBeAdjusted() {
        MotionControl.Builder builder = MotionControl.builder().freepik(FreepikSettings.freepik("key"));

        assertThatThrownBy(() -> builder.adjustFake(settings -> settings.withControl(control)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fake(settings)");
    }

    private static MotionTransferRequest request(String webhook) {
        return new MotionTransferRequest("https://example.com/dancer.png", "https://example.com/moves.mp4",
                "a dancer", "video", 0.5, webhook, Tier.PRO);
    }
}
