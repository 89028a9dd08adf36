package dev.motioncontrol.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Saves a finished task's videos. A generated URL needs no key (the fake's videos, the service's signed links to its
 * copies, the provider's own links), so none is sent: the API key never goes to whatever host a URL names, nor to a
 * host it redirects to. Each video is written beside its destination first and moved into place once whole, so a
 * broken download never leaves a truncated file under the name asked for.
 */
final class VideoDownloads {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** A saved video: where, and how many bytes. */
    record Saved(Path file, long bytes) {
    }

    /**
     * Saves every video of {@code generated}: the first to {@code file}, any further one beside it with its number
     * ({@code out-2.mp4}, {@code out-3.mp4}).
     */
    List<Saved> saveAll(List<String> generated, Path file) {
        if (generated.isEmpty()) {
            throw new CommandFailure(ExitCode.NOT_FOUND, "the task completed without a video to download");
        }
        List<Saved> saved = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            saved.add(save(URI.create(generated.get(i)), i == 0 ? file : numbered(file, i + 1)));
        }
        return saved;
    }

    Saved save(URI video, Path file) {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path partial = null;
        try {
            Files.createDirectories(directory);
            // Not a temporary file's owner-only permissions: the video is the user's, as any file they save.
            partial = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(video).timeout(DOWNLOAD_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            if (response.statusCode() != 200) {
                throw new CommandFailure(ExitCode.ofHttpStatus(response.statusCode()),
                        "downloading " + video + " failed: " + response.statusCode());
            }
            long bytes = Files.size(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Saved(file, bytes);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.UNAVAILABLE, "downloading " + video + " to " + file + " failed: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.UNAVAILABLE, "downloading " + video + " was interrupted");
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // A left-over partial file is hidden and named as one; nothing more can be done here.
                }
            }
        }
    }

    /** {@code out.mp4} as {@code out-2.mp4}. */
    static Path numbered(Path file, int number) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot <= 0 ? name + "-" + number : name.substring(0, dot) + "-" + number + name.substring(dot);
        return file.resolveSibling(numbered);
    }
}
