package dev.motioncontrol.adapters.media;

import java.util.OptionalLong;

/**
 * Reads numbers from the known bytes of a medium, checking every offset: a size field read from a hostile file may
 * point anywhere, so an offset or length that is negative or overflows is simply not known, and nothing here
 * allocates more than the few bytes asked for.
 */
final class Bytes {

    private final KnownBytes known;
    private final byte[] scratch = new byte[8];

    Bytes(KnownBytes known) {
        this.known = known;
    }

    /** Whether the {@code length} bytes from {@code offset} are known. */
    boolean has(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= Long.MAX_VALUE - length && known.has(offset, length);
    }

    /** The medium's length when known (told by the server, or because every byte is). */
    OptionalLong total() {
        return known.totalLength();
    }

    /** Whether every byte of the medium is known: nothing more can be asked for. */
    boolean whole() {
        return known.isWhole();
    }

    /** Whether {@code offset} is at or past the end of the medium, as far as its length is known. */
    boolean atOrPastEnd(long offset) {
        return known.totalLength().isPresent() && offset >= known.totalLength().getAsLong();
    }

    /**
     * Asks for the {@code length} bytes from {@code offset} (negative: from the end), cut to the medium's end when it
     * is known; or answers {@code atEnd} when asking would bring no byte not known yet (every byte is known, or the
     * range lies past the end, or all of it is known): a reader never asks twice for the same bytes.
     */
    Reading ask(long offset, long length, Reading atEnd) {
        if (whole()) {
            return atEnd;
        }
        if (offset < 0) {
            return new Reading.Needs(offset, length);
        }
        long asked = length;
        if (known.totalLength().isPresent()) {
            asked = Math.min(asked, known.totalLength().getAsLong() - offset);
        }
        if (asked <= 0 || has(offset, asked)) {
            return atEnd;
        }
        return new Reading.Needs(offset, asked);
    }

    long contiguousFromStart() {
        return known.contiguousFromStart();
    }

    /** A copy of the {@code length} known bytes from {@code offset}; the caller checked {@link #has} first. */
    byte[] copy(long offset, int length) {
        byte[] into = new byte[length];
        if (known.read(offset, into, 0, length) != length) {
            throw new IllegalStateException("bytes " + offset + "+" + length + " are not known");
        }
        return into;
    }

    int u8(long offset) {
        return (int) big(offset, 1);
    }

    int u16(long offset) {
        return (int) big(offset, 2);
    }

    long u32(long offset) {
        return big(offset, 4);
    }

    /** An unsigned 64-bit number; negative when it does not fit a long (no honest file has such a size). */
    long u64(long offset) {
        return big(offset, 8);
    }

    int u16le(long offset) {
        return (int) little(offset, 2);
    }

    int u24le(long offset) {
        return (int) little(offset, 3);
    }

    long u32le(long offset) {
        return little(offset, 4);
    }

    /** Whether the bytes at {@code offset} are the ASCII text {@code text}. */
    boolean ascii(long offset, String text) {
        if (!has(offset, text.length())) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (u8(offset + i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The four bytes at {@code offset} as ASCII (a box type, a brand, a chunk name). */
    String fourCc(long offset) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            chars[i] = (char) u8(offset + i);
        }
        return new String(chars);
    }

    private long big(long offset, int length) {
        fill(offset, length);
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | scratch[i] & 0xFF;
        }
        return value;
    }

    private long little(long offset, int length) {
        fill(offset, length);
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = value << 8 | scratch[i] & 0xFF;
        }
        return value;
    }

    private void fill(long offset, int length) {
        if (!has(offset, length) || known.read(offset, scratch, 0, length) != length) {
            throw new IllegalStateException("bytes " + offset + "+" + length + " are not known");
        }
    }
}
