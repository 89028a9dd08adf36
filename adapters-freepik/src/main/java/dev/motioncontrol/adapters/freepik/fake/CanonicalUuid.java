package dev.motioncontrol.adapters.freepik.fake;

/**
 * Reads a UUID written the way the fake writes task ids ({@link java.util.UUID#toString()}: 36 characters,
 * lower-case hex, dashes at 8, 13, 18 and 23) into its two halves, without allocating. Any other spelling
 * is not an id the fake issued.
 */
final class CanonicalUuid {

    private static final int LENGTH = 36;

    private CanonicalUuid() {
    }

    static boolean isCanonical(String text) {
        if (text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The most significant 64 bits of a {@linkplain #isCanonical canonical} UUID. */
    static long high(String canonical) {
        return hex(canonical, 0, 8) << 32 | hex(canonical, 9, 13) << 16 | hex(canonical, 14, 18);
    }

    /** The least significant 64 bits of a {@linkplain #isCanonical canonical} UUID. */
    static long low(String canonical) {
        return hex(canonical, 19, 23) << 48 | hex(canonical, 24, 36);
    }

    private static long hex(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value << 4 | Character.digit(text.charAt(i), 16);
        }
        return value;
    }
}
