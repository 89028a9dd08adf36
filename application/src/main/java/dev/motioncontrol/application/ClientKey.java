package dev.motioncontrol.application;

import java.util.Objects;

/**
 * The API key a caller presented: it identifies whose tasks are whose. A secret, so {@link #toString()}
 * never shows it.
 */
public record ClientKey(String value) {

    public ClientKey {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an API key is not blank");
        }
    }

    @Override
    public String toString() {
        return "ClientKey[redacted]";
    }
}
