package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.VideoFacts;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Measures a medium a client names before the provider is paid to use it: its format (from its bytes, not its
 * name), size, pixel dimensions or duration, reading as little of it as it can.
 *
 * <p>A probe never fails its stage: whatever happens (the URL is refused by the address policy, the server answers
 * 404 or nothing in time, the bytes are no medium it knows or are cut short) is one of the {@link Probe} outcomes,
 * with a reason that can be shown to the client who named the URL (it never quotes the medium's bytes).
 */
public interface MediaProbe {

    /** What {@code url} points at, measured as a medium of {@code kind}. */
    CompletionStage<Probe> probe(HttpUrl url, MediaFormat.Kind kind);

    /** The outcome of a probe. */
    sealed interface Probe {

        /** How many bytes of the medium were read (the body bytes of every fetch, revalidations included). */
        long bytesRead();
    }

    /** An image, measured. */
    record Image(ImageFacts facts, long bytesRead) implements Probe {
        public Image {
            Objects.requireNonNull(facts, "facts");
        }
    }

    /** A video, measured. */
    record Video(VideoFacts facts, long bytesRead) implements Probe {
        public Video {
            Objects.requireNonNull(facts, "facts");
        }
    }

    /**
     * The medium could not be fetched, so the provider could not fetch it either: "could not be fetched: the server
     * answered 404 Not Found", "could not be fetched within 10 s", "must be publicly accessible; … resolves to …".
     */
    record Unfetchable(String reason, long bytesRead) implements Probe {
        public Unfetchable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The medium was reached but not measured within the probe's limits (its requests or the bytes it may read: an
     * MP4 whose index lies past them on a server without byte ranges): nothing is known against it, so the provider
     * judges it. "could not be measured within the 1024 KiB a probe reads of it".
     */
    record Unmeasured(String reason, long bytesRead) implements Probe {
        public Unmeasured {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The bytes are not a medium of the kind asked for, or not a whole one: "is not a JPEG, PNG or WEBP image (its
     * first bytes match no image format the service knows)", "is a truncated MP4: it has no index (moov)".
     */
    record Unreadable(String reason, long bytesRead) implements Probe {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
