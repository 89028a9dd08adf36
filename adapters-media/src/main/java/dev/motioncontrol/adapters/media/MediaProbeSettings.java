package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.UrlAccessPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link HttpMediaProbe} fetches and how much it may read.
 *
 * @param accessPolicy            which hosts may be fetched from, judged on every URL (redirects included) and on
 *                                every address its host resolves to
 * @param fetchTimeout            the longest one fetch may take: resolving the host, connecting, the answer's head
 *                                and the body bytes read of it; positive
 * @param probeTimeout            the longest a whole probe may take, every fetch and redirect included; positive
 * @param imageHeadBytes          how much of an image the first fetch asks for: enough for the dimensions of any
 *                                JPEG, PNG or WEBP whose metadata is of a usual size; positive
 * @param videoHeadBytes          how much of a video the first fetch asks for: enough for the index (moov) of a
 *                                "fast start" MP4 of up to 30 s, so most videos are measured in one fetch; positive
 * @param maxImageBytes           the largest image allowed; an image whose size the server does not say is read on
 *                                (counted, not kept) up to one byte past it to learn whether it is larger; positive
 * @param maxBytesRead            the most bytes a probe reads for its reader, over all its fetches (the head, a tail,
 *                                whatever the reader asks for); a medium that needs more is left unmeasured (let
 *                                through). At least either head
 * @param maxRedirects            how many redirects one fetch follows; not negative
 * @param userAgent               the {@code user-agent} header; visible ASCII and spaces
 * @param cacheSize               how many outcomes are remembered (by URL and kind); 0 remembers none
 * @param cacheAge                how long an outcome whose answer carried a validator ({@code ETag} or
 *                                {@code Last-Modified}) is remembered; it is reused only once the server confirmed it
 *                                (a conditional request of one byte); not negative
 * @param cacheAgeWithoutValidator how long an outcome whose answer carried no validator is reused without asking the
 *                                server again; not negative, at most {@code cacheAge}
 */
public record MediaProbeSettings(UrlAccessPolicy accessPolicy, Duration fetchTimeout, Duration probeTimeout,
                                 int imageHeadBytes, int videoHeadBytes, long maxImageBytes, long maxBytesRead,
                                 int maxRedirects, String userAgent, long cacheSize, Duration cacheAge,
                                 Duration cacheAgeWithoutValidator) {

    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** A JPEG's dimensions follow its metadata (EXIF, ICC profile), which rarely passes 64 KiB. */
    public static final int DEFAULT_IMAGE_HEAD_BYTES = 64 * 1024;
    /**
     * A 30 s "fast start" MP4 carries an index of some tens of KiB before its media; a larger index is asked for by
     * the reader in one more fetch, so a larger head would mostly read media for nothing.
     */
    public static final int DEFAULT_VIDEO_HEAD_BYTES = 128 * 1024;
    /** Room for a head, a tail and an index of a 30 s video that keeps it at its end. */
    public static final long DEFAULT_MAX_BYTES_READ = 1024 * 1024;
    public static final int DEFAULT_MAX_REDIRECTS = 3;
    public static final String DEFAULT_USER_AGENT = "motion-control-media-probe/0.1";
    public static final long DEFAULT_CACHE_SIZE = 10_000;
    public static final Duration DEFAULT_CACHE_AGE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_CACHE_AGE_WITHOUT_VALIDATOR = Duration.ofSeconds(30);

    public MediaProbeSettings {
        Objects.requireNonNull(accessPolicy, "accessPolicy");
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(cacheAge, "cacheAge");
        Objects.requireNonNull(cacheAgeWithoutValidator, "cacheAgeWithoutValidator");
        requireAtLeastAMillisecond("fetch", fetchTimeout);
        requireAtLeastAMillisecond("probe", probeTimeout);
        if (imageHeadBytes <= 0 || videoHeadBytes <= 0) {
            throw new IllegalArgumentException("the head sizes must be positive, were " + imageHeadBytes + " and "
                + videoHeadBytes);
        }
        if (maxImageBytes <= 0) {
            throw new IllegalArgumentException("the image size limit must be positive, was " + maxImageBytes);
        }
        if (maxBytesRead < Math.max(imageHeadBytes, videoHeadBytes)) {
            throw new IllegalArgumentException("a probe must be allowed to read at least its heads ("
                + Math.max(imageHeadBytes, videoHeadBytes) + " bytes), was " + maxBytesRead);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("the redirect limit cannot be negative, was " + maxRedirects);
        }
        if (userAgent.isBlank() || !userAgent.chars().allMatch(c -> c >= ' ' && c < 127)) {
            throw new IllegalArgumentException("the user agent must be non-blank visible ASCII");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("the cache size cannot be negative, was " + cacheSize);
        }
        if (cacheAge.isNegative() || cacheAgeWithoutValidator.isNegative()) {
            throw new IllegalArgumentException("cache ages cannot be negative");
        }
        if (cacheAgeWithoutValidator.compareTo(cacheAge) > 0) {
            throw new IllegalArgumentException("an outcome without a validator cannot be kept longer ("
                + cacheAgeWithoutValidator + ") than one with a validator (" + cacheAge + ")");
        }
    }

    /** The defaults, with {@code accessPolicy}. */
    public static MediaProbeSettings of(UrlAccessPolicy accessPolicy) {
        return new MediaProbeSettings(accessPolicy, DEFAULT_FETCH_TIMEOUT, DEFAULT_PROBE_TIMEOUT,
            DEFAULT_IMAGE_HEAD_BYTES, DEFAULT_VIDEO_HEAD_BYTES, MediaFactRules.MAX_IMAGE_BYTES, DEFAULT_MAX_BYTES_READ,
            DEFAULT_MAX_REDIRECTS, DEFAULT_USER_AGENT, DEFAULT_CACHE_SIZE, DEFAULT_CACHE_AGE,
            DEFAULT_CACHE_AGE_WITHOUT_VALIDATOR);
    }

    /** The defaults, public hosts only. */
    public static MediaProbeSettings defaults() {
        return of(UrlAccessPolicy.publicOnly());
    }

    public MediaProbeSettings withAccessPolicy(UrlAccessPolicy accessPolicy) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withFetchTimeout(Duration fetchTimeout) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withProbeTimeout(Duration probeTimeout) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withHeadBytes(int imageHeadBytes, int videoHeadBytes) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withMaxImageBytes(long maxImageBytes) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withMaxBytesRead(long maxBytesRead) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withMaxRedirects(int maxRedirects) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withUserAgent(String userAgent) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    public MediaProbeSettings withCache(long cacheSize, Duration cacheAge, Duration cacheAgeWithoutValidator) {
        return new MediaProbeSettings(accessPolicy, fetchTimeout, probeTimeout, imageHeadBytes, videoHeadBytes,
            maxImageBytes, maxBytesRead, maxRedirects, userAgent, cacheSize, cacheAge, cacheAgeWithoutValidator);
    }

    /** How many bytes the first fetch of a medium of {@code kind} asks for. */
    int headBytes(MediaFormat.Kind kind) {
        return kind == MediaFormat.Kind.IMAGE ? imageHeadBytes : videoHeadBytes;
    }

    private static void requireAtLeastAMillisecond(String which, Duration timeout) {
        if (timeout.isNegative() || timeout.toMillis() == 0) {
            throw new IllegalArgumentException("the " + which + " timeout must be at least one millisecond, was "
                + timeout);
        }
    }
}
