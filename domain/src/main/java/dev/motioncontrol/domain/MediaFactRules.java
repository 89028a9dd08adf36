package dev.motioncontrol.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The provider's rules about the media themselves, which only a probe of the files can check: the image in JPEG,
 * PNG or WEBP, at least {@value #MIN_IMAGE_SIDE_PX}×{@value #MIN_IMAGE_SIDE_PX} px and at most 10 MB; the reference
 * video in MP4, MOV, WEBM or M4V, 3 to 30 s long, and, with orientation {@code image}, at most 10 s. Each violation
 * says what was measured and what is required ("is 200×180 px; at least 300×300 is required").
 */
public final class MediaFactRules {

    public static final int MIN_IMAGE_SIDE_PX = 300;
    /** 10 MB, read as 10 MiB: the provider does not say which, and this is the larger. */
    public static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    public static final Duration MIN_VIDEO = Duration.ofSeconds(3);
    public static final Duration MAX_VIDEO = Duration.ofSeconds(30);

    /** How far an estimated duration (a WebM without one) may be off: a frame or two at any usual rate. */
    public static final Duration ESTIMATE_MARGIN = Duration.ofMillis(100);

    /** The fields whose media these rules judge. */
    public static final String IMAGE_FIELD = "image_url";
    public static final String VIDEO_FIELD = "video_url";

    private MediaFactRules() {
    }

    /** Every rule {@code image} breaks, reported against {@code image_url}. */
    public static List<Violation> check(ImageFacts image) {
        Objects.requireNonNull(image, "image");
        List<Violation> violations = new ArrayList<>();
        if (!image.format().isAccepted()) {
            violations.add(new Violation(IMAGE_FIELD, "is " + image.format().withArticle() + " image; "
                    + MediaFormat.acceptedNames(MediaFormat.Kind.IMAGE) + " is required"));
        }
        if (image.widthPx() < MIN_IMAGE_SIDE_PX || image.heightPx() < MIN_IMAGE_SIDE_PX) {
            violations.add(new Violation(IMAGE_FIELD, "is " + image.widthPx() + "×" + image.heightPx()
                    + " px; at least " + MIN_IMAGE_SIDE_PX + "×" + MIN_IMAGE_SIDE_PX + " is required"));
        }
        if (image.sizeBytes() > MAX_IMAGE_BYTES) {
            violations.add(new Violation(IMAGE_FIELD, (image.sizeIsAtLeast() ? "is more than " : "is ")
                    + megabytes(image.sizeBytes()) + " (" + image.sizeBytes() + " bytes); at most 10 MB ("
                    + MAX_IMAGE_BYTES + " bytes) is allowed"));
        }
        return violations;
    }

    /**
     * Every rule {@code video} breaks for {@code orientation}, reported against {@code video_url}. A video whose
     * duration is unknown is judged on its format only: the provider will judge its length.
     */
    public static List<Violation> check(VideoFacts video, CharacterOrientation orientation) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(orientation, "orientation");
        List<Violation> violations = new ArrayList<>();
        if (!video.format().isAccepted()) {
            violations.add(new Violation(VIDEO_FIELD, "is " + video.format().withArticle() + " video; "
                    + MediaFormat.acceptedNames(MediaFormat.Kind.VIDEO) + " is required"));
        }
        video.duration().ifPresent(duration -> {
            String measured = "is " + (video.durationEstimated() ? "about " : "") + seconds(duration) + " long; ";
            // An estimate may be a frame off either way: it refuses only what is out of bounds by more.
            Duration margin = video.durationEstimated() ? ESTIMATE_MARGIN : Duration.ZERO;
            if (duration.plus(margin).compareTo(MIN_VIDEO) < 0) {
                violations.add(new Violation(VIDEO_FIELD, measured + "at least " + limit(MIN_VIDEO) + " is required"));
            } else if (duration.minus(margin).compareTo(MAX_VIDEO) > 0) {
                violations.add(new Violation(VIDEO_FIELD, measured + "at most " + limit(MAX_VIDEO) + " is allowed"));
            } else if (duration.minus(margin).compareTo(orientation.maxOutput()) > 0) {
                violations.add(new Violation(VIDEO_FIELD, measured + "with character_orientation "
                        + orientation.wireName() + " at most " + limit(orientation.maxOutput()) + " is allowed — use "
                        + CharacterOrientation.VIDEO.wireName() + " for up to "
                        + limit(CharacterOrientation.VIDEO.maxOutput())));
            }
        });
        return violations;
    }

    /**
     * How long the generated video will be: the reference video's length, capped by the orientation; the cap when
     * the length is unknown.
     */
    public static Duration expectedOutput(VideoFacts video, CharacterOrientation orientation) {
        Duration max = orientation.maxOutput();
        return video.duration().filter(duration -> duration.compareTo(max) < 0).orElse(max);
    }

    /**
     * A measure: "41.2 s", "12.0 s", "30.001 s": at least one decimal, and every digit it has, so that 30.0001 s
     * never reads as an allowed "30.0 s".
     */
    private static String seconds(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros();
        if (seconds.scale() < 1) {
            seconds = seconds.setScale(1);
        }
        return seconds.toPlainString() + " s";
    }

    /** A limit, in whole seconds: "30 s". */
    private static String limit(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static String megabytes(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024 * 1024), 1, java.math.RoundingMode.DOWN)
                .toPlainString() + " MB";
    }
}
