package dev.motioncontrol.domain;

import java.util.Objects;
import java.util.UUID;

/** The provider's identifier of a generation task ({@code task_id}), a UUID at Freepik. */
public record TaskId(String value) {

    public static final int MAX_LENGTH = 128;

    public TaskId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH
                || !value.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
            throw new IllegalArgumentException("a task id is 1 to " + MAX_LENGTH + " letters, digits, '-' or '_'");
        }
    }

    /** A fresh random id, as the provider issues them. */
    public static TaskId random() {
        return new TaskId(UUID.randomUUID().toString());
    }

    /** Whether {@code text} could be a task id at all (a path segment that cannot is an unknown task). */
    public static boolean isWellFormed(String text) {
        try {
            new TaskId(text);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
