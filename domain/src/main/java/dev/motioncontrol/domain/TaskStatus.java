package dev.motioncontrol.domain;

import java.util.List;
import java.util.Objects;

/**
 * Where a generation task is in its life, as the provider names it. The four documented values are
 * constants; any other value the provider may add is kept as it came ({@link #isKnown()} is false), so
 * it stays visible instead of crashing a client.
 *
 * <p>Life goes one way: {@code CREATED → IN_PROGRESS → COMPLETED | FAILED}, steps may be skipped, and
 * the two terminal states never change. An unknown state sits between {@code CREATED} and the terminal
 * states: it may follow {@code CREATED} or {@code IN_PROGRESS} and may be followed by anything but
 * {@code CREATED}.
 */
public record TaskStatus(String name) {

    public static final TaskStatus CREATED = new TaskStatus("CREATED");
    public static final TaskStatus IN_PROGRESS = new TaskStatus("IN_PROGRESS");
    public static final TaskStatus COMPLETED = new TaskStatus("COMPLETED");
    public static final TaskStatus FAILED = new TaskStatus("FAILED");

    private static final List<TaskStatus> KNOWN = List.of(CREATED, IN_PROGRESS, COMPLETED, FAILED);

    public TaskStatus {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a status has a name");
        }
    }

    /** The status the provider calls {@code name}: one of the constants, or an unknown one kept as is. */
    public static TaskStatus of(String name) {
        for (TaskStatus known : KNOWN) {
            if (known.name.equals(name)) {
                return known;
            }
        }
        return new TaskStatus(name);
    }

    /** Whether this is one of the four documented statuses. */
    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    /** Whether the task is over: {@code COMPLETED} or {@code FAILED}. */
    public boolean isTerminal() {
        return equals(COMPLETED) || equals(FAILED);
    }

    /**
     * Whether a task in this status may move to {@code next}. Staying put is not a move; going back (a
     * stale update) and leaving a terminal state are never legal.
     */
    public boolean canMoveTo(TaskStatus next) {
        Objects.requireNonNull(next, "next");
        if (isTerminal() || equals(next)) {
            return false;
        }
        // IN_PROGRESS and the unknown states share a stage, so they may follow one another both ways.
        return stage() <= next.stage();
    }

    private int stage() {
        if (equals(CREATED)) {
            return 0;
        }
        if (equals(IN_PROGRESS) || !isKnown()) {
            return 1;
        }
        return 2;
    }

    @Override
    public String toString() {
        return name;
    }
}
