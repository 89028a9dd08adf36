package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;
import java.util.Set;

/**
 * Which format a medium's first bytes say it is, whatever its name says: magic numbers, the brands of an ISO-BMFF
 * {@code ftyp} box, the DocType of an EBML header.
 */
final class FormatSniffing {

    /** Every signature below fits in this many bytes, but for the EBML header, which is read to its DocType. */
    private static final int SIGNATURE_BYTES = 16;
    private static final int MAX_BRANDS = 64;

    private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7",
            "iso8", "iso9", "mp41", "mp42", "mp71", "avc1", "dash", "msdh", "msix", "mmp4", "MSNV", "XAVC", "f4v ",
            "cmfc", "cmfs", "cmf2");
    private static final Set<String> M4V_BRANDS = Set.of("M4V ", "M4VH", "M4VP");
    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm",
            "hevs");
    /** Brands that any HEIF-based image carries, AVIF included: they say HEIF only when nothing stronger does. */
    private static final Set<String> WEAK_HEIF_BRANDS = Set.of("mif1", "mif2", "msf1", "miaf");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    /** First boxes of a QuickTime movie written before QuickTime had an {@code ftyp} box. */
    private static final Set<String> OLD_QUICKTIME_BOXES = Set.of("moov", "mdat", "wide", "pnot");

    /** What the first bytes say: a format, that they match none, or that more of them must be read first. */
    record Sniff(MediaFormat format, boolean needsMore) {
        static final Sniff NONE = new Sniff(null, false);
        static final Sniff MORE = new Sniff(null, true);

        static Sniff of(MediaFormat format) {
            return new Sniff(format, false);
        }
    }

    private FormatSniffing() {
    }

    static Sniff sniff(Bytes bytes) {
        if (!bytes.has(0, SIGNATURE_BYTES) && !bytes.whole()) {
            return Sniff.MORE;
        }
        if (bytes.has(0, 3) && bytes.u8(0) == 0xFF && bytes.u8(1) == 0xD8 && bytes.u8(2) == 0xFF) {
            return Sniff.of(MediaFormat.JPEG);
        }
        if (bytes.has(0, 8) && bytes.u32(0) == 0x89504E47L && bytes.u32(4) == 0x0D0A1A0AL) {
            return Sniff.of(MediaFormat.PNG);
        }
        if (bytes.ascii(0, "GIF87a") || bytes.ascii(0, "GIF89a")) {
            return Sniff.of(MediaFormat.GIF);
        }
        if (bytes.has(0, 4) && (bytes.u32(0) == 0x49492A00L || bytes.u32(0) == 0x4D4D002AL)) {
            return Sniff.of(MediaFormat.TIFF);
        }
        if (bytes.ascii(0, "RIFF") && bytes.ascii(8, "WEBP")) {
            return Sniff.of(MediaFormat.WEBP);
        }
        if (bytes.ascii(0, "RIFF") && bytes.ascii(8, "AVI ")) {
            return Sniff.of(MediaFormat.AVI);
        }
        if (bytes.has(0, 4) && bytes.u32(0) == MatroskaElements.EBML) {
            return MatroskaElements.sniff(bytes);
        }
        if (bytes.ascii(4, "ftyp")) {
            return Sniff.of(brandFormat(bytes));
        }
        if (bytes.has(4, 4) && OLD_QUICKTIME_BOXES.contains(bytes.fourCc(4))) {
            return Sniff.of(MediaFormat.MOV);
        }
        if (bytes.ascii(0, "BM") && isBitmapHeader(bytes)) {
            return Sniff.of(MediaFormat.BMP);
        }
        return Sniff.NONE;
    }

    /** The format an {@code ftyp} box's major brand says, or failing that its compatible brands; MP4 for none known. */
    private static MediaFormat brandFormat(Bytes bytes) {
        MediaFormat major = bytes.has(8, 4) ? strongBrand(bytes.fourCc(8)) : null;
        if (major != null) {
            return major;
        }
        long end = bytes.has(0, 4) ? Math.min(bytes.u32(0), 16 + 4L * MAX_BRANDS) : 0;
        boolean heif = bytes.has(8, 4) && WEAK_HEIF_BRANDS.contains(bytes.fourCc(8));
        for (long at = 16; at + 4 <= end && bytes.has(at, 4); at += 4) {
            String brand = bytes.fourCc(at);
            MediaFormat compatible = strongBrand(brand);
            if (compatible != null) {
                return compatible;
            }
            heif |= WEAK_HEIF_BRANDS.contains(brand);
        }
        // An ISO-BMFF file whose brands this list does not know (a camera's, an encoder's own) is read as the MP4 it
        // most likely is, by the provider as by any MP4 reader: refusing it would refuse a video for its label.
        return heif ? MediaFormat.HEIF : MediaFormat.MP4;
    }

    private static MediaFormat strongBrand(String brand) {
        if (brand.equals("qt  ")) {
            return MediaFormat.MOV;
        }
        if (M4V_BRANDS.contains(brand)) {
            return MediaFormat.M4V;
        }
        if (brand.startsWith("3gp") || brand.startsWith("3g2")) {
            return MediaFormat.THREE_GP;
        }
        if (HEIF_BRANDS.contains(brand)) {
            return MediaFormat.HEIF;
        }
        if (AVIF_BRANDS.contains(brand)) {
            return MediaFormat.AVIF;
        }
        return MP4_BRANDS.contains(brand) ? MediaFormat.MP4 : null;
    }

    /** "BM" alone is two letters of text; a bitmap's info header has one of a few known sizes. */
    private static boolean isBitmapHeader(Bytes bytes) {
        if (!bytes.has(14, 4)) {
            return false;
        }
        long infoSize = bytes.u32le(14);
        return infoSize == 12 || infoSize == 40 || infoSize == 52 || infoSize == 56 || infoSize == 64
                || infoSize == 108 || infoSize == 124;
    }
}
