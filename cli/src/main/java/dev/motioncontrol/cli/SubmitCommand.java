package dev.motioncontrol.cli;

import com.google.common.net.HostAndPort;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.freepik.api.SubmitBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code submit}: one motion transfer, and optionally the wait for it and its video. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {
            "Submit a motion transfer: the character in the image takes on the motion of the video.",
            "Without --wait it prints '<task-id> <STATUS>' and exits; with --wait it shows the progress on stderr and "
                    + "prints '<task-id> <STATUS> after <time> <video URL>...' once the task has finished.",
            "",
            "--image and --video take a URL or a local file. A local file is served by this command, from a small "
                    + "HTTP server on --serve-at, for as long as it runs (a submission with a local file therefore "
                    + "waits for its task to finish): whoever fetches the media must reach it. The default, loopback, "
                    + "works only when the service runs on this machine and accepts private URLs "
                    + "(ALLOW_PRIVATE_URLS=true, or ALLOWED_PRIVATE_HOSTS); for a service elsewhere, or for Freepik, "
                    + "listen where it can reach you, or behind a tunnel announced with --serve-base-url.",
            ""})
final class SubmitCommand implements Callable<Integer> {

    private final Invocation invocation;

    @Mixin
    private ServiceConnection service;

    @Mixin
    private FreepikConnection freepik;

    @Option(names = "--image", required = true, paramLabel = "URL|FILE",
            description = "The character's picture (JPG, PNG or WEBP, at least 300x300 px, at most 10 MB).")
    private String image;

    @Option(names = "--video", required = true, paramLabel = "URL|FILE",
            description = "The reference video whose motion is transferred (MP4, MOV, WEBM or M4V, 3 to 30 s).")
    private String video;

    @Option(names = "--model", paramLabel = "2.6|3", defaultValue = "2.6", converter = ModelNames.ModelName.class,
            description = "Kling 2.6 or Kling 3 Motion Control. Default: 2.6.")
    private Model model;

    @Option(names = "--tier", paramLabel = "pro|std", defaultValue = "std", converter = ModelNames.TierName.class,
            description = "pro (higher fidelity) or std (faster, cheaper). Default: std.")
    private Tier tier;

    @Option(names = "--orientation", paramLabel = "image|video",
            description = "Whose orientation the character keeps: the video's (up to 30 s of output) or the image's "
                    + "(up to 10 s). The provider's default: video.")
    private String orientation;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "What to generate, in words (at most 2500 characters).")
    private String prompt;

    @Option(names = "--cfg-scale", paramLabel = "0..1",
            description = "How closely to follow the prompt, from 0 to 1. The provider's default: 0.5.")
    private Double cfgScale;

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "Where the service posts the finished task, signed (see verify-webhook).")
    private String webhookUrl;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Your name for this submission: submitted again with the same key and the same request, it "
                    + "answers the first task and pays nothing more.")
    private String idempotencyKey;

    @Option(names = "--wait", description = "Wait for the task to finish, showing its progress.")
    private boolean wait;

    @Option(names = "--download", paramLabel = "FILE",
            description = "Save the generated video to FILE once the task has completed (implies --wait); a second "
                    + "video goes to FILE-2, and so on.")
    private Path download;

    @Option(names = "--serve-at", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            description = "Where local files are served (port 0: any free one). Default: ${DEFAULT-VALUE}.")
    private String serveAt;

    @Option(names = "--serve-base-url", paramLabel = "URL",
            description = "The URL under which the fetcher reaches --serve-at (a tunnel, this machine's public name); "
                    + "default: the address served at.")
    private String serveBaseUrl;

    @Mixin
    private WaitOptions waiting;

    SubmitCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        if (freepik.direct() && webhookUrl != null) {
            throw new CommandFailure(ExitCode.REJECTED, "--webhook-url needs a service, which posts the webhook when "
                    + "the task finishes: straight to Freepik, nobody is there to post it once this command has ended");
        }
        MediaSource imageSource = MediaSource.of("--image", image);
        MediaSource videoSource = MediaSource.of("--video", video);
        boolean serving = imageSource.isFile() || videoSource.isFile();
        // A local file must be there when it is fetched, which may be any time until the task runs: wait for it.
        boolean waits = wait || download != null || serving;
        try (LocalMediaServer media = serving ? startServing() : null;
                TaskService tasks = freepik.direct() ? freepik.open(invocation) : service.open(invocation)) {
            SubmitBody body = new SubmitBody(imageSource.url(media), videoSource.url(media), webhookUrl, prompt,
                    orientation, cfgScale);
            if (serving) {
                showServed("image", imageSource, body.imageUrl());
                showServed("video", videoSource, body.videoUrl());
            }
            TaskService.LocatedTask task = tasks.submit(new TaskService.Submission(model, tier, body,
                    Optional.ofNullable(idempotencyKey)));
            if (!waits) {
                invocation.out().println(Outcome.line(task, Optional.empty()));
                invocation.out().flush();
                return Outcome.exitCode(task).code();
            }
            invocation.err().println("Submitted " + task.id() + " to " + ModelNames.label(model) + " "
                    + ModelNames.shortName(tier));
            invocation.err().flush();
            TaskWait wait = new TaskWait(started, invocation.err());
            TaskService.LocatedTask finished = wait.untilFinished(tasks, task, waiting.timeout(),
                    waiting.progress(invocation));
            return Outcome.finished(invocation, finished, Optional.of(wait.elapsed()), Optional.ofNullable(download));
        }
    }

    private LocalMediaServer startServing() throws IOException {
        HostAndPort at;
        try {
            at = HostAndPort.fromString(serveAt).withDefaultPort(0);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.REJECTED, "--serve-at: not HOST:PORT: " + serveAt);
        }
        Optional<URI> announced = Optional.ofNullable(serveBaseUrl)
                .map(url -> ServiceConnection.baseUrl(url, "--serve-base-url"));
        try {
            return LocalMediaServer.start(new InetSocketAddress(at.getHost(), at.getPort()), announced);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.REJECTED, "--serve-at: cannot listen on " + serveAt + ": "
                    + e.getMessage());
        }
    }

    private void showServed(String what, MediaSource source, String url) {
        source.file().ifPresent(file -> {
            invocation.err().println("Serving the " + what + " " + file.getFileName() + " at " + url);
            invocation.err().flush();
        });
    }
}
