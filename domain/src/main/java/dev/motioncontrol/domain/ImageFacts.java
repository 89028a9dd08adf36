package dev.motioncontrol.domain;

/** What a probe measured of a character image. */
public record ImageFacts(int widthPx, int heightPx, long sizeBytes) {

    public ImageFacts {
        if (widthPx < 0 || heightPx < 0 || sizeBytes < 0) {
            throw new IllegalArgumentException("image facts are never negative");
        }
    }
}
