package dev.motioncontrol.adapters.media;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What is known of a medium's bytes while it is probed: the ranges read so far (its head, perhaps its tail), and its
 * total length when the server said. Not thread-safe: one probe fills it and reads it, in turn.
 */
public final class KnownBytes {

    private final TreeMap<Long, byte[]> ranges = new TreeMap<>();
    private OptionalLong totalLength;
    private boolean endKnown;

    public KnownBytes(OptionalLong totalLength) {
        this.totalLength = Objects.requireNonNull(totalLength, "totalLength");
    }

    /**
     * Adds the bytes read from {@code offset} on. Ranges may touch or overlap (a tail that reaches into the head, a
     * range read again): only the bytes not known yet are kept, so that the known ranges never overlap, which
     * {@link #has} and {@link #read} rely on.
     */
    public void add(long offset, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset);
        }
        long end = offset + bytes.length;
        long at = offset;
        Map.Entry<Long, byte[]> before = ranges.floorEntry(at);
        if (before != null) {
            at = Math.max(at, before.getKey() + before.getValue().length);
        }
        while (at < end) {
            Map.Entry<Long, byte[]> next = ranges.ceilingEntry(at);
            long gapEnd = next == null ? end : Math.min(end, next.getKey());
            if (at == offset && gapEnd == end) {
                ranges.put(offset, bytes);
            } else if (gapEnd > at) {
                ranges.put(at, Arrays.copyOfRange(bytes, (int) (at - offset), (int) (gapEnd - offset)));
            }
            if (next == null || next.getKey() >= end) {
                break;
            }
            at = next.getKey() + next.getValue().length;
        }
    }

    /** Learns the total length (from a range answer, or from a read that reached the end). */
    public void totalLength(long length) {
        this.totalLength = OptionalLong.of(length);
    }

    /** Marks that the bytes read from 0 on run to the end of the medium (a whole read that ended). */
    public void readToTheEnd() {
        this.endKnown = true;
        long end = contiguousFromStart();
        totalLength = OptionalLong.of(end);
    }

    public OptionalLong totalLength() {
        return totalLength;
    }

    /** Whether every byte of the medium is known. */
    public boolean isWhole() {
        return endKnown || totalLength.isPresent() && contiguousFromStart() >= totalLength.getAsLong();
    }

    /** How many bytes are known, in all ranges. */
    public long size() {
        return ranges.values().stream().mapToLong(bytes -> bytes.length).sum();
    }

    /** How many bytes are known from the start on without a gap. */
    public long contiguousFromStart() {
        long end = 0;
        for (Map.Entry<Long, byte[]> range : ranges.entrySet()) {
            if (range.getKey() > end) {
                break;
            }
            end = Math.max(end, range.getKey() + range.getValue().length);
        }
        return end;
    }

    /** Whether the {@code length} bytes from {@code offset} are all known. */
    public boolean has(long offset, long length) {
        long at = offset;
        long end = offset + length;
        Map.Entry<Long, byte[]> range = ranges.floorEntry(at);
        while (at < end) {
            if (range == null || range.getKey() + range.getValue().length <= at) {
                return false;
            }
            at = range.getKey() + range.getValue().length;
            range = ranges.higherEntry(range.getKey());
            if (range != null && range.getKey() > at) {
                range = null;
            }
        }
        return true;
    }

    /**
     * Copies the {@code length} bytes from {@code offset} into {@code into} at {@code at}, as far as they are known
     * without a gap; returns how many were copied (0 when the byte at {@code offset} is not known).
     */
    public int read(long offset, byte[] into, int at, int length) {
        int copied = 0;
        while (copied < length) {
            long position = offset + copied;
            Map.Entry<Long, byte[]> range = ranges.floorEntry(position);
            if (range == null || range.getKey() + range.getValue().length <= position) {
                break;
            }
            int from = (int) (position - range.getKey());
            int count = Math.min(length - copied, range.getValue().length - from);
            System.arraycopy(range.getValue(), from, into, at + copied, count);
            copied += count;
        }
        return copied;
    }
}
