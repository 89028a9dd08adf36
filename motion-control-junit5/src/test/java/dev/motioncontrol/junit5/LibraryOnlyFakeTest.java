package dev.motioncontrol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.motioncontrol.adapters.freepik.fake.SubmitFailure;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.library.MotionControl;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The library on the fake, without an HTTP server, driven through the same handle. */
@MotionControlFake(http = false)
class LibraryOnlyFakeTest {

    private static final String HOOK = "https://my-app.example.com/hooks/video";

    @Test
    void thereIsNoBaseUrlWithoutHttp(FakeMotionControl fake) {
        assertThatThrownBy(fake::baseUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("library()");
    }

    @Test
    void anAwaitHearsACompletionBeforeTheHandlesCallReturns(FakeMotionControl fake) {
        MotionControl motion = fake.library();
        Task task = submit(motion, fake.clientKey(), HOOK);
        CompletableFuture<Task> awaited = motion.awaitCompletion(new AwaitCompletionQuery(fake.clientKey(), task.id(),
                Duration.ofMinutes(15))).toCompletableFuture();

        fake.complete(task.id());

        assertThat(awaited).isCompletedWithValueMatching(done -> done.status().equals(TaskStatus.COMPLETED));
        assertThat(fake.awaitWebhook(task.id()).url().toString()).isEqualTo(HOOK);
    }

    @Test
    void advancingTheClockCompletesATaskOnItsDelays(FakeMotionControl fake) {
        Task task = submit(fake.library(), fake.clientKey(), null);

        fake.advanceClock(Duration.ofSeconds(7));

        assertThat(fake.library().getStatus(new GetTaskStatusQuery(fake.clientKey(), task.id())).toCompletableFuture()
                .join().status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void anArmedSubmitFailureFailsTheSubmissionAsTheFreepikClientWould(FakeMotionControl fake) {
        fake.failNextSubmit(SubmitFailure.OUT_OF_CREDITS);

        assertThatThrownBy(() -> submit(fake.library(), fake.clientKey(), null))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(MotionTransferFailure.ProviderRefused.class,
                        refused -> assertThat(refused.status()).isEqualTo(402));
    }

    @Nested
    @MotionControlFake(http = false, clientKeys = {"team-a", "team-b"}, queueDelayMillis = 0, generationDelayMillis = 0)
    class WithItsOwnKeysAndNoDelays {

        @Test
        void itsFirstKeyIsTheHandlesAndAnotherIsRefused(FakeMotionControl fake) {
            assertThat(fake.apiKey()).isEqualTo("team-a");

            assertThatThrownBy(() -> submit(fake.library(), new ClientKey("someone-else"), null))
                    .cause().isInstanceOf(MotionTransferFailure.Unauthorized.class);
        }

        @Test
        void aTaskIsCompletedTheFirstTimeItIsRead(FakeMotionControl fake) {
            Task task = submit(fake.library(), new ClientKey("team-b"), null);

            assertThat(fake.library().getStatus(new GetTaskStatusQuery(new ClientKey("team-b"), task.id()))
                    .toCompletableFuture().join().status()).isEqualTo(TaskStatus.COMPLETED);
        }
    }

    private static Task submit(MotionControl motion, ClientKey key, String webhook) {
        return motion.submit(new SubmitMotionTransferCommand(key, new MotionTransferRequest(
                        "https://example.com/dancer.png", "https://example.com/moves.mp4", "a dancer", "video", 0.5,
                        webhook, Tier.PRO)))
                .toCompletableFuture().join();
    }
}
