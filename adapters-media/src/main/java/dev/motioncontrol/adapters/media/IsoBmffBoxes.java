package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long an ISO-BMFF video plays (MP4, MOV, M4V, 3GP): the movie header ({@code mvhd}) in its index
 * ({@code moov}), or for a fragmented file whose header says 0, the fragments' total ({@code mehd}).
 *
 * <p>The boxes are walked here rather than by isoparser or jcodec: those parse a file they can seek through to its
 * end and read whole boxes, where this walk sees only a head and perhaps a tail, must say which bytes it needs next
 * (the index's offset and size, or the tail), must never read the media data ({@code mdat}), and must not trust a
 * size field to allocate. It reads a handful of numbers from box headers, at most {@link #MAX_BOXES} of them.
 */
final class IsoBmffBoxes {

    private static final int MAX_BOXES = 4096;
    /** An index larger than this is asked for in parts, where its walk stops. */
    private static final long INDEX_WINDOW = 1024 * 1024;

    private IsoBmffBoxes() {
    }

    static Reading read(MediaFormat format, Bytes bytes) {
        long at = 0;
        for (int step = 0; step < MAX_BOXES; step++) {
            if (bytes.atOrPastEnd(at)) {
                return noIndex(format);
            }
            Box box = Box.at(at, Long.MAX_VALUE, bytes);
            if (box == null) {
                return headerMissing(format, at, bytes);
            }
            if (box.size < 0) {
                return damaged(format, "a box has an impossible size");
            }
            if (box.type.equals("moov")) {
                return movie(format, box, bytes);
            }
            if (box.size == Long.MAX_VALUE - at) {
                // Size 0: the box runs to the end of the file, and it is not the index.
                return noIndex(format);
            }
            at = box.end();
        }
        return damaged(format, "it has more than " + MAX_BOXES + " boxes before its index");
    }

    /** A box's header: its type, where it starts and how many bytes its header and it take. */
    private record Box(String type, long offset, long headerSize, long size) {

        long end() {
            return offset + size;
        }

        long content() {
            return offset + headerSize;
        }

        /**
         * The box at {@code offset} inside a parent that ends at {@code parentEnd}; null when its header is not known.
         * A size that cannot be (smaller than the header, past the parent) is returned as -1.
         */
        static Box at(long offset, long parentEnd, Bytes bytes) {
            if (!bytes.has(offset, 8)) {
                return null;
            }
            long size = bytes.u32(offset);
            String type = bytes.fourCc(offset + 4);
            long header = 8;
            if (size == 1) {
                if (!bytes.has(offset + 8, 8)) {
                    return null;
                }
                size = bytes.u64(offset + 8);
                header = 16;
            } else if (size == 0) {
                OptionalLong total = bytes.total();
                long end = total.isPresent() ? Math.min(parentEnd, total.getAsLong()) : parentEnd;
                size = end - offset;
            }
            if (size < header || size > parentEnd - offset) {
                size = -1;
            }
            return new Box(type, offset, header, size);
        }
    }

    /**
     * The index's movie header, and when it says 0 (a fragmented file), the movie extends header. Only the index's
     * children are walked, and only as far as needed.
     */
    private static Reading movie(MediaFormat format, Box moov, Bytes bytes) {
        long at = moov.content();
        long movieDuration = -1;
        long timescale = 0;
        for (int step = 0; step < MAX_BOXES && at < moov.end(); step++) {
            Box child = Box.at(at, moov.end(), bytes);
            if (child == null) {
                return indexMissing(format, moov, at, bytes);
            }
            if (child.size < 0) {
                return damaged(format, "a box in its index has an impossible size");
            }
            if (child.type.equals("mvhd")) {
                int version = bytes.has(child.content(), 1) ? bytes.u8(child.content()) : -1;
                long needed = version == 1 ? 32 : 20;
                if (!bytes.has(child.content(), needed)) {
                    return indexMissing(format, moov, at, bytes);
                }
                if (child.headerSize + needed > child.size) {
                    return damaged(format, "its movie header (mvhd) is too short");
                }
                timescale = bytes.u32(child.content() + (version == 1 ? 20 : 12));
                movieDuration = version == 1 ? bytes.u64(child.content() + 24) : unknownIfAllOnes(
                        bytes.u32(child.content() + 16));
                if (movieDuration > 0) {
                    return new Reading.Video(format, ticks(movieDuration, timescale), false);
                }
            } else if (child.type.equals("mvex")) {
                Reading fragments = fragments(format, moov, child, timescale, bytes);
                if (fragments != null) {
                    return fragments;
                }
            }
            at = child.end();
        }
        if (timescale == 0 && movieDuration == -1) {
            return damaged(format, "its index has no movie header (mvhd)");
        }
        return new Reading.Video(format, Optional.empty(), false);
    }

    /** The fragments' duration from {@code mehd}, or null to go on with the index (no {@code mehd}). */
    private static Reading fragments(MediaFormat format, Box moov, Box mvex, long timescale, Bytes bytes) {
        long at = mvex.content();
        for (int step = 0; step < MAX_BOXES && at < mvex.end(); step++) {
            Box child = Box.at(at, mvex.end(), bytes);
            if (child == null) {
                return indexMissing(format, moov, at, bytes);
            }
            if (child.size < 0) {
                return damaged(format, "a box in its index has an impossible size");
            }
            if (child.type.equals("mehd")) {
                int version = bytes.has(child.content(), 1) ? bytes.u8(child.content()) : -1;
                long needed = version == 1 ? 12 : 8;
                if (!bytes.has(child.content(), needed)) {
                    return indexMissing(format, moov, at, bytes);
                }
                long duration = version == 1 ? bytes.u64(child.content() + 4) : unknownIfAllOnes(
                        bytes.u32(child.content() + 4));
                return new Reading.Video(format, duration > 0 ? ticks(duration, timescale) : Optional.empty(), false);
            }
            at = child.end();
        }
        return null;
    }

    private static long unknownIfAllOnes(long u32) {
        return u32 == 0xFFFFFFFFL ? -1 : u32;
    }

    private static Optional<Duration> ticks(long ticks, long timescale) {
        if (ticks <= 0 || timescale <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(ticks / timescale, ticks % timescale * 1_000_000_000L / timescale));
    }

    /**
     * The header of a top-level box is not known. The index usually follows the media data at the end of the file,
     * so the tail is asked for first; once the tail is known, the box header itself.
     */
    private static Reading headerMissing(MediaFormat format, long at, Bytes bytes) {
        OptionalLong total = bytes.total();
        if (total.isEmpty()) {
            return bytes.ask(-ContainerReader.TAIL_BYTES, ContainerReader.TAIL_BYTES, noIndex(format));
        }
        long end = total.getAsLong();
        long tail = Math.max(0, end - ContainerReader.TAIL_BYTES);
        if (at < tail && !bytes.has(tail, end - tail)) {
            return bytes.ask(tail, end - tail, noIndex(format));
        }
        return bytes.ask(at, Math.min(ContainerReader.HEAD_BYTES, end - at), noIndex(format));
    }

    /** Part of the index is not known: the index itself from its start the first time, else from the gap on. */
    private static Reading indexMissing(MediaFormat format, Box moov, long at, Bytes bytes) {
        long from = at == moov.content() ? moov.offset : at;
        return bytes.ask(from, Math.min(moov.end() - from, INDEX_WINDOW), new Reading.Unreadable(
                "is a truncated " + format.displayName() + ": its index (moov) is cut short"));
    }

    private static Reading noIndex(MediaFormat format) {
        return new Reading.Unreadable("is a truncated " + format.displayName() + ": it has no index (moov)");
    }

    private static Reading damaged(MediaFormat format, String why) {
        return new Reading.Unreadable("is a damaged " + format.displayName() + ": " + why);
    }
}
