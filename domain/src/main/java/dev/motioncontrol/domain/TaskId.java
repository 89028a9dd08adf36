package dev.motioncontrol.domain;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The provider's identifier of a generation task ({@code task_id}), a UUID at Freepik. */
public record TaskId(String value) {

    public static final int MAX_LENGTH = 128;

    public TaskId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("a task id is 1 to " + MAX_LENGTH + " letters, digits, '-' or '_'");
        }
    }

    /** A fresh random id, as the provider issues them. */
    public static TaskId random() {
        // A version 4 UUID from ThreadLocalRandom: UUID.randomUUID() draws on one shared SecureRandom, a lock and a
        // cost on every submit of the fake, and a task id is no secret (a task is found only by its owner).
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xf000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xc000L << 48)) | (0x8000L << 48);
        return new TaskId(new UUID(high, low).toString());
    }

    /** Whether {@code text} could be a task id at all (a path segment that cannot is an unknown task). */
    public static boolean isWellFormed(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        // A plain loop: this runs on every request for a task, where a stream and its lambda cost more than the check.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    // Written out: the record's own equals and hashCode go through an invokedynamic bootstrap that the JIT does not
    // always see through, and a task id is a map key on every request for a task.
    @Override
    public boolean equals(Object other) {
        return other instanceof TaskId id && value.equals(id.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
