package dev.motioncontrol.domain;

import java.util.Arrays;
import java.util.List;

/**
 * A media file's format as its bytes tell it, whatever its name says: the formats the provider accepts, and the
 * others a probe recognises well enough to name in a refusal ("is a GIF image").
 */
public enum MediaFormat {

    JPEG("JPEG", Kind.IMAGE, true, false),
    PNG("PNG", Kind.IMAGE, true, false),
    WEBP("WEBP", Kind.IMAGE, true, false),
    GIF("GIF", Kind.IMAGE, false, false),
    BMP("BMP", Kind.IMAGE, false, false),
    TIFF("TIFF", Kind.IMAGE, false, false),
    HEIF("HEIF", Kind.IMAGE, false, false),
    AVIF("AVIF", Kind.IMAGE, false, true),
    MP4("MP4", Kind.VIDEO, true, true),
    MOV("MOV", Kind.VIDEO, true, false),
    WEBM("WEBM", Kind.VIDEO, true, false),
    M4V("M4V", Kind.VIDEO, true, true),
    MATROSKA("Matroska (MKV)", Kind.VIDEO, false, false),
    THREE_GP("3GP", Kind.VIDEO, false, false),
    AVI("AVI", Kind.VIDEO, false, true);

    /** Image or video. */
    public enum Kind {
        IMAGE("image", "an image"),
        VIDEO("video", "a video");

        private final String noun;
        private final String withArticle;

        Kind(String noun, String withArticle) {
            this.noun = noun;
            this.withArticle = withArticle;
        }

        /** "image" or "video". */
        public String noun() {
            return noun;
        }

        /** "an image" or "a video". */
        public String withArticle() {
            return withArticle;
        }
    }

    private final String displayName;
    private final Kind kind;
    private final boolean accepted;
    private final boolean takesAn;

    MediaFormat(String displayName, Kind kind, boolean accepted, boolean takesAn) {
        this.displayName = displayName;
        this.kind = kind;
        this.accepted = accepted;
        this.takesAn = takesAn;
    }

    /** The name people know it by: "JPEG", "Matroska (MKV)". */
    public String displayName() {
        return displayName;
    }

    /** Its name after "a" or "an", as it is read aloud: "a GIF", "an MP4", "a MOV", "an AVIF". */
    public String withArticle() {
        return (takesAn ? "an " : "a ") + displayName;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the provider takes media of this format (for its kind). */
    public boolean isAccepted() {
        return accepted;
    }

    /** The formats of {@code kind} the provider takes, in the provider's order. */
    public static List<MediaFormat> accepted(Kind kind) {
        return Arrays.stream(values()).filter(format -> format.kind == kind && format.accepted).toList();
    }

    /** "a JPEG, PNG or WEBP", "an MP4, MOV, WEBM or M4V": {@link #acceptedNames} after its article. */
    public static String acceptedNamesWithArticle(Kind kind) {
        return (accepted(kind).get(0).takesAn ? "an " : "a ") + acceptedNames(kind);
    }

    /** "JPEG, PNG or WEBP": the accepted formats of {@code kind}, for a message. */
    public static String acceptedNames(Kind kind) {
        List<String> names = accepted(kind).stream().map(MediaFormat::displayName).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
