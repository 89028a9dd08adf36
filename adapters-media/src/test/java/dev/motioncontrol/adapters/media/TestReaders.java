package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/** Small {@link MediaReader}s that stand in for the real one: they ask for bytes the way it does. */
final class TestReaders {

    static final String NOT_AN_IMAGE = "is not a JPEG, PNG or WEBP image";
    static final String NOT_A_VIDEO = "is not an MP4, MOV, WEBM or M4V video";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private TestReaders() {
    }

    /** A PNG's dimensions, from its IHDR chunk at fixed offsets (its first 24 bytes). */
    static MediaReader pngDimensions() {
        return (known, kind) -> {
            if (!known.has(0, 24)) {
                return known.isWhole() ? new Reading.Unreadable(NOT_AN_IMAGE) : new Reading.Needs(0, 24);
            }
            byte[] head = new byte[24];
            known.read(0, head, 0, 24);
            if (!Arrays.equals(Arrays.copyOf(head, 8), PNG_SIGNATURE) || head[12] != 'I' || head[15] != 'R') {
                return new Reading.Unreadable(NOT_AN_IMAGE);
            }
            ByteBuffer ihdr = ByteBuffer.wrap(head);
            return new Reading.Image(MediaFormat.PNG, ihdr.getInt(16), ihdr.getInt(20));
        };
    }

    /**
     * A {@link TestMedia#video} made-up video: its magic in the head, its duration in its last 8 bytes, asked for
     * from the end ({@code Needs(-8, 8)}) when the total length is unknown.
     */
    static MediaReader tailDuration() {
        return tail(8);
    }

    /** Like {@link #tailDuration()}, but asking for the last {@code tailBytes} (an index at the end, say). */
    static MediaReader tail(int tailBytes) {
        return (known, kind) -> {
            if (!known.has(0, 4)) {
                return known.isWhole() ? new Reading.Unreadable(NOT_A_VIDEO) : new Reading.Needs(0, 4);
            }
            byte[] magic = new byte[4];
            known.read(0, magic, 0, 4);
            if (!Arrays.equals(magic, TestMedia.VIDEO_MAGIC)) {
                return new Reading.Unreadable(NOT_A_VIDEO);
            }
            OptionalLong total = known.totalLength();
            if (total.isEmpty() || !known.has(total.getAsLong() - tailBytes, tailBytes)) {
                return new Reading.Needs(-tailBytes, tailBytes);
            }
            byte[] last = new byte[8];
            known.read(total.getAsLong() - 8, last, 0, 8);
            return new Reading.Video(MediaFormat.MP4, Optional.of(Duration.ofMillis(ByteBuffer.wrap(last).getLong())),
                false);
        };
    }
}
