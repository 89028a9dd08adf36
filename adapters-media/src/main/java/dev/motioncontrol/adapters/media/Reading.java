package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a {@link MediaReader} made of the bytes known so far. */
public sealed interface Reading {

    /** An image: its format and pixel dimensions. */
    record Image(MediaFormat format, int widthPx, int heightPx) implements Reading {
        public Image {
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * A video: its container and how long it plays (empty when the file does not say and no estimate could be made;
     * {@code durationEstimated} when it was estimated rather than read).
     */
    record Video(MediaFormat format, Optional<Duration> duration, boolean durationEstimated) implements Reading {
        public Video {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * More bytes are needed before anything can be said: {@code length} bytes from {@code offset} (a negative offset
     * counts from the end: {@code -65536} is the last 64 KiB, for a reader that wants the tail while the total length
     * is unknown).
     */
    record Needs(long offset, long length) implements Reading {
    }

    /**
     * The bytes are not a medium of the kind asked for, or not a whole one; {@code reason} completes a sentence about
     * the field ("is not a JPEG, PNG or WEBP image", "is a truncated MP4: its index (moov) is missing").
     */
    record Unreadable(String reason) implements Reading {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
