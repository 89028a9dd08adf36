package dev.motioncontrol.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Text that steers the generation ({@code prompt}): at most {@value #MAX_CODE_POINTS} characters,
 * counted as Unicode code points, so an emoji counts once whatever its UTF-16 length.
 */
public record Prompt(String text) {

    public static final int MAX_CODE_POINTS = 2500;

    public Prompt {
        Objects.requireNonNull(text, "text");
        problemWith(text).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Why {@code text} cannot be a prompt, if it cannot. */
    public static Optional<String> problemWith(String text) {
        int length = text.codePointCount(0, text.length());
        if (length > MAX_CODE_POINTS) {
            return Optional.of("must be at most " + MAX_CODE_POINTS + " characters, was " + length);
        }
        return Optional.empty();
    }

    /** Length in code points. */
    public int length() {
        return text.codePointCount(0, text.length());
    }
}
