package dev.motioncontrol.adapters.media;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.bmp.BmpHeaderDirectory;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.heif.HeifDirectory;
import dev.motioncontrol.domain.MediaFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * An image's pixel dimensions from its head.
 *
 * <p>The formats the provider takes are parsed here, from a few header bytes, because metadata-extractor (2.19.0)
 * cannot read them from a head: given the first bytes of a PNG it throws at the first chunk it cannot skip
 * ({@code EOFException}), of a WEBP it reports "End of data reached" and no size; a JPEG head it reads as far as the
 * frame header (SOF) when the head holds it, but when it does not, it cannot say where the segment it lacks starts.
 * PNG and WEBP keep their dimensions at fixed offsets in their first 30 bytes, and this walk over a JPEG's segments
 * asks for the next one, so that the fetcher reads 64 KiB more rather than the whole file. The formats the provider
 * refuses (GIF, BMP, TIFF, HEIF, AVIF) are read by metadata-extractor from the bytes known from the start, which it
 * does for GIF and BMP heads; their measures only complete a refusal, which their format alone can make.
 */
final class ImageHeaders {

    /** More than any JPEG written by a camera or an editor holds before its frame header. */
    private static final int MAX_JPEG_SEGMENTS = 4096;
    /** The library reads at most this much of a head it is given (it reads all of it, so it is bounded). */
    private static final int MAX_LIBRARY_BYTES = 16 * 1024 * 1024;

    private ImageHeaders() {
    }

    static Reading read(MediaFormat format, Bytes bytes) {
        return switch (format) {
            case PNG -> png(bytes);
            case JPEG -> jpeg(bytes);
            case WEBP -> webp(bytes);
            default -> fromLibrary(format, bytes);
        };
    }

    private static Reading png(Bytes bytes) {
        if (!bytes.has(0, 24)) {
            return moreOfTheHead(MediaFormat.PNG, bytes);
        }
        if (!bytes.ascii(12, "IHDR")) {
            return damaged(MediaFormat.PNG, "it does not start with its header chunk (IHDR)");
        }
        return image(MediaFormat.PNG, bytes.u32(16), bytes.u32(20));
    }

    private static Reading webp(Bytes bytes) {
        if (!bytes.has(0, 30)) {
            return moreOfTheHead(MediaFormat.WEBP, bytes);
        }
        String chunk = bytes.fourCc(12);
        switch (chunk) {
            case "VP8 ":
                if (bytes.u8(23) != 0x9D || bytes.u8(24) != 0x01 || bytes.u8(25) != 0x2A) {
                    return damaged(MediaFormat.WEBP, "its lossy frame has no start code");
                }
                return image(MediaFormat.WEBP, bytes.u16le(26) & 0x3FFF, bytes.u16le(28) & 0x3FFF);
            case "VP8L":
                if (bytes.u8(20) != 0x2F) {
                    return damaged(MediaFormat.WEBP, "its lossless frame has no signature");
                }
                long bits = bytes.u32le(21);
                return image(MediaFormat.WEBP, (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1);
            case "VP8X":
                return image(MediaFormat.WEBP, bytes.u24le(24) + 1L, bytes.u24le(27) + 1L);
            default:
                return damaged(MediaFormat.WEBP, "its first chunk is not an image");
        }
    }

    /** Walks the segments to the first frame header (SOFn), asking for the next segment when it is not known. */
    private static Reading jpeg(Bytes bytes) {
        long at = 2;
        for (int step = 0; step < MAX_JPEG_SEGMENTS; step++) {
            if (!bytes.has(at, 4)) {
                return nextSegment(at, bytes);
            }
            if (bytes.u8(at) != 0xFF) {
                return damaged(MediaFormat.JPEG, "a segment does not start with a marker");
            }
            int marker = bytes.u8(at + 1);
            if (marker == 0xFF) {
                at += 1;
                continue;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
                at += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return damaged(MediaFormat.JPEG, "its image data starts before its frame header (SOF)");
            }
            int length = bytes.u16(at + 2);
            if (length < 2) {
                return damaged(MediaFormat.JPEG, "a segment has an impossible length");
            }
            if (isFrameHeader(marker)) {
                if (!bytes.has(at + 4, 5)) {
                    return nextSegment(at, bytes);
                }
                return image(MediaFormat.JPEG, bytes.u16(at + 7), bytes.u16(at + 5));
            }
            at += 2 + length;
        }
        return damaged(MediaFormat.JPEG, "no frame header (SOF) in its first " + MAX_JPEG_SEGMENTS + " segments");
    }

    /** SOF0 to SOF15, but for DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static Reading nextSegment(long at, Bytes bytes) {
        return bytes.ask(at, ContainerReader.HEAD_BYTES, truncated(MediaFormat.JPEG));
    }

    /** Where metadata-extractor puts each format's dimensions: a directory type, its width tag, its height tag. */
    private record Dimensions(Class<? extends Directory> directory, int widthTag, int heightTag) {
    }

    private static final List<Dimensions> LIBRARY_DIMENSIONS = List.of(
            new Dimensions(GifHeaderDirectory.class, GifHeaderDirectory.TAG_IMAGE_WIDTH,
                    GifHeaderDirectory.TAG_IMAGE_HEIGHT),
            new Dimensions(BmpHeaderDirectory.class, BmpHeaderDirectory.TAG_IMAGE_WIDTH,
                    BmpHeaderDirectory.TAG_IMAGE_HEIGHT),
            new Dimensions(ExifIFD0Directory.class, ExifIFD0Directory.TAG_IMAGE_WIDTH,
                    ExifIFD0Directory.TAG_IMAGE_HEIGHT),
            new Dimensions(HeifDirectory.class, HeifDirectory.TAG_IMAGE_WIDTH, HeifDirectory.TAG_IMAGE_HEIGHT));

    private static Reading fromLibrary(MediaFormat format, Bytes bytes) {
        int length = (int) Math.min(bytes.contiguousFromStart(), MAX_LIBRARY_BYTES);
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes.copy(0, length)),
                    length);
            for (Dimensions dimensions : LIBRARY_DIMENSIONS) {
                Directory directory = metadata.getFirstDirectoryOfType(dimensions.directory);
                if (directory != null && directory.getInteger(dimensions.widthTag) != null
                        && directory.getInteger(dimensions.heightTag) != null) {
                    // A bitmap stored top-down has a negative height.
                    return image(format, Math.abs((long) directory.getInteger(dimensions.widthTag)),
                            Math.abs((long) directory.getInteger(dimensions.heightTag)));
                }
            }
        } catch (ImageProcessingException | IOException | RuntimeException unreadable) {
            // The library gives up on bytes it cannot follow; the format alone still answers.
        }
        return new Reading.Unreadable("is " + format.withArticle() + " image; "
                + MediaFormat.acceptedNames(MediaFormat.Kind.IMAGE) + " is required");
    }

    private static Reading image(MediaFormat format, long width, long height) {
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return damaged(format, "its header gives an impossible size");
        }
        return new Reading.Image(format, (int) width, (int) height);
    }

    private static Reading moreOfTheHead(MediaFormat format, Bytes bytes) {
        return bytes.ask(0, ContainerReader.HEAD_BYTES, truncated(format));
    }

    private static Reading truncated(MediaFormat format) {
        return new Reading.Unreadable("is a truncated " + format.displayName() + " image: it ends before its size "
                + "is given");
    }

    private static Reading damaged(MediaFormat format, String why) {
        return new Reading.Unreadable("is a damaged " + format.displayName() + " image: " + why);
    }
}
