package dev.motioncontrol.domain;

import java.util.Arrays;
import java.util.List;

/**
 * A media file's format as its bytes tell it, whatever its name says: the formats the provider accepts, and the
 * others a probe recognises well enough to name in a refusal ("is a GIF image").
 */
public enum MediaFormat {

    JPEG("JPEG", Kind.IMAGE, true),
    PNG("PNG", Kind.IMAGE, true),
    WEBP("WEBP", Kind.IMAGE, true),
    GIF("GIF", Kind.IMAGE, false),
    BMP("BMP", Kind.IMAGE, false),
    TIFF("TIFF", Kind.IMAGE, false),
    HEIF("HEIF", Kind.IMAGE, false),
    AVIF("AVIF", Kind.IMAGE, false),
    MP4("MP4", Kind.VIDEO, true),
    MOV("MOV", Kind.VIDEO, true),
    WEBM("WEBM", Kind.VIDEO, true),
    M4V("M4V", Kind.VIDEO, true),
    MATROSKA("Matroska (MKV)", Kind.VIDEO, false),
    THREE_GP("3GP", Kind.VIDEO, false),
    AVI("AVI", Kind.VIDEO, false);

    /** Image or video. */
    public enum Kind {
        IMAGE("image"),
        VIDEO("video");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }

        /** "image" or "video". */
        public String noun() {
            return noun;
        }
    }

    private final String displayName;
    private final Kind kind;
    private final boolean accepted;

    MediaFormat(String displayName, Kind kind, boolean accepted) {
        this.displayName = displayName;
        this.kind = kind;
        this.accepted = accepted;
    }

    /** The name people know it by: "JPEG", "Matroska (MKV)". */
    public String displayName() {
        return displayName;
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

    /** "JPEG, PNG or WEBP": the accepted formats of {@code kind}, for a message. */
    public static String acceptedNames(Kind kind) {
        List<String> names = accepted(kind).stream().map(MediaFormat::displayName).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
