package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PromptTest {

    private static final String EMOJI = "\uD83D\uDC83"; // 💃, one code point, two UTF-16 units

    @Test
    void acceptsExactly2500Characters() {
        assertThat(Prompt.problemWith("a".repeat(2500))).isEmpty();
    }

    @Test
    void rejects2501Characters() {
        assertThat(Prompt.problemWith("a".repeat(2501))).hasValue("must be at most 2500 characters, was 2501");
    }

    @Test
    void counts2500EmojiAs2500CharactersAlthoughTheyAre5000Utf16Units() {
        String text = EMOJI.repeat(2500);

        assertThat(text).hasSize(5000);
        assertThat(Prompt.problemWith(text)).isEmpty();
        assertThat(new Prompt(text).length()).isEqualTo(2500);
    }

    @Test
    void rejects2501Emoji() {
        assertThat(Prompt.problemWith(EMOJI.repeat(2501))).hasValue("must be at most 2500 characters, was 2501");
    }

    @Test
    void acceptsAnEmptyPrompt() {
        assertThat(new Prompt("").length()).isZero();
    }

    @Test
    void constructorRejectsATooLongPromptWithTheSameReason() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Prompt("a".repeat(2501)))
                .withMessage("must be at most 2500 characters, was 2501");
    }
}
