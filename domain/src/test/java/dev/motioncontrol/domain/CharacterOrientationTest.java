package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CharacterOrientationTest {

    @Test
    void readsVideoSpelledExactlyAsTheApiSpellsIt() {
        assertThat(CharacterOrientation.fromWireName("video")).hasValue(CharacterOrientation.VIDEO);
    }

    @Test
    void readsImageSpelledExactlyAsTheApiSpellsIt() {
        assertThat(CharacterOrientation.fromWireName("image")).hasValue(CharacterOrientation.IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Video", "VIDEO", " video", "video ", "", "IMAGE", "portrait"})
    void readsNoOrientationFromAnyOtherSpelling(String wireName) {
        assertThat(CharacterOrientation.fromWireName(wireName)).isEmpty();
    }

    @Test
    void readsNoOrientationFromNull() {
        assertThat(CharacterOrientation.fromWireName(null)).isEmpty();
    }

    @Test
    void wireNameIsTheLowerCaseApiValue() {
        assertThat(CharacterOrientation.VIDEO.wireName()).isEqualTo("video");
        assertThat(CharacterOrientation.IMAGE.wireName()).isEqualTo("image");
    }

    @Test
    void defaultIsVideo() {
        assertThat(CharacterOrientation.DEFAULT).isEqualTo(CharacterOrientation.VIDEO);
    }

    @Test
    void videoOrientationOutputsUpTo30Seconds() {
        assertThat(CharacterOrientation.VIDEO.maxOutput()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void imageOrientationOutputsUpTo10Seconds() {
        assertThat(CharacterOrientation.IMAGE.maxOutput()).isEqualTo(Duration.ofSeconds(10));
    }
}
