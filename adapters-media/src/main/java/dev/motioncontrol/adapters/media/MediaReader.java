package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;

/**
 * Reads a medium's format and measures from the bytes known of it, asking for more when it needs them. Never throws
 * and never loops: corrupt or hostile bytes are {@link Reading.Unreadable}; it only reads what it is given.
 */
@FunctionalInterface
public interface MediaReader {

    /** What {@code known} is, as a medium of {@code kind}. */
    Reading read(KnownBytes known, MediaFormat.Kind kind);
}
