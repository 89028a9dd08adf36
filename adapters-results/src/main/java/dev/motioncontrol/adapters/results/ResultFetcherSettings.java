package dev.motioncontrol.adapters.results;

import dev.motioncontrol.domain.UrlAccessPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link HttpResultFetcher} downloads a generated video.
 *
 * @param accessPolicy   which hosts may be fetched from, judged on the URL, on every redirect, and on every address
 *                       each host resolves to
 * @param maxBytes       the largest video kept: a larger one is refused on its stated length, or cut off where it
 *                       passes this; positive
 * @param totalTimeout   the longest one fetch may take, from the first look-up to the last byte on disk; positive
 * @param idleTimeout    the longest the server may send nothing (no answer, no body bytes) before the fetch is given
 *                       up; positive
 * @param connectTimeout the longest resolving a host, and again connecting to it, may take; positive
 * @param maxRedirects   how many redirects one fetch follows; not negative
 * @param userAgent      the {@code user-agent} header; visible ASCII and spaces
 */
public record ResultFetcherSettings(UrlAccessPolicy accessPolicy, long maxBytes, Duration totalTimeout,
                                    Duration idleTimeout, Duration connectTimeout, int maxRedirects,
                                    String userAgent) {

    /** 2 GiB: several times the size of the longest video the provider generates at its highest quality. */
    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
    /** Room for the largest video at a few MB/s. */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_REDIRECTS = 3;
    public static final String DEFAULT_USER_AGENT = "motion-control-results/0.1";

    public ResultFetcherSettings {
        Objects.requireNonNull(accessPolicy, "accessPolicy");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the size cap must be positive, was " + maxBytes);
        }
        requireAtLeastAMillisecond("total", totalTimeout);
        requireAtLeastAMillisecond("idle", idleTimeout);
        requireAtLeastAMillisecond("connect", connectTimeout);
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("the redirect limit cannot be negative, was " + maxRedirects);
        }
        if (userAgent.isBlank() || !userAgent.chars().allMatch(c -> c >= ' ' && c < 127)) {
            throw new IllegalArgumentException("the user agent must be non-blank visible ASCII");
        }
    }

    /** The defaults, with {@code accessPolicy}. */
    public static ResultFetcherSettings of(UrlAccessPolicy accessPolicy) {
        return new ResultFetcherSettings(accessPolicy, DEFAULT_MAX_BYTES, DEFAULT_TOTAL_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
            DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REDIRECTS, DEFAULT_USER_AGENT);
    }

    /** The defaults, public hosts only. */
    public static ResultFetcherSettings defaults() {
        return of(UrlAccessPolicy.publicOnly());
    }

    public ResultFetcherSettings withAccessPolicy(UrlAccessPolicy accessPolicy) {
        return new ResultFetcherSettings(accessPolicy, maxBytes, totalTimeout, idleTimeout, connectTimeout,
            maxRedirects, userAgent);
    }

    public ResultFetcherSettings withMaxBytes(long maxBytes) {
        return new ResultFetcherSettings(accessPolicy, maxBytes, totalTimeout, idleTimeout, connectTimeout,
            maxRedirects, userAgent);
    }

    public ResultFetcherSettings withTotalTimeout(Duration totalTimeout) {
        return new ResultFetcherSettings(accessPolicy, maxBytes, totalTimeout, idleTimeout, connectTimeout,
            maxRedirects, userAgent);
    }

    public ResultFetcherSettings withIdleTimeout(Duration idleTimeout) {
        return new ResultFetcherSettings(accessPolicy, maxBytes, totalTimeout, idleTimeout, connectTimeout,
            maxRedirects, userAgent);
    }

    public ResultFetcherSettings withConnectTimeout(Duration connectTimeout) {
        return new ResultFetcherSettings(accessPolicy, maxBytes, totalTimeout, idleTimeout, connectTimeout,
            maxRedirects, userAgent);
    }

    public ResultFetcherSettings withMaxRedirects(int maxRedirects) {
        return new ResultFetcherSettings(accessPolicy, maxBytes, totalTimeout, idleTimeout, connectTimeout,
            maxRedirects, userAgent);
    }

    public ResultFetcherSettings withUserAgent(String userAgent) {
        return new ResultFetcherSettings(accessPolicy, maxBytes, totalTimeout, idleTimeout, connectTimeout,
            maxRedirects, userAgent);
    }

    private static void requireAtLeastAMillisecond(String which, Duration timeout) {
        if (timeout.isNegative() || timeout.toMillis() == 0) {
            throw new IllegalArgumentException("the " + which + " timeout must be at least one millisecond, was "
                + timeout);
        }
    }
}
