package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.freepik.api.FreepikPaths;

/**
 * One task as the fake keeps it, in as few bytes as a Java object allows (48 with compressed oops): the
 * UUID's bits instead of its text, the submission time as a number, the owner as a reference shared by
 * all of the owner's tasks, and the prompt's markers as bits. Its status is not stored: it follows from
 * the clock. Immutable, so it can be read by any thread without a lock.
 */
final class StoredTask {

    static final byte FAILS = 1;
    static final byte SLOW = 2;
    /** The bits above the markers: which row of {@link FreepikPaths#all()} the task was submitted to. */
    private static final int ENDPOINTS_SHIFT = 2;

    final long idHigh;
    final long idLow;
    final long submittedAtNanos;
    final TaskOwner owner;
    final byte markers;

    StoredTask(long idHigh, long idLow, long submittedAtNanos, TaskOwner owner, byte markers) {
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.submittedAtNanos = submittedAtNanos;
        this.owner = owner;
        this.markers = markers;
    }

    boolean fails() {
        return (markers & FAILS) != 0;
    }

    boolean slow() {
        return (markers & SLOW) != 0;
    }

    /** Where the task was submitted. */
    FreepikPaths.Endpoints endpoints() {
        return FreepikPaths.all().get((markers & 0xff) >>> ENDPOINTS_SHIFT);
    }

    /** The bits that say where a task runs: its row of the paths table (room for 64 rows). */
    static byte bitsOf(ModelTier at) {
        return (byte) (FreepikPaths.all().indexOf(FreepikPaths.of(at)) << ENDPOINTS_SHIFT);
    }
}
