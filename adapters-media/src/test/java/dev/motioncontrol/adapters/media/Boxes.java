package dev.motioncontrol.adapters.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** ISO-BMFF boxes written by hand, for the cases ffmpeg does not make: version 1 headers, 64-bit sizes, mehd. */
final class Boxes {

    private Boxes() {
    }

    static byte[] box(String type, byte[]... children) {
        byte[] content = concat(children);
        return ByteBuffer.allocate(8 + content.length).putInt(8 + content.length)
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(content).array();
    }

    /** A box of {@code contentBytes} zeros whose size is written in 64 bits. */
    static byte[] largeBox(String type, int contentBytes) {
        return ByteBuffer.allocate(16 + contentBytes).putInt(1).put(type.getBytes(StandardCharsets.US_ASCII))
                .putLong(16 + contentBytes).array();
    }

    /** A file type box of major brand {@code brand}, compatible with it and with {@code compatible}. */
    static byte[] ftyp(String brand, String... compatible) {
        byte[] brands = ascii(brand);
        for (String other : compatible) {
            brands = concat(brands, ascii(other));
        }
        return box("ftyp", ascii(brand), new byte[4], brands);
    }

    static byte[] mvhd(int version, long timescale, long duration) {
        ByteBuffer content = ByteBuffer.allocate(version == 1 ? 112 : 100).putInt(version << 24);
        if (version == 1) {
            content.putLong(0).putLong(0).putInt((int) timescale).putLong(duration);
        } else {
            content.putInt(0).putInt(0).putInt((int) timescale).putInt((int) duration);
        }
        return box("mvhd", content.array());
    }

    static byte[] mehd(int version, long duration) {
        ByteBuffer content = ByteBuffer.allocate(version == 1 ? 12 : 8).putInt(version << 24);
        if (version == 1) {
            content.putLong(duration);
        } else {
            content.putInt((int) duration);
        }
        return box("mehd", content.array());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
