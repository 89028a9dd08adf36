package dev.motioncontrol.cli;

import static dev.motioncontrol.cli.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.media.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local files submitted through the command's own file server, to a service on this machine that accepts private
 * URLs and measures the media before it takes them: what it measured proves it fetched them from the command.
 */
class LocalFilesTest {

    private static FakeService service;

    @TempDir
    static Path media;

    @BeforeAll
    static void start() throws Exception {
        for (String fixture : new String[] {"image-300x300.png", "image-299x300.png", "video-10s-moov-last.mp4"}) {
            Files.write(media.resolve(fixture), TestMedia.fixture(fixture));
        }
        service = FakeService.start(Map.of("ALLOW_PRIVATE_URLS", "true", "MEDIA_PREFLIGHT", "enforce"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void localFilesAreServedForTheServiceToFetchAndTheSubmissionWaitsForItsTask() {
        CommandLineRun run = run(service.environment(), "submit",
                "--image", media.resolve("image-300x300.png").toString(),
                "--video", media.resolve("video-10s-moov-last.mp4").toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err())
                .containsPattern("(?m)^Serving the image image-300x300\\.png at http://127\\.0\\.0\\.1:\\d+/[\\w-]{24}/"
                        + "image-300x300\\.png$")
                .containsPattern("(?m)^Serving the video video-10s-moov-last\\.mp4 at http://127\\.0\\.0\\.1:\\d+/"
                        + "[\\w-]{24}/video-10s-moov-last\\.mp4$");
        assertThat(run.out()).containsPattern("(?m)^[\\w-]+ COMPLETED after \\d+:\\d\\d http://\\S+\\.mp4$");
    }

    @Test
    void aLocalImageTheProviderWouldRefuseIsMeasuredAndRefusedWithTheReason() {
        CommandLineRun run = run(service.environment(), "submit",
                "--image", media.resolve("image-299x300.png").toString(),
                "--video", media.resolve("video-10s-moov-last.mp4").toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).containsPattern("(?m)^image_url: is 299×300 px; at least 300×300 is required$");
    }

    @Test
    void aFileThatIsNotThereIsAUsageErrorBeforeAnythingIsSent() {
        CommandLineRun run = run(service.environment(), "submit",
                "--image", media.resolve("missing.png").toString(), "--video", "https://example.com/moves.mp4");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--image: " + media.resolve("missing.png")
                + " is neither an http(s) URL nor a readable file");
    }
}
