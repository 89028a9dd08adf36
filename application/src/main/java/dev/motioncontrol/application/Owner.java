package dev.motioncontrol.application;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A client as the service's records know it: a keyed hash of its API key ({@link OwnerHashing}), never the key
 * itself, so that a copy of the records does not hand out the clients' keys.
 *
 * @param value 64 lower-case hexadecimal digits
 */
public record Owner(String value) {

    private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

    public Owner {
        Objects.requireNonNull(value, "value");
        if (!HEX_256.matcher(value).matches()) {
            throw new IllegalArgumentException("an owner is 64 lower-case hexadecimal digits");
        }
    }

    /** The first eight digits: enough to tell owners apart in a log line. */
    @Override
    public String toString() {
        return "Owner[" + value.substring(0, 8) + "]";
    }
}
