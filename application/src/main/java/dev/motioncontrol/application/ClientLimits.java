package dev.motioncontrol.application;

import java.time.Duration;

/**
 * What one client (one API key) may ask of the service, so that no client takes the shared provider account for
 * itself: a rate of requests with its burst, and how many of its tasks may be unfinished at once.
 *
 * @param requestsPerSecond  requests of any kind per second, on average; {@code Double.POSITIVE_INFINITY} for no
 *                           limit
 * @param burst              how many requests may come at once after a quiet spell; at least 1
 * @param maxUnfinishedTasks how many of its tasks submitted within {@link #UNFINISHED_WITHIN} may be unfinished when
 *                           it submits another; from 1 to {@value #MOST_UNFINISHED}, or {@link Integer#MAX_VALUE} for
 *                           no limit
 */
public record ClientLimits(double requestsPerSecond, int burst, int maxUnfinishedTasks) {

    /** No limit at all (a client embedding the library, or the fake, by default). */
    public static final ClientLimits NONE = new ClientLimits(Double.POSITIVE_INFINITY, Integer.MAX_VALUE,
            Integer.MAX_VALUE);
    /** The most unfinished tasks a limit may allow: the service counts them among the client's newest 100. */
    public static final int MOST_UNFINISHED = 100;
    /** Tasks older than this are not counted as unfinished: their records may just never have been asked again. */
    public static final Duration UNFINISHED_WITHIN = Duration.ofHours(1);

    public ClientLimits {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be more than 0, was " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        if (maxUnfinishedTasks < 1 || maxUnfinishedTasks > MOST_UNFINISHED && maxUnfinishedTasks != Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxUnfinishedTasks must be from 1 to " + MOST_UNFINISHED
                    + " (or unlimited), was " + maxUnfinishedTasks);
        }
    }

    /** Whether requests are limited in rate. */
    public boolean limitsRate() {
        return requestsPerSecond != Double.POSITIVE_INFINITY;
    }

    /** Whether unfinished tasks are limited in number. */
    public boolean limitsUnfinished() {
        return maxUnfinishedTasks != Integer.MAX_VALUE;
    }
}
