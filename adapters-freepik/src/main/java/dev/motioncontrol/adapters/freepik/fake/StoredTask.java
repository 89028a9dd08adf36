package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Tier;

/**
 * One task as the fake keeps it, in as few bytes as a Java object allows (48 with compressed oops): the
 * UUID's bits instead of its text, the submission time as a number, the owner as a reference shared by
 * all of the owner's tasks, and the prompt's markers as bits. Its status is not stored: it follows from
 * the clock. Immutable, so it can be read by any thread without a lock.
 */
final class StoredTask {

    static final byte FAILS = 1;
    static final byte SLOW = 2;
    /** Submitted to Kling 3 (else Kling 2.6). */
    static final byte KLING_3 = 4;
    /** Submitted to the Standard tier (else Pro). */
    static final byte STANDARD = 8;

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

    ModelTier modelTier() {
        return new ModelTier((markers & KLING_3) != 0 ? Model.KLING_3 : Model.KLING_2_6,
                (markers & STANDARD) != 0 ? Tier.STANDARD : Tier.PRO);
    }

    /** The bits that say where a task runs. */
    static byte bitsOf(ModelTier at) {
        return (byte) ((at.model() == Model.KLING_3 ? KLING_3 : 0) | (at.tier() == Tier.STANDARD ? STANDARD : 0));
    }
}
