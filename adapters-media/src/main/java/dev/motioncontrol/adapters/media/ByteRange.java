package dev.motioncontrol.adapters.media;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A range of a medium's bytes to ask its server for: {@code length} bytes from {@code start}, or, with a negative
 * {@code start}, its last {@code length} bytes (for when its total length is not known yet).
 */
record ByteRange(long start, long length) {

    ByteRange {
        if (length <= 0) {
            throw new IllegalArgumentException("a range holds at least one byte, was " + length);
        }
        if (start < -1) {
            throw new IllegalArgumentException("a range starts at an offset, or at -1 for the last bytes, was "
                + start);
        }
    }

    /** {@code length} bytes from {@code start}. */
    static ByteRange of(long start, long length) {
        if (start < 0) {
            throw new IllegalArgumentException("offset " + start);
        }
        return new ByteRange(start, length);
    }

    /** The last {@code length} bytes. */
    static ByteRange last(long length) {
        return new ByteRange(-1, length);
    }

    /**
     * The range a reader's {@code needs} asks for, given the medium's total length when it is known: a range from the
     * end is made absolute, and a range that runs past the end is cut there. Empty when it lies wholly past the end.
     */
    static Optional<ByteRange> forNeeds(Reading.Needs needs, OptionalLong total) {
        if (needs.length() <= 0) {
            return Optional.empty();
        }
        if (needs.offset() < 0 && total.isEmpty()) {
            return Optional.of(last(-needs.offset()));
        }
        long start = needs.offset() < 0 ? Math.max(0, total.getAsLong() + needs.offset()) : needs.offset();
        long end = start + needs.length();
        if (total.isPresent()) {
            end = Math.min(end, total.getAsLong());
        }
        return end > start ? Optional.of(of(start, end - start)) : Optional.empty();
    }

    boolean isLast() {
        return start < 0;
    }

    /** The {@code Range} header that asks for it: {@code bytes=0-65535}, {@code bytes=-8}. */
    String header() {
        return isLast() ? "bytes=-" + length : "bytes=" + start + "-" + (start + length - 1);
    }
}
