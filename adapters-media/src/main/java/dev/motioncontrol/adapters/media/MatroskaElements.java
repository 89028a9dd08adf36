package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an EBML file is (its header's DocType: WEBM or Matroska) and how long it plays: the Segment's Info gives its
 * Duration in units of its TimecodeScale. A WebM recorded by a browser has no Duration (it was written as it was
 * recorded, without seeking back); its length is then estimated from the last Cluster in the tail: the Cluster's
 * Timecode, plus the latest block's relative timecode, plus one more frame at the pace of the last two.
 *
 * <p>The elements are walked here rather than by jcodec or a Matroska library: those read a file from a stream they
 * own to its end, where this walk sees a head and perhaps a tail, must say which bytes it needs, must resync on a
 * Cluster in the middle of a file, and must not trust a size field to allocate. Every walk is bounded by a step
 * count and moves forward by at least an element header.
 */
final class MatroskaElements {

    static final long EBML = 0x1A45DFA3L;
    private static final long DOC_TYPE = 0x4282;
    private static final long SEGMENT = 0x18538067L;
    private static final long INFO = 0x1549A966L;
    private static final long TIMECODE_SCALE = 0x2AD7B1;
    private static final long DURATION = 0x4489;
    private static final long CLUSTER = 0x1F43B675L;
    private static final long CLUSTER_TIMECODE = 0xE7;
    private static final long SIMPLE_BLOCK = 0xA3;
    private static final long BLOCK_GROUP = 0xA0;
    private static final long BLOCK = 0xA1;

    private static final long DEFAULT_TIMECODE_SCALE = 1_000_000;
    private static final int MAX_ELEMENTS = 4096;
    private static final long MAX_HEADER_BYTES = 4096;
    private static final long MAX_INFO_BYTES = 1024 * 1024;
    /** Cluster IDs tried, from the end backwards, before the estimate gives up (a hostile tail can hold many). */
    private static final int MAX_CLUSTER_CANDIDATES = 64;
    /** Longer than a frame of any video: a gap this long between the last two blocks is not a frame's pace. */
    private static final long MAX_FRAME_NANOS = 1_000_000_000L;

    private MatroskaElements() {
    }

    /** An element's header: its ID (marker bits kept, as the specification writes them) and its data's size. */
    private record Element(long id, long offset, int headerSize, long size) {
        static final long UNKNOWN_SIZE = -1;
        static final Element INVALID = new Element(-1, -1, 0, 0);

        long data() {
            return offset + headerSize;
        }

        boolean sizeKnown() {
            return size != UNKNOWN_SIZE;
        }

        long end() {
            return data() + size;
        }

        /** The element at {@code offset}; null when its header is not known, INVALID when it cannot be one. */
        static Element at(long offset, Bytes bytes) {
            if (!bytes.has(offset, 1)) {
                return null;
            }
            int idLength = vintLength(bytes.u8(offset));
            if (idLength < 1 || idLength > 4) {
                return INVALID;
            }
            if (!bytes.has(offset, idLength + 1L)) {
                return null;
            }
            long id = 0;
            for (int i = 0; i < idLength; i++) {
                id = id << 8 | bytes.u8(offset + i);
            }
            int sizeLength = vintLength(bytes.u8(offset + idLength));
            if (sizeLength < 1) {
                return INVALID;
            }
            if (!bytes.has(offset + idLength, sizeLength)) {
                return null;
            }
            long size = bytes.u8(offset + idLength) & 0xFF >> sizeLength;
            long allOnes = size;
            for (int i = 1; i < sizeLength; i++) {
                size = size << 8 | bytes.u8(offset + idLength + i);
            }
            boolean unknown = size == (1L << 7 * sizeLength) - 1 && allOnes == (0xFF >> sizeLength);
            if (!unknown && size > Long.MAX_VALUE / 2 - offset) {
                return INVALID;
            }
            return new Element(id, offset, idLength + sizeLength, unknown ? UNKNOWN_SIZE : size);
        }

        /** 1 to 8 from the position of the first set bit; 0 for a zero byte (no valid length). */
        private static int vintLength(int first) {
            return first == 0 ? 0 : Integer.numberOfLeadingZeros(first) - 23;
        }
    }

    /** WEBM or MATROSKA from the EBML header's DocType (Matroska when it has none, as the specification says). */
    static FormatSniffing.Sniff sniff(Bytes bytes) {
        Element header = Element.at(0, bytes);
        if (header == null) {
            return bytes.whole() ? FormatSniffing.Sniff.NONE : FormatSniffing.Sniff.MORE;
        }
        if (header == Element.INVALID || !header.sizeKnown() || header.size > MAX_HEADER_BYTES) {
            return FormatSniffing.Sniff.NONE;
        }
        if (!bytes.has(0, header.end())) {
            return bytes.whole() ? FormatSniffing.Sniff.NONE : FormatSniffing.Sniff.MORE;
        }
        long at = header.data();
        for (int step = 0; step < MAX_ELEMENTS && at < header.end(); step++) {
            Element child = Element.at(at, bytes);
            if (child == null || child == Element.INVALID || !child.sizeKnown() || child.end() > header.end()) {
                return FormatSniffing.Sniff.NONE;
            }
            if (child.id == DOC_TYPE) {
                String docType = new String(bytes.copy(child.data(), (int) child.size), StandardCharsets.US_ASCII)
                        .replace("\0", "");
                return switch (docType) {
                    case "webm" -> FormatSniffing.Sniff.of(MediaFormat.WEBM);
                    case "matroska" -> FormatSniffing.Sniff.of(MediaFormat.MATROSKA);
                    default -> FormatSniffing.Sniff.NONE;
                };
            }
            at = child.end();
        }
        return FormatSniffing.Sniff.of(MediaFormat.MATROSKA);
    }

    static Reading read(MediaFormat format, Bytes bytes) {
        Element header = Element.at(0, bytes);
        long at = header.end();
        Element segment = Element.at(at, bytes);
        if (segment == null) {
            return missing(format, at, bytes);
        }
        if (segment == Element.INVALID || segment.id != SEGMENT) {
            return damaged(format, "its header is not followed by a Segment");
        }
        long segmentEnd = segment.sizeKnown() ? segment.end() : Long.MAX_VALUE / 2;
        long timecodeScale = DEFAULT_TIMECODE_SCALE;
        at = segment.data();
        for (int step = 0; step < MAX_ELEMENTS && at < segmentEnd && !bytes.atOrPastEnd(at); step++) {
            Element child = Element.at(at, bytes);
            if (child == null) {
                return missing(format, at, bytes);
            }
            if (child == Element.INVALID) {
                return damaged(format, "an element in its Segment has an impossible header");
            }
            if (child.id == CLUSTER) {
                break;
            }
            if (!child.sizeKnown()) {
                return damaged(format, "an element in its Segment has no size");
            }
            if (child.id == INFO) {
                if (child.size > MAX_INFO_BYTES) {
                    return damaged(format, "its Info is too large");
                }
                if (!bytes.has(child.data(), child.size)) {
                    return bytes.ask(at, child.headerSize + child.size, truncated(format));
                }
                Info info = info(child, bytes);
                if (info == null) {
                    return damaged(format, "its Info has an impossible element");
                }
                if (info.duration.isPresent()) {
                    return new Reading.Video(format, info.duration, false);
                }
                timecodeScale = info.timecodeScale;
                break;
            }
            at = child.end();
        }
        return estimate(format, timecodeScale, bytes);
    }

    private record Info(long timecodeScale, Optional<Duration> duration) {
    }

    private static Info info(Element info, Bytes bytes) {
        long scale = DEFAULT_TIMECODE_SCALE;
        double duration = Double.NaN;
        long at = info.data();
        for (int step = 0; step < MAX_ELEMENTS && at < info.end(); step++) {
            Element child = Element.at(at, bytes);
            if (child == null || child == Element.INVALID || !child.sizeKnown() || child.end() > info.end()) {
                return null;
            }
            if (child.id == TIMECODE_SCALE && child.size >= 1 && child.size <= 8) {
                scale = unsigned(child, bytes);
            } else if (child.id == DURATION && child.size == 4) {
                duration = Float.intBitsToFloat((int) bytes.u32(child.data()));
            } else if (child.id == DURATION && child.size == 8) {
                duration = Double.longBitsToDouble(bytes.u64(child.data()));
            }
            at = child.end();
        }
        if (scale <= 0) {
            return null;
        }
        return new Info(scale, nanos(duration * scale));
    }

    /**
     * Estimates the duration from the last Cluster in the tail, asking for the tail first. Empty when no Cluster
     * there can be read: the duration is then honestly unknown.
     */
    private static Reading estimate(MediaFormat format, long timecodeScale, Bytes bytes) {
        OptionalLong total = bytes.total();
        if (total.isEmpty()) {
            return bytes.ask(-ContainerReader.TAIL_BYTES, ContainerReader.TAIL_BYTES, unknownDuration(format));
        }
        long end = total.getAsLong();
        long tail = Math.max(0, end - ContainerReader.TAIL_BYTES);
        if (!bytes.has(tail, end - tail)) {
            return bytes.ask(tail, end - tail, unknownDuration(format));
        }
        byte[] window = bytes.copy(tail, (int) (end - tail));
        ClusterEnd last = null;
        int candidates = 0;
        for (int i = window.length - 4; i >= 0 && candidates < MAX_CLUSTER_CANDIDATES; i--) {
            if ((window[i] & 0xFF) == 0x1F && (window[i + 1] & 0xFF) == 0x43 && (window[i + 2] & 0xFF) == 0xB6
                    && (window[i + 3] & 0xFF) == 0x75) {
                candidates++;
                ClusterEnd cluster = clusterEnd(tail + i, end, bytes);
                if (cluster == null || last != null && cluster.latest >= last.latest) {
                    continue;
                }
                if (last == null && cluster.gap > 0) {
                    return estimated(format, cluster.latest, cluster.gap, timecodeScale);
                }
                if (last != null) {
                    // The last Cluster held a single block: the one before it gives the pace.
                    return estimated(format, last.latest, last.latest - cluster.latest, timecodeScale);
                }
                last = cluster;
            }
        }
        return last == null ? unknownDuration(format) : estimated(format, last.latest, 0, timecodeScale);
    }

    /** {@code latest} ticks, plus one more frame of {@code gap} ticks unless that is longer than any frame. */
    private static Reading estimated(MediaFormat format, long latest, long gap, long timecodeScale) {
        double frame = (double) gap * timecodeScale;
        double nanos = (double) latest * timecodeScale + (frame > 0 && frame <= MAX_FRAME_NANOS ? frame : 0);
        Optional<Duration> duration = nanos(nanos);
        return new Reading.Video(format, duration, duration.isPresent());
    }

    /** The latest block of a Cluster, in ticks from the start, and the gap to the one before it on its track. */
    private record ClusterEnd(long latest, long gap) {
    }

    /**
     * The end of the Cluster at {@code offset}: its Timecode plus its latest block's, and the gap between its last two
     * blocks of that track (0 for a single block); null when it is not a Cluster with a Timecode.
     */
    private static ClusterEnd clusterEnd(long offset, long end, Bytes bytes) {
        Element cluster = Element.at(offset, bytes);
        if (cluster == null || cluster == Element.INVALID || cluster.id != CLUSTER) {
            return null;
        }
        long clusterEnd = cluster.sizeKnown() ? Math.min(cluster.end(), end) : end;
        long timecode = -1;
        Blocks blocks = new Blocks();
        long at = cluster.data();
        for (int step = 0; step < MAX_ELEMENTS && at < clusterEnd; step++) {
            Element child = Element.at(at, bytes);
            if (child == null || child == Element.INVALID || child.id == CLUSTER || !child.sizeKnown()) {
                break;
            }
            if (child.id == CLUSTER_TIMECODE && child.size >= 1 && child.size <= 8
                    && bytes.has(child.data(), child.size)) {
                timecode = unsigned(child, bytes);
            } else if (child.id == SIMPLE_BLOCK) {
                blocks.add(child, bytes);
            } else if (child.id == BLOCK_GROUP) {
                long inner = child.data();
                for (int innerStep = 0; innerStep < MAX_ELEMENTS && inner < child.end(); innerStep++) {
                    Element block = Element.at(inner, bytes);
                    if (block == null || block == Element.INVALID || !block.sizeKnown()) {
                        break;
                    }
                    if (block.id == BLOCK) {
                        blocks.add(block, bytes);
                    }
                    inner = block.end();
                }
            }
            at = child.end();
        }
        if (timecode < 0 || timecode > Long.MAX_VALUE / 4) {
            return null;
        }
        return new ClusterEnd(Math.max(0, timecode + blocks.latest), blocks.lastGap());
    }

    /** The latest block timecodes (relative to their Cluster) of the latest block's track. */
    private static final class Blocks {
        long latest;
        long track = -1;
        long beforeLatest = Long.MIN_VALUE;

        /** A block's header: its track number (a VINT) and its timecode relative to the Cluster (int16). */
        void add(Element block, Bytes bytes) {
            if (!bytes.has(block.data(), 1)) {
                return;
            }
            int first = bytes.u8(block.data());
            int length = first == 0 ? 0 : Integer.numberOfLeadingZeros(first) - 23;
            if (length < 1 || !bytes.has(block.data(), length + 2L)) {
                return;
            }
            long trackNumber = first & 0xFF >> length;
            for (int i = 1; i < length; i++) {
                trackNumber = trackNumber << 8 | bytes.u8(block.data() + i);
            }
            long relative = (short) bytes.u16(block.data() + length);
            if (track == -1 || relative > latest) {
                if (trackNumber == track) {
                    beforeLatest = latest;
                } else {
                    beforeLatest = Long.MIN_VALUE;
                }
                latest = relative;
                track = trackNumber;
            } else if (trackNumber == track && relative < latest && relative > beforeLatest) {
                beforeLatest = relative;
            }
        }

        long lastGap() {
            return beforeLatest == Long.MIN_VALUE ? 0 : latest - beforeLatest;
        }
    }

    private static long unsigned(Element element, Bytes bytes) {
        long value = 0;
        for (int i = 0; i < element.size; i++) {
            value = value << 8 | bytes.u8(element.data() + i);
        }
        return value;
    }

    private static Optional<Duration> nanos(double nanos) {
        if (Double.isNaN(nanos) || nanos <= 0 || nanos > 1e18) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(nanos)));
    }

    private static Reading missing(MediaFormat format, long at, Bytes bytes) {
        return bytes.ask(at, ContainerReader.HEAD_BYTES, truncated(format));
    }

    private static Reading unknownDuration(MediaFormat format) {
        return new Reading.Video(format, Optional.empty(), false);
    }

    private static Reading truncated(MediaFormat format) {
        return new Reading.Unreadable("is a truncated " + format.displayName() + ": it ends before its Info");
    }

    private static Reading damaged(MediaFormat format, String why) {
        return new Reading.Unreadable("is a damaged " + format.displayName() + ": " + why);
    }
}
