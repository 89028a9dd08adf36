package dev.motioncontrol.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Whose orientation the character keeps ({@code character_orientation}), which also bounds the output:
 * {@link #VIDEO} (the default) follows the reference video, suits complex motion, and outputs up to 30 s;
 * {@link #IMAGE} follows the picture, suits camera movement, and outputs up to 10 s.
 */
public enum CharacterOrientation {

    VIDEO("video", Duration.ofSeconds(30)),
    IMAGE("image", Duration.ofSeconds(10));

    public static final CharacterOrientation DEFAULT = VIDEO;

    private final String wireName;
    private final Duration maxOutput;

    CharacterOrientation(String wireName, Duration maxOutput) {
        this.wireName = wireName;
        this.maxOutput = maxOutput;
    }

    /** The value as the API spells it: {@code video} or {@code image}. */
    public String wireName() {
        return wireName;
    }

    /** The longest video this orientation produces. */
    public Duration maxOutput() {
        return maxOutput;
    }

    /** The orientation spelled exactly {@code wireName} (case matters, as at the provider). */
    public static Optional<CharacterOrientation> fromWireName(String wireName) {
        for (CharacterOrientation orientation : values()) {
            if (orientation.wireName.equals(wireName)) {
                return Optional.of(orientation);
            }
        }
        return Optional.empty();
    }
}
