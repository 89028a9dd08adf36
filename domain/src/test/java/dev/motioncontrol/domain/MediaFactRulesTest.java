package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaFactRulesTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void acceptsAnImageOf300By300Pixels() {
        assertThat(MediaFactRules.check(new ImageFacts(300, 300, 1000))).isEmpty();
    }

    @Test
    void rejectsAnImageOnePixelTooNarrow() {
        assertThat(MediaFactRules.check(new ImageFacts(299, 300, 1000)))
                .containsExactly(new Violation("image_url", "must be at least 300x300 px, was 299x300"));
    }

    @Test
    void rejectsAnImageOnePixelTooShort() {
        assertThat(MediaFactRules.check(new ImageFacts(300, 299, 1000)))
                .containsExactly(new Violation("image_url", "must be at least 300x300 px, was 300x299"));
    }

    @Test
    void acceptsAnImageOfExactly10Mebibytes() {
        assertThat(MediaFactRules.check(new ImageFacts(1024, 1024, 10 * MIB))).isEmpty();
    }

    @Test
    void rejectsAnImageOneByteOver10Mebibytes() {
        assertThat(MediaFactRules.check(new ImageFacts(1024, 1024, 10 * MIB + 1))).singleElement()
                .satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("image_url");
                    assertThat(violation.reason()).contains("at most 10 MB", "was 10485761 bytes");
                });
    }

    @Test
    void reportsBothImageProblemsAtOnce() {
        assertThat(MediaFactRules.check(new ImageFacts(100, 100, 10 * MIB + 1))).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"PT3S, VIDEO", "PT30S, VIDEO", "PT3S, IMAGE", "PT10S, IMAGE"})
    void acceptsAReferenceVideoWithinTheLimitsOfItsOrientation(Duration duration, CharacterOrientation orientation) {
        assertThat(MediaFactRules.check(new VideoFacts(duration), orientation)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "PT2.999S,  VIDEO, 2.999 s",
        "PT30.001S, VIDEO, 30.001 s",
        "PT2.999S,  IMAGE, 2.999 s",
        "PT30.001S, IMAGE, 30.001 s",
        "PT30.0000001S, VIDEO, 30.0000001 s",
        "PT0S,      VIDEO, 0 s"
    })
    void rejectsAReferenceVideoShorterThan3OrLongerThan30Seconds(
            Duration duration, CharacterOrientation orientation, String shown) {
        assertThat(MediaFactRules.check(new VideoFacts(duration), orientation))
                .containsExactly(new Violation("video_url", "must be 3 to 30 seconds long, was " + shown));
    }

    @Test
    void rejectsAReferenceVideoOver10SecondsWithImageOrientationSuggestingVideo() {
        assertThat(MediaFactRules.check(new VideoFacts(Duration.ofMillis(10_001)), CharacterOrientation.IMAGE))
                .containsExactly(new Violation("video_url", "is 10.001 s long, but with character_orientation image"
                        + " the reference video may be at most 10 s; use character_orientation video for up to 30 s"));
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
        assertThat(MediaFactRules.expectedOutput(new VideoFacts(reference), orientation)).isEqualTo(expected);
    }
}
