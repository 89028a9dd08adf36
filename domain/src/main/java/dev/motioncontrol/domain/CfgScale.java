package dev.motioncontrol.domain;

import java.util.Optional;

/**
 * How closely the generation follows the prompt ({@code cfg_scale}): a finite number from 0 to 1, both
 * included; {@link #DEFAULT} is 0.5.
 */
public record CfgScale(double value) {

    public static final double MIN = 0.0;
    public static final double MAX = 1.0;
    public static final CfgScale DEFAULT = new CfgScale(0.5);

    public CfgScale {
        problemWith(value).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        // -0.0 is accepted as 0; kept as -0.0 it would differ from 0 in equals and on the wire.
        value = value + 0.0;
    }

    /** Why {@code value} cannot be a cfg scale, if it cannot. */
    public static Optional<String> problemWith(double value) {
        if (!Double.isFinite(value)) {
            return Optional.of("must be a finite number between 0 and 1");
        }
        if (value < MIN || value > MAX) {
            return Optional.of("must be between 0 and 1 inclusive, was " + value);
        }
        return Optional.empty();
    }
}
