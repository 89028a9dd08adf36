package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaFactRulesTest {

    private static final long MIB = 1024 * 1024;

    private static ImageFacts png(int width, int height, long bytes) {
        return ImageFacts.of(MediaFormat.PNG, width, height, bytes);
    }

    private static VideoFacts mp4(Duration duration) {
        return VideoFacts.of(MediaFormat.MP4, duration);
    }

    @Test
    void acceptsAnImageOf300By300Pixels() {
        assertThat(MediaFactRules.check(png(300, 300, 1000))).isEmpty();
    }

    @Test
    void rejectsAnImageOnePixelTooNarrowNamingWhatWasMeasured() {
        assertThat(MediaFactRules.check(png(299, 300, 1000)))
                .containsExactly(new Violation("image_url", "is 299×300 px; at least 300×300 is required"));
    }

    @Test
    void rejectsAnImageOnePixelTooShort() {
        assertThat(MediaFactRules.check(png(300, 299, 1000)))
                .containsExactly(new Violation("image_url", "is 300×299 px; at least 300×300 is required"));
    }

    @Test
    void acceptsAnImageOfExactly10Mebibytes() {
        assertThat(MediaFactRules.check(png(1024, 1024, 10 * MIB))).isEmpty();
    }

    @Test
    void rejectsAnImageOneByteOver10Mebibytes() {
        assertThat(MediaFactRules.check(png(1024, 1024, 10 * MIB + 1))).containsExactly(new Violation("image_url",
                "is 10.0 MB (10485761 bytes); at most 10 MB (10485760 bytes) is allowed"));
    }

    @Test
    void saysMoreThanWhenTheProbeStoppedReadingAtTheLimit() {
        assertThat(MediaFactRules.check(new ImageFacts(MediaFormat.JPEG, 1024, 1024, 10 * MIB + 1, true)))
                .singleElement().extracting(Violation::reason).asString().startsWith("is more than 10.0 MB");
    }

    @Test
    void rejectsAFormatTheProviderDoesNotTakeWhateverTheNameSays() {
        assertThat(MediaFactRules.check(ImageFacts.of(MediaFormat.GIF, 400, 400, 1000)))
                .containsExactly(new Violation("image_url", "is a GIF image; JPEG, PNG or WEBP is required"));
        assertThat(MediaFactRules.check(VideoFacts.of(MediaFormat.MATROSKA, Duration.ofSeconds(5)),
                CharacterOrientation.VIDEO)).containsExactly(new Violation("video_url",
                        "is a Matroska (MKV) video; MP4, MOV, WEBM or M4V is required"));
    }

    @Test
    void reportsEveryImageProblemAtOnce() {
        assertThat(MediaFactRules.check(ImageFacts.of(MediaFormat.GIF, 100, 100, 10 * MIB + 1))).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource({"PT3S, VIDEO", "PT30S, VIDEO", "PT3S, IMAGE", "PT10S, IMAGE"})
    void acceptsAReferenceVideoWithinTheLimitsOfItsOrientation(Duration duration, CharacterOrientation orientation) {
        assertThat(MediaFactRules.check(mp4(duration), orientation)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PT2.999S       | VIDEO | is 2.999 s long; at least 3 s is required",
        "PT2.9S         | IMAGE | is 2.9 s long; at least 3 s is required",
        "PT0S           | VIDEO | is 0.0 s long; at least 3 s is required",
        "PT30.001S      | VIDEO | is 30.001 s long; at most 30 s is allowed",
        "PT41.2S        | VIDEO | is 41.2 s long; at most 30 s is allowed",
        "PT30.0000001S  | VIDEO | is 30.0000001 s long; at most 30 s is allowed",
        "PT30.1S        | IMAGE | is 30.1 s long; at most 30 s is allowed"
    })
    void rejectsAReferenceVideoShorterThan3OrLongerThan30Seconds(
            Duration duration, CharacterOrientation orientation, String reason) {
        assertThat(MediaFactRules.check(mp4(duration), orientation))
                .containsExactly(new Violation("video_url", reason));
    }

    @Test
    void rejectsAReferenceVideoOver10SecondsWithImageOrientationSuggestingVideo() {
        assertThat(MediaFactRules.check(mp4(Duration.ofSeconds(12)), CharacterOrientation.IMAGE))
                .containsExactly(new Violation("video_url", "is 12.0 s long; with character_orientation image"
                        + " at most 10 s is allowed — use video for up to 30 s"));
    }

    @Test
    void anEstimatedDurationSaysSo() {
        VideoFacts estimated = new VideoFacts(MediaFormat.WEBM, Optional.of(Duration.ofMillis(31_200)), true,
                OptionalLong.of(5000));
        assertThat(MediaFactRules.check(estimated, CharacterOrientation.VIDEO)).containsExactly(
                new Violation("video_url", "is about 31.2 s long; at most 30 s is allowed"));
    }

    @Test
    void anEstimateAFrameOverTheLimitIsGivenTheBenefitOfTheDoubt() {
        VideoFacts estimated = new VideoFacts(MediaFormat.WEBM, Optional.of(Duration.ofMillis(30_080)), true,
                OptionalLong.empty());
        assertThat(MediaFactRules.check(estimated, CharacterOrientation.VIDEO)).isEmpty();
        assertThat(MediaFactRules.check(VideoFacts.of(MediaFormat.WEBM, Duration.ofMillis(30_080)),
                CharacterOrientation.VIDEO)).hasSize(1);
    }

    @Test
    void aVideoOfUnknownDurationIsJudgedOnItsFormatOnly() {
        VideoFacts unknown = new VideoFacts(MediaFormat.WEBM, Optional.empty(), false, OptionalLong.empty());
        assertThat(MediaFactRules.check(unknown, CharacterOrientation.IMAGE)).isEmpty();
        assertThat(MediaFactRules.expectedOutput(unknown, CharacterOrientation.IMAGE)).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource({
        "PT3S,      VIDEO, PT3S",
        "PT30S,     VIDEO, PT30S",
        "PT12.5S,   VIDEO, PT12.5S",
        "PT3S,      IMAGE, PT3S",
        "PT10S,     IMAGE, PT10S",
        "PT12.5S,   IMAGE, PT10S",
        "PT40S,     VIDEO, PT30S"
    })
    void expectsTheOutputToLastAsLongAsTheReferenceCappedByTheOrientation(
            Duration reference, CharacterOrientation orientation, Duration expected) {
        assertThat(MediaFactRules.expectedOutput(mp4(reference), orientation)).isEqualTo(expected);
    }
}
