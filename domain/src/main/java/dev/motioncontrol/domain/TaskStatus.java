package dev.motioncontrol.domain;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a generation task is in its life, as the provider names it. The four documented values are
 * constants; any other value the provider may add is kept ({@link #isKnown()} is false), so it stays visible
 * instead of crashing a client, but only as a bounded word: at most {@value #MAX_LENGTH} characters of letters,
 * digits, {@code _}, {@code -} and {@code .}, each run of other characters made one {@code _} by
 * {@link #of(String)}. Whatever a provider sends, a status is then safe in a JSON body, a header, a log line and
 * a webhook id.
 *
 * <p>Life goes one way: {@code CREATED → IN_PROGRESS → COMPLETED | FAILED}, steps may be skipped, and
 * the two terminal states never change. An unknown state sits between {@code CREATED} and the terminal
 * states: it may follow {@code CREATED} or {@code IN_PROGRESS} and may be followed by anything but
 * {@code CREATED}.
 */
public record TaskStatus(String name) {

    /** The longest status name kept; an undocumented one beyond it is cut. */
    public static final int MAX_LENGTH = 64;

    // Before the constants, whose construction checks their names with it.
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_LENGTH + "}");
    private static final Pattern NOT_WORD = Pattern.compile("[^A-Za-z0-9_.-]+");

    public static final TaskStatus CREATED = new TaskStatus("CREATED");
    public static final TaskStatus IN_PROGRESS = new TaskStatus("IN_PROGRESS");
    public static final TaskStatus COMPLETED = new TaskStatus("COMPLETED");
    public static final TaskStatus FAILED = new TaskStatus("FAILED");

    private static final List<TaskStatus> KNOWN = List.of(CREATED, IN_PROGRESS, COMPLETED, FAILED);

    public TaskStatus {
        Objects.requireNonNull(name, "name");
        if (!WORD.matcher(name).matches()) {
            throw new IllegalArgumentException("a status is 1 to " + MAX_LENGTH
                    + " letters, digits, '_', '-' or '.'; use TaskStatus.of to read one as the provider sent it");
        }
    }

    /**
     * The status the provider calls {@code name}: one of the constants, or an unknown one made a bounded word
     * (each run of other characters one {@code _}, then cut to {@value #MAX_LENGTH} characters). Throws
     * {@link IllegalArgumentException} for a blank name.
     */
    public static TaskStatus of(String name) {
        Objects.requireNonNull(name, "name");
        for (TaskStatus known : KNOWN) {
            if (known.name.equals(name)) {
                return known;
            }
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a status has a name");
        }
        // Only a bounded head is looked at: a megabyte of status costs no more than a short one.
        String head = name.length() > 4 * MAX_LENGTH ? name.substring(0, 4 * MAX_LENGTH) : name;
        String word = NOT_WORD.matcher(head).replaceAll("_");
        return new TaskStatus(word.length() > MAX_LENGTH ? word.substring(0, MAX_LENGTH) : word);
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
