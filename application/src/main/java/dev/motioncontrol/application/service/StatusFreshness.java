package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a status request of an unfinished task is answered from the service's record rather than by asking the
 * provider: while the record is younger than a third of the task's age, at least {@code least} and at most
 * {@code most}. A task then costs a bounded number of provider calls however often its clients ask: with the
 * default plan (2 s to 60 s) one that takes 20 s is asked about 6 times, one that takes 5 minutes 14 times, and a
 * client sees a change at most half the task's age late (a check at age {@code t} is followed by one by
 * {@code 1.5 t}), never more than a minute.
 *
 * <p>When the provider's webhooks tell the service of its tasks, a task's record is fresh for {@code pushedFor} from
 * its creation whatever its check time ({@link #trustingWebhooksFor}): a task costs then the submission and no
 * other call if it finishes within that time (its webhook arrives), and is asked about as above past that time, in
 * case its webhook was lost.
 *
 * <p>The record's check time is the store's, so with a shared store the instances share it too: a task checked
 * by one is fresh for all. {@link #ALWAYS} asks every time, for a provider whose calls cost nothing (the fake).
 */
public record StatusFreshness(Duration least, Duration most, Duration pushedFor) {

    /** At least 2 s, at most 60 s between two questions about a task. */
    public static final StatusFreshness DEFAULT = new StatusFreshness(Duration.ofSeconds(2), Duration.ofSeconds(60));
    /** Every status asks the provider. */
    public static final StatusFreshness ALWAYS = new StatusFreshness(Duration.ZERO, Duration.ZERO);
    /** How long a task is left to the provider's webhooks by default: longer than most generations take. */
    public static final Duration DEFAULT_PUSHED_FOR = Duration.ofMinutes(10);

    private static final int OF_AGE = 3;

    public StatusFreshness {
        Objects.requireNonNull(least, "least");
        Objects.requireNonNull(most, "most");
        Objects.requireNonNull(pushedFor, "pushedFor");
        if (least.isNegative() || most.compareTo(least) < 0) {
            throw new IllegalArgumentException("freshness is 0 <= least <= most, was " + least + " and " + most);
        }
        if (pushedFor.isNegative()) {
            throw new IllegalArgumentException("pushedFor is not negative, was " + pushedFor);
        }
    }

    /** Without the provider's webhooks: the check time alone says. */
    public StatusFreshness(Duration least, Duration most) {
        this(least, most, Duration.ZERO);
    }

    /** This plan, with the provider's webhooks telling of each task for {@code pushedFor} after its creation. */
    public StatusFreshness trustingWebhooksFor(Duration pushedFor) {
        return new StatusFreshness(least, most, pushedFor);
    }

    /** Whether every question asks the provider (no record is ever fresh). */
    public boolean asksEveryTime() {
        return most.isZero() && pushedFor.isZero();
    }

    /** Whether {@code record} says enough of its task at {@code now} to answer without asking the provider. */
    public boolean isFresh(TaskRecord record, Instant now) {
        if (asksEveryTime()) {
            return false;
        }
        // In milliseconds, as the stores keep instants: Duration.dividedBy goes through BigDecimal, on every status.
        long ageMillis = now.toEpochMilli() - record.createdAt().toEpochMilli();
        if (ageMillis < pushedFor.toMillis()) {
            return true;
        }
        long interval = Math.min(Math.max(ageMillis / OF_AGE, least.toMillis()), most.toMillis());
        return now.toEpochMilli() - record.checkedAt().toEpochMilli() < interval;
    }
}
