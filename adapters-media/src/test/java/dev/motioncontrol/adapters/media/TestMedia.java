package dev.motioncontrol.adapters.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Media for tests: the committed fixtures (made by {@code fixtures/make-fixtures.sh}), and images made at test time,
 * of exact sizes too large to commit (a 10 MB image and one byte more).
 */
public final class TestMedia {

    /** 10 MB as the provider counts it. */
    public static final int TEN_MB = 10 * 1024 * 1024;

    /** The bytes a made-up {@link #video} starts with (for the prober's tests, whose reader reads only that). */
    static final byte[] VIDEO_MAGIC = "VIDX".getBytes(StandardCharsets.US_ASCII);

    private TestMedia() {
    }

    /** The committed fixture {@code name} from {@code src/test/resources/media/}. */
    public static byte[] fixture(String name) {
        try (InputStream in = TestMedia.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid grey PNG of {@code width}×{@code height} px. */
    public static byte[] png(int width, int height) {
        return paddedPng(width, height, 0);
    }

    /**
     * A valid PNG of {@code width}×{@code height} px, exactly {@code totalBytes} long: a text chunk after its header
     * makes up the difference (0 for no padding).
     */
    public static byte[] paddedPng(int width, int height, int totalBytes) {
        byte[] header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array();
        byte[] pixels = deflate(new byte[(width + 1) * height]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", header);
        int unpadded = out.size() + 12 + pixels.length + 12;
        if (totalBytes > 0) {
            byte[] keyword = "Comment\0".getBytes(StandardCharsets.ISO_8859_1);
            int text = totalBytes - unpadded - 12;
            if (text < keyword.length) {
                throw new IllegalArgumentException("a " + width + "×" + height + " PNG takes more than " + totalBytes
                        + " bytes");
            }
            byte[] comment = new byte[text];
            System.arraycopy(keyword, 0, comment, 0, keyword.length);
            java.util.Arrays.fill(comment, keyword.length, text, (byte) 'x');
            chunk(out, "tEXt", comment);
        }
        chunk(out, "IDAT", pixels);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A baseline JPEG of {@code width}×{@code height} px, written by the JDK. */
    public static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A JPEG of {@code width}×{@code height} px, exactly {@code totalBytes} long: comment segments (COM) before its
     * image data make up the difference, after its frame header, as in a photo whose size is in its pixels.
     */
    public static byte[] paddedJpeg(int width, int height, int totalBytes) {
        byte[] jpeg = jpeg(width, height);
        return withComments(jpeg, startOfScan(jpeg), totalBytes - jpeg.length);
    }

    /**
     * A JPEG of {@code width}×{@code height} px whose frame header comes after {@code commentBytes} of comment
     * segments right after its start, as a photo's EXIF, ICC profile and XMP push it back.
     */
    public static byte[] jpegWithSegmentsFirst(int width, int height, int commentBytes) {
        return withComments(jpeg(width, height), 2, commentBytes);
    }

    /** {@code jpeg} with COM segments of {@code bytes} in all inserted at {@code at} (a segment boundary). */
    private static byte[] withComments(byte[] jpeg, int at, int bytes) {
        int maxSegment = 2 + 65535;
        if (bytes < 0 || bytes > 0 && bytes < 4) {
            throw new IllegalArgumentException("cannot pad a JPEG by " + bytes + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + bytes);
        out.write(jpeg, 0, at);
        int left = bytes;
        while (left > 0) {
            int segment = Math.min(left, maxSegment);
            if (left - segment > 0 && left - segment < 4) {
                segment -= 4;
            }
            int length = segment - 2;
            out.write(0xFF);
            out.write(0xFE);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.write(new byte[length - 2], 0, length - 2);
            left -= segment;
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** Where a JPEG's first scan (SOS) starts, by its segments' lengths. */
    private static int startOfScan(byte[] jpeg) {
        int at = 2;
        while ((jpeg[at + 1] & 0xFF) != 0xDA) {
            at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF);
        }
        return at;
    }

    /**
     * An MP4 of {@code mediaBytes} of media data, its index (moov) taken from the committed fixture
     * {@code videoFixture}, before the media data ({@code indexFirst}) or after it: a large file with a real index
     * (the index's chunk offsets no longer point at frames, which a reader of the duration does not look at).
     */
    public static byte[] largeMp4(String videoFixture, int mediaBytes, boolean indexFirst) {
        byte[] source = fixture(videoFixture);
        byte[] ftyp = box(source, "ftyp");
        byte[] moov = box(source, "moov");
        ByteBuffer out = ByteBuffer.allocate(ftyp.length + moov.length + 8 + mediaBytes);
        out.put(ftyp);
        if (indexFirst) {
            out.put(moov);
        }
        out.putInt(8 + mediaBytes).put("mdat".getBytes(StandardCharsets.US_ASCII)).put(new byte[mediaBytes]);
        if (!indexFirst) {
            out.put(moov);
        }
        return out.array();
    }

    /**
     * The committed WebM {@code webmFixture} with a Void element of {@code voidBytes} before its first Cluster: a long
     * recording, whose last Cluster is far from its head. Only a WebM whose Segment has an unknown size (as one
     * recorded live) stays valid so; another one's Segment size then falls short of its end.
     */
    public static byte[] largeWebm(String webmFixture, int voidBytes) {
        byte[] source = fixture(webmFixture);
        int cluster = indexOf(source, new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75});
        ByteBuffer out = ByteBuffer.allocate(source.length + voidBytes);
        out.put(source, 0, cluster);
        out.put((byte) 0xEC).put((byte) 0x01).put(new byte[] {0, 0, 0}).putInt(voidBytes - 9);
        out.put(new byte[voidBytes - 9]);
        out.put(source, cluster, source.length - cluster);
        return out.array();
    }

    /** The top-level box {@code type} of an ISO-BMFF file, whole (32-bit sizes only, as the fixtures have). */
    static byte[] box(byte[] file, String type) {
        int at = 0;
        while (at + 8 <= file.length) {
            int size = ByteBuffer.wrap(file, at, 4).getInt();
            if (new String(file, at + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return java.util.Arrays.copyOfRange(file, at, at + size);
            }
            at += size;
        }
        throw new IllegalArgumentException("no " + type + " box");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
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
}
