package dev.motioncontrol.domain;

import java.util.Objects;

/**
 * What a probe measured of a character image.
 *
 * @param format      the format its bytes are in
 * @param widthPx     its width in pixels
 * @param heightPx    its height in pixels
 * @param sizeBytes   its size in bytes; when {@code sizeIsAtLeast}, only a lower bound (the probe stopped reading
 *                    past the largest size allowed, the server having not said how large it is)
 * @param sizeIsAtLeast whether {@code sizeBytes} is a lower bound rather than the size
 */
public record ImageFacts(MediaFormat format, int widthPx, int heightPx, long sizeBytes, boolean sizeIsAtLeast) {

    public ImageFacts {
        Objects.requireNonNull(format, "format");
        if (format.kind() != MediaFormat.Kind.IMAGE) {
            throw new IllegalArgumentException(format + " is not an image format");
        }
        if (widthPx < 0 || heightPx < 0 || sizeBytes < 0) {
            throw new IllegalArgumentException("image facts are never negative");
        }
    }

    /** An image of a known size. */
    public static ImageFacts of(MediaFormat format, int widthPx, int heightPx, long sizeBytes) {
        return new ImageFacts(format, widthPx, heightPx, sizeBytes, false);
    }
}
