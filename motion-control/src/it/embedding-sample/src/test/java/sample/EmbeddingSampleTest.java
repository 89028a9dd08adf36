package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.library.MotionControl;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddingSampleTest {

    @Test
    void submitsATaskOnTheFakeAndAwaitsItsVideo() throws Exception {
        try (MotionControl motion = MotionControl.builder()
                .fake(FakeProviderSettings.defaults(URI.create("https://media.example.com/")).withoutDelays())
                .build()) {
            ClientKey me = new ClientKey("my-app");
            Task task = motion.submit(new SubmitMotionTransferCommand(me, new MotionTransferRequest(
                            "https://example.com/dancer.png", "https://example.com/moves.mp4",
                            "a dancer on a rooftop", "video", 0.5, null, Tier.PRO)))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);

            Task done = motion.awaitCompletion(new AwaitCompletionQuery(me, task.id(), Duration.ofSeconds(10)))
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);

            assertEquals(TaskStatus.COMPLETED, done.status());
            assertFalse(done.generated().isEmpty());
        }
    }
}
