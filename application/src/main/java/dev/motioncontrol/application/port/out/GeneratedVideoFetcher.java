package dev.motioncontrol.application.port.out;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Downloads a generated video from the provider's URL into a local file, streaming: never more than a small buffer
 * of it in memory, never more than a size cap on disk, within a time limit, and only from addresses the service's
 * address policy lets it reach (judged on each redirect too).
 *
 * <p>A fetch never fails its stage: whatever happens is a {@link Fetch} outcome. When it is not {@link Fetched},
 * nothing is left at {@code into}.
 */
@FunctionalInterface
public interface GeneratedVideoFetcher {

    /** Downloads {@code source} into the file {@code into} (created, or replaced). */
    CompletionStage<Fetch> fetch(URI source, Path into);

    /** The outcome of a fetch. */
    sealed interface Fetch {
    }

    /**
     * The whole video is in the file.
     *
     * @param sizeBytes   how many bytes were written
     * @param sha256      their SHA-256, 64 lower-case hex digits
     * @param contentType the media type the server named, when it named a {@code video/*} one; {@code video/mp4}
     *                    otherwise
     */
    record Fetched(long sizeBytes, String sha256, String contentType) implements Fetch {
        public Fetched {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /**
     * Nothing usable came: why, in words that may be recorded and shown to the task's owner (never the URL's query,
     * which may hold the provider's token), and whether trying again later may succeed (a timeout, a 5xx) or not
     * (the cap was reached, the address is refused, 404).
     */
    record Failed(String reason, boolean mayRetry) implements Fetch {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
