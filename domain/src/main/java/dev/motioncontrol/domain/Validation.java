package dev.motioncontrol.domain;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of checking a request: either the valid value, or every violation found at once.
 *
 * @param <T> the type of the valid value
 */
public sealed interface Validation<T> {

    /** A request that passed every rule. */
    record Valid<T>(T value) implements Validation<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A request that broke at least one rule; {@code violations} lists all of them, in field order. */
    record Invalid<T>(List<Violation> violations) implements Validation<T> {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid request has at least one violation");
            }
        }
    }
}
