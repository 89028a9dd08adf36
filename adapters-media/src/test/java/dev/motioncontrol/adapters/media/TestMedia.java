package dev.motioncontrol.adapters.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Media bytes for the tests: real PNG and JPEG files from ImageIO, padded to any size; a made-up video format. */
final class TestMedia {

    /** The bytes a {@link TestReaders#tailDuration()} video starts with. */
    static final byte[] VIDEO_MAGIC = "VIDX".getBytes(StandardCharsets.US_ASCII);

    private TestMedia() {
    }

    static byte[] png(int width, int height) {
        return encode("png", width, height, BufferedImage.TYPE_INT_ARGB);
    }

    static byte[] jpeg(int width, int height) {
        return encode("jpeg", width, height, BufferedImage.TYPE_INT_RGB);
    }

    /**
     * A valid PNG of {@code totalBytes}: an ancillary, private chunk ({@code prVt}, which decoders skip) right after
     * the IHDR chunk carries the padding.
     */
    static byte[] paddedPng(int width, int height, int totalBytes) {
        byte[] png = png(width, height);
        int ihdrEnd = 8 + 25;
        int padding = totalBytes - png.length - 12;
        if (padding < 0) {
            throw new IllegalArgumentException("a " + width + "×" + height + " PNG takes " + (png.length + 12)
                + " bytes");
        }
        byte[] type = "prVt".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(new byte[padding]);
        ByteBuffer padded = ByteBuffer.allocate(totalBytes);
        padded.put(png, 0, ihdrEnd).putInt(padding).put(type).put(new byte[padding]).putInt((int) crc.getValue())
            .put(png, ihdrEnd, png.length - ihdrEnd);
        return padded.array();
    }

    /** The first {@code count} bytes of {@code bytes}. */
    static byte[] head(byte[] bytes, int count) {
        return Arrays.copyOf(bytes, count);
    }

    /** A made-up video of {@code totalBytes}: {@link #VIDEO_MAGIC}, zeros, and its duration in ms in its last 8. */
    static byte[] video(int totalBytes, long durationMillis) {
        ByteBuffer video = ByteBuffer.allocate(totalBytes);
        video.put(VIDEO_MAGIC);
        video.putLong(totalBytes - 8, durationMillis);
        return video.array();
    }

    private static byte[] encode(String format, int width, int height, int type) {
        try {
            BufferedImage image = new BufferedImage(width, height, type);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
