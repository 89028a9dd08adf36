package dev.motioncontrol.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The provider's rules about the media themselves, which only a probe of the files can check: the image
 * at least {@value #MIN_IMAGE_SIDE_PX}×{@value #MIN_IMAGE_SIDE_PX} px and at most 10 MB, the reference
 * video 3 to 30 s long, and, with orientation {@code image}, at most 10 s.
 */
public final class MediaFactRules {

    public static final int MIN_IMAGE_SIDE_PX = 300;
    /** 10 MB, read as 10 MiB: the provider does not say which, and this is the larger. */
    public static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    public static final Duration MIN_VIDEO = Duration.ofSeconds(3);
    public static final Duration MAX_VIDEO = Duration.ofSeconds(30);

    private MediaFactRules() {
    }

    /** Every rule {@code image} breaks, reported against {@code image_url}. */
    public static List<Violation> check(ImageFacts image) {
        Objects.requireNonNull(image, "image");
        List<Violation> violations = new ArrayList<>();
        if (image.widthPx() < MIN_IMAGE_SIDE_PX || image.heightPx() < MIN_IMAGE_SIDE_PX) {
            violations.add(new Violation("image_url", "must be at least 300x300 px, was "
                    + image.widthPx() + "x" + image.heightPx()));
        }
        if (image.sizeBytes() > MAX_IMAGE_BYTES) {
            violations.add(new Violation("image_url", "must be at most 10 MB (" + MAX_IMAGE_BYTES
                    + " bytes), was " + image.sizeBytes() + " bytes"));
        }
        return violations;
    }

    /** Every rule {@code video} breaks for {@code orientation}, reported against {@code video_url}. */
    public static List<Violation> check(VideoFacts video, CharacterOrientation orientation) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(orientation, "orientation");
        List<Violation> violations = new ArrayList<>();
        Duration duration = video.duration();
        if (duration.compareTo(MIN_VIDEO) < 0 || duration.compareTo(MAX_VIDEO) > 0) {
            violations.add(new Violation("video_url", "must be 3 to 30 seconds long, was " + seconds(duration)));
        } else if (duration.compareTo(orientation.maxOutput()) > 0) {
            violations.add(new Violation("video_url", "is " + seconds(duration)
                    + " long, but with character_orientation " + orientation.wireName() + " the reference video may be at most "
                    + seconds(orientation.maxOutput()) + "; use character_orientation video for up to "
                    + seconds(CharacterOrientation.VIDEO.maxOutput())));
        }
        return violations;
    }

    /** How long the generated video will be: the reference video's length, capped by the orientation. */
    public static Duration expectedOutput(VideoFacts video, CharacterOrientation orientation) {
        Duration max = orientation.maxOutput();
        return video.duration().compareTo(max) > 0 ? max : video.duration();
    }

    private static String seconds(Duration duration) {
        // Every digit of the fraction: rounded to milliseconds, 30.0001 s would read as an allowed "30 s".
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString() + " s";
    }
}
