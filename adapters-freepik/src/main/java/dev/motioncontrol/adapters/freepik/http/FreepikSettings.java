package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.FreepikHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the {@link FreepikVideoProvider} finds the provider, how it authenticates, and how patient and how
 * polite it is. Every value is checked when the settings are made, and bounded so that no arithmetic on it can
 * overflow: every duration is at least {@link #MIN_DURATION} (the client counts in whole milliseconds, and a
 * duration rounded down to 0 would mean "no timeout" to Netty) and at most {@link #MAX_DURATION}, the rate at
 * least {@link #MIN_REQUESTS_PER_SECOND}.
 * The API key is a secret that {@link #toString()} never shows and no check ever quotes; neither is the header
 * name quoted (a caller who swapped the header and the key would otherwise print the key), and
 * {@link #toString()} names it only when it is one of the two documented headers.
 *
 * @param baseUrl               the provider's root, {@code https://api.freepik.com} for Freepik; absolute
 *                              {@code http} or {@code https}, without query or fragment; a path prefix is
 *                              kept (a trailing slash is dropped)
 * @param apiKeyHeader          the header that carries the key: {@code x-freepik-api-key} (Freepik) or
 *                              {@code x-magnific-api-key} (Magnific)
 * @param apiKey                the service's one upstream key; a secret
 * @param connectTimeout        how long opening a connection may take; at least 1 ms, at most a day (default 5 s)
 * @param requestTimeout        how long one attempt may wait for its answer; at least 1 ms, at most a day (default
 *                              30 s)
 * @param totalDeadline         how long one call may take, every retry and wait included; at least 1 ms, at most a
 *                              day (default 60 s). Nothing this client returns takes longer.
 * @param retryBackoffBase      the first retry's longest backoff; each further retry doubles it, up to
 *                              {@code retryBackoffMax}; the actual wait is drawn uniformly below it ("full
 *                              jitter"); at least 1 ms, at most a day (default 200 ms)
 * @param retryBackoffMax       the longest backoff between two attempts; at least the base, at most a day
 *                              (default 5 s)
 * @param requestsPerSecond     the average rate of requests sent to the provider; from
 *                              {@value #MIN_REQUESTS_PER_SECOND} to {@value #MAX_REQUESTS_PER_SECOND} (default
 *                              {@value #DEFAULT_REQUESTS_PER_SECOND}, the provider's published average)
 * @param burst                 how many requests may be sent at once after a quiet spell; at least 1
 *                              (default {@value #DEFAULT_BURST}, the provider's published burst): a token bucket
 *                              of {@code burst} tokens that gains one every {@code 1 / requestsPerSecond} seconds
 * @param maxConcurrentRequests how many requests may be in flight at once; at least 1 (default
 *                              {@value #DEFAULT_MAX_CONCURRENT_REQUESTS}, "up to 3 concurrent requests per
 *                              user" on the provider's Kling pages)
 * @param maxWaitingRequests    how many requests of one client (owner) may wait for their turn; zero or more
 *                              (default {@value #DEFAULT_MAX_WAITING_REQUESTS}); one more fails at once as rate
 *                              limited
 */
public record FreepikSettings(
        URI baseUrl,
        String apiKeyHeader,
        String apiKey,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration totalDeadline,
        Duration retryBackoffBase,
        Duration retryBackoffMax,
        double requestsPerSecond,
        int burst,
        int maxConcurrentRequests,
        int maxWaitingRequests) {

    public static final URI FREEPIK_BASE_URL = URI.create("https://api.freepik.com");
    public static final String FREEPIK_API_KEY_HEADER = FreepikHeaders.FREEPIK_API_KEY;
    public static final URI MAGNIFIC_BASE_URL = URI.create("https://api.magnific.com");
    public static final String MAGNIFIC_API_KEY_HEADER = FreepikHeaders.MAGNIFIC_API_KEY;

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TOTAL_DEADLINE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RETRY_BACKOFF_BASE = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(5);
    public static final double DEFAULT_REQUESTS_PER_SECOND = 10.0;
    public static final int DEFAULT_BURST = 50;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 3;
    public static final int DEFAULT_MAX_WAITING_REQUESTS = 1000;

    /** The shortest any duration of the settings may be: the client counts in whole milliseconds. */
    public static final Duration MIN_DURATION = Duration.ofMillis(1);
    /** The longest any duration of the settings may be. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);
    /** The slowest rate: one request every 1000 s. */
    public static final double MIN_REQUESTS_PER_SECOND = 0.001;
    public static final double MAX_REQUESTS_PER_SECOND = 1_000_000;

    public FreepikSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyHeader, "apiKeyHeader");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(totalDeadline, "totalDeadline");
        Objects.requireNonNull(retryBackoffBase, "retryBackoffBase");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        baseUrl = checkedBaseUrl(baseUrl);
        if (apiKeyHeader.isEmpty() || !apiKeyHeader.chars().allMatch(FreepikSettings::isHeaderNameCharacter)) {
            // Not quoted: a caller who swapped the header and the key would see the key in a log.
            throw new IllegalArgumentException("apiKeyHeader must be a valid HTTP header name (the value is not shown)");
        }
        // Never quote the key: these messages may end up in a log.
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("apiKey must be printable ASCII without spaces (the key is not shown)");
        }
        requireWithinBounds("connectTimeout", connectTimeout);
        requireWithinBounds("requestTimeout", requestTimeout);
        requireWithinBounds("totalDeadline", totalDeadline);
        requireWithinBounds("retryBackoffBase", retryBackoffBase);
        requireWithinBounds("retryBackoffMax", retryBackoffMax);
        if (retryBackoffMax.compareTo(retryBackoffBase) < 0) {
            throw new IllegalArgumentException("retryBackoffMax must be at least retryBackoffBase ("
                    + retryBackoffBase + "), was " + retryBackoffMax);
        }
        if (!(requestsPerSecond >= MIN_REQUESTS_PER_SECOND && requestsPerSecond <= MAX_REQUESTS_PER_SECOND)) {
            throw new IllegalArgumentException("requestsPerSecond must be from " + MIN_REQUESTS_PER_SECOND + " to "
                    + MAX_REQUESTS_PER_SECOND + ", was " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, was " + maxConcurrentRequests);
        }
        if (maxWaitingRequests < 0) {
            throw new IllegalArgumentException("maxWaitingRequests must not be negative, was " + maxWaitingRequests);
        }
    }

    /** Freepik ({@code https://api.freepik.com}, {@code x-freepik-api-key}) with every default. */
    public static FreepikSettings freepik(String apiKey) {
        return withDefaults(FREEPIK_BASE_URL, FREEPIK_API_KEY_HEADER, apiKey);
    }

    /** Magnific ({@code https://api.magnific.com}, {@code x-magnific-api-key}) with every default. */
    public static FreepikSettings magnific(String apiKey) {
        return withDefaults(MAGNIFIC_BASE_URL, MAGNIFIC_API_KEY_HEADER, apiKey);
    }

    private static FreepikSettings withDefaults(URI baseUrl, String header, String apiKey) {
        return new FreepikSettings(baseUrl, header, apiKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_TOTAL_DEADLINE, DEFAULT_RETRY_BACKOFF_BASE, DEFAULT_RETRY_BACKOFF_MAX,
                DEFAULT_REQUESTS_PER_SECOND, DEFAULT_BURST, DEFAULT_MAX_CONCURRENT_REQUESTS,
                DEFAULT_MAX_WAITING_REQUESTS);
    }

    /** These settings against another host (a stub, a proxy), same key and header. */
    public FreepikSettings withBaseUrl(URI baseUrl) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    public FreepikSettings withApiKeyHeader(String apiKeyHeader) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    public FreepikSettings withApiKey(String apiKey) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    public FreepikSettings withConnectTimeout(Duration connectTimeout) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    public FreepikSettings withRequestTimeout(Duration requestTimeout) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    public FreepikSettings withTotalDeadline(Duration totalDeadline) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    /** The backoff before the first retry ({@code base}) and the cap it doubles up to ({@code max}). */
    public FreepikSettings withRetryBackoff(Duration base, Duration max) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                base, max, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    /** At most {@code requestsPerSecond} on average, and {@code burst} at once. */
    public FreepikSettings withRateLimit(double requestsPerSecond, int burst) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    public FreepikSettings withMaxConcurrentRequests(int maxConcurrentRequests) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    public FreepikSettings withMaxWaitingRequests(int maxWaitingRequests) {
        return new FreepikSettings(baseUrl, apiKeyHeader, apiKey, connectTimeout, requestTimeout, totalDeadline,
                retryBackoffBase, retryBackoffMax, requestsPerSecond, burst, maxConcurrentRequests, maxWaitingRequests);
    }

    /**
     * Every setting but the API key, which is shown as {@code [redacted]}; the header name is shown only when it
     * is one of the documented ones.
     */
    @Override
    public String toString() {
        return "FreepikSettings[baseUrl=" + baseUrl + ", apiKeyHeader=" + shownHeader() + ", apiKey=[redacted]"
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", totalDeadline=" + totalDeadline + ", retryBackoffBase=" + retryBackoffBase
                + ", retryBackoffMax=" + retryBackoffMax + ", requestsPerSecond=" + requestsPerSecond
                + ", burst=" + burst + ", maxConcurrentRequests=" + maxConcurrentRequests
                + ", maxWaitingRequests=" + maxWaitingRequests + "]";
    }

    private static URI checkedBaseUrl(URI baseUrl) {
        String scheme = baseUrl.getScheme() == null ? null : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))
                || baseUrl.getHost() == null || baseUrl.getHost().isEmpty()) {
            throw new IllegalArgumentException(
                    "baseUrl must be an absolute http or https URL with a host, was " + withoutUserInfo(baseUrl));
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            // Not quoted: user info may hold a password.
            throw new IllegalArgumentException("baseUrl must have no user info, query or fragment");
        }
        String text = baseUrl.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : baseUrl;
    }

    /** The URL as it may be quoted: user info (which may hold a secret) left out. */
    private static String withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.getScheme() + "://[user info hidden]@" + url.getRawAuthority().substring(
                url.getRawAuthority().lastIndexOf('@') + 1) + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static boolean isHeaderNameCharacter(int c) {
        // RFC 9110 token characters.
        return c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private String shownHeader() {
        return FREEPIK_API_KEY_HEADER.equalsIgnoreCase(apiKeyHeader) || MAGNIFIC_API_KEY_HEADER.equalsIgnoreCase(apiKeyHeader)
                ? apiKeyHeader : "[custom, not shown]";
    }

    private static void requireWithinBounds(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        if (value.compareTo(MIN_DURATION) < 0) {
            // The client works in whole milliseconds: less would round to 0, which Netty reads as "no timeout".
            throw new IllegalArgumentException(name + " must be at least " + MIN_DURATION + ", was " + value);
        }
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION + ", was " + value);
        }
    }
}
