package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.fake.FakeMedia;
import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.out.GeneratedVideoFetcher;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.library.MotionControl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library, embedded without the HTTP service, keeping its results in a directory of the application's. */
class EmbeddedResultCopiesTest {

    private static final ClientKey ME = new ClientKey("my-api-key");

    @Test
    void anEmbeddedLibraryKeepsTheVideosInADirectoryAndGivesTheirFiles(@TempDir Path results) throws Exception {
        byte[] video = FakeMedia.bytes();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video));
        // The fake's videos are served by the HTTP service, absent here: this fetcher stands in for the provider's CDN.
        GeneratedVideoFetcher cdn = (source, into) -> {
            try {
                Files.write(into, video);
                return CompletableFuture.completedFuture(
                        new GeneratedVideoFetcher.Fetched(video.length, sha256, "video/mp4"));
            } catch (java.io.IOException e) {
                return CompletableFuture.completedFuture(new GeneratedVideoFetcher.Failed(e.toString(), true));
            }
        };
        try (MotionControl motion = MotionControl.builder()
                .fake(FakeProviderSettings.defaults(URI.create("https://media.example.com/")).withoutDelays())
                .keepResultsIn(results)
                .resultFetcher(cdn)
                .build()) {
            Task task = motion.submit(new SubmitMotionTransferCommand(ME, new MotionTransferRequest(
                            "https://example.com/dancer.png", "https://example.com/moves.mp4", null, "video", 0.5,
                            null, Tier.PRO)))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);

            Task done = motion.awaitCompletion(new AwaitCompletionQuery(ME, task.id(), Duration.ofSeconds(10)))
                    .toCompletableFuture().get(15, TimeUnit.SECONDS);

            assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
            URI file = done.generated().get(0);
            assertThat(file.getScheme()).isEqualTo("file");
            assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(video);
            ResultCopies copies = motion.getResultCopies(new GetTaskStatusQuery(ME, task.id()))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(copies.state()).isEqualTo(ResultCopies.State.COPIED);
            assertThat(copies.videos().get(0).sha256()).isEqualTo(sha256);
        }
    }
}
