package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a medium's format from its bytes (never from its name), an image's pixel dimensions and a video's duration,
 * from as little of it as it can: the head, and for a video whose index or last Cluster is at its end, the tail.
 *
 * <p>What it asks for, so that a fetcher knows what to expect (a range is always cut to the total length when that is
 * known, and always holds at least one byte not known yet):
 * <ul>
 *   <li>{@code Needs(0, 65536)}: the head, when fewer than 16 bytes of it are known, or a format's header is cut;</li>
 *   <li>{@code Needs(offset, ≤ 65536)}: a JPEG's next segment, when its frame header lies past the known bytes; a
 *       WebM's Info or next element; an MP4's next top-level box header once its tail is known;</li>
 *   <li>{@code Needs(-262144, 262144)} while the total length is unknown, or the same last 256 KiB as an absolute
 *       range once it is known: the tail of an MP4 whose index (moov) is not in the head, and of a WebM without a
 *       Duration, whose last Cluster is there; when the total length is known and the next box starts inside the
 *       last 256 KiB, just the bytes from that box to the end;</li>
 *   <li>{@code Needs(moov offset, its size up to 1 MiB)}: an index whose header is known but whose content is not.
 *       </li>
 * </ul>
 * A fetcher must tell the total length as soon as it learns it ({@link KnownBytes#totalLength(long)} from a
 * {@code Content-Range}, {@link KnownBytes#readToTheEnd()} when a read ends): a reader that does not know where the
 * file ends asks again for the head of a file shorter than the head. Once every byte is known it never asks again.
 */
public final class ContainerReader implements MediaReader {

    /** The head a fetcher reads first, and the most this reader asks for at once for a header. */
    static final long HEAD_BYTES = 64 * 1024;
    /** The tail window: an MP4 index of a short video, and the last Clusters of a WebM, fit in it. */
    static final long TAIL_BYTES = 256 * 1024;

    @Override
    public Reading read(KnownBytes known, MediaFormat.Kind kind) {
        Objects.requireNonNull(known, "known");
        Objects.requireNonNull(kind, "kind");
        try {
            return readOrThrow(known, kind);
        } catch (RuntimeException contradiction) {
            // Every read above checks that its bytes are known and every size is bounded; this only keeps the
            // promise never to throw should a file still find a way through. The tests read without it.
            return new Reading.Unreadable("could not be read: its structure contradicts itself");
        }
    }

    /** As {@link #read}, but lets a parsing error through (for the tests, which must never see one). */
    Reading readOrThrow(KnownBytes known, MediaFormat.Kind kind) {
        Bytes bytes = new Bytes(known);
        if (bytes.whole() && bytes.contiguousFromStart() == 0) {
            return new Reading.Unreadable("is empty");
        }
        Reading unrecognised = new Reading.Unreadable("is not " + MediaFormat.acceptedNamesWithArticle(kind) + " "
                + kind.noun() + " (its first bytes match no " + kind.noun() + " format the service knows)");
        FormatSniffing.Sniff sniff = FormatSniffing.sniff(bytes);
        if (sniff.needsMore()) {
            return bytes.ask(0, HEAD_BYTES, unrecognised);
        }
        MediaFormat format = sniff.format();
        if (format == null) {
            return unrecognised;
        }
        if (format.kind() != kind) {
            return new Reading.Unreadable("is " + format.withArticle() + " " + format.kind().noun()
                    + ", not " + kind.withArticle() + "; " + MediaFormat.acceptedNames(kind) + " is required");
        }
        return switch (format) {
            case MP4, MOV, M4V, THREE_GP -> IsoBmffBoxes.read(format, bytes);
            case WEBM, MATROSKA -> MatroskaElements.read(format, bytes);
            case AVI -> avi(bytes);
            default -> ImageHeaders.read(format, bytes);
        };
    }

    /**
     * An AVI's duration from its main header ({@code avih}): microseconds per frame times frames. The provider refuses
     * AVI; the duration only completes the refusal, so it is read only where it almost always is.
     */
    private static Reading avi(Bytes bytes) {
        Optional<Duration> duration = Optional.empty();
        if (bytes.ascii(12, "LIST") && bytes.ascii(20, "hdrl") && bytes.ascii(24, "avih") && bytes.has(32, 20)) {
            double micros = (double) bytes.u32le(32) * bytes.u32le(48);
            duration = micros > 0 && micros < 1e15 ? Optional.of(Duration.ofNanos((long) micros * 1000))
                    : Optional.empty();
        }
        return new Reading.Video(MediaFormat.AVI, duration, false);
    }
}
