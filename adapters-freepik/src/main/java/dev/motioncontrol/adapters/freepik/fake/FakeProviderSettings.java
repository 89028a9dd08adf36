package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.domain.HttpUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the {@link FakeVideoProvider} behaves: how long a task waits and generates, how many tasks it keeps
 * and for how long, and where its generated videos are served. Every value is checked when the settings
 * are made, so a provider built from them cannot be misconfigured.
 *
 * @param queueDelay      how long a task stays {@code CREATED}; zero or more
 * @param generationDelay how long it then stays {@code IN_PROGRESS}; zero or more
 * @param maxTasks        how many tasks are kept at most, from 1 to {@value #MAX_TASKS_LIMIT}; the oldest is
 *                        forgotten to make room for a new one
 * @param maxAge          how long a task is kept after its submission; positive
 * @param mediaBaseUrl    the public root URL of the service that serves {@link FakeMedia}: a completed
 *                        task's video is {@code mediaBaseUrl + "fake-media/{task_id}.mp4"}; absolute
 *                        {@code http} or {@code https}, without query or fragment
 * @param control         a test's hold on the fake built with these settings (see {@link FakeProviderControl}), if any
 */
public record FakeProviderSettings(Duration queueDelay, Duration generationDelay, int maxTasks, Duration maxAge,
        URI mediaBaseUrl, Optional<FakeProviderControl> control) {

    public static final Duration DEFAULT_QUEUE_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_GENERATION_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_TASKS = 1_000_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    /** The most tasks the fake's index can address (2^28): far beyond what a heap of a few GB holds. */
    public static final int MAX_TASKS_LIMIT = 1 << 28;

    public FakeProviderSettings {
        Objects.requireNonNull(queueDelay, "queueDelay");
        Objects.requireNonNull(generationDelay, "generationDelay");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(mediaBaseUrl, "mediaBaseUrl");
        Objects.requireNonNull(control, "control");
        if (queueDelay.isNegative()) {
            throw new IllegalArgumentException("queueDelay must not be negative, was " + queueDelay);
        }
        if (generationDelay.isNegative()) {
            throw new IllegalArgumentException("generationDelay must not be negative, was " + generationDelay);
        }
        if (maxTasks < 1 || maxTasks > MAX_TASKS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxTasks must be between 1 and " + MAX_TASKS_LIMIT + ", was " + maxTasks);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        HttpUrl.problemWith(mediaBaseUrl.toString()).ifPresent(reason -> {
            throw new IllegalArgumentException("mediaBaseUrl " + reason);
        });
        if (mediaBaseUrl.getRawQuery() != null || mediaBaseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("mediaBaseUrl must have no query or fragment, was " + mediaBaseUrl);
        }
    }

    /** Settings without a control: the fake's tasks follow their delays alone. */
    public FakeProviderSettings(
            Duration queueDelay, Duration generationDelay, int maxTasks, Duration maxAge, URI mediaBaseUrl) {
        this(queueDelay, generationDelay, maxTasks, maxAge, mediaBaseUrl, Optional.empty());
    }

    /**
     * The provider's usual pace (2 s queued, 5 s generating), a million tasks kept for 24 h, videos served
     * under {@code mediaBaseUrl}.
     */
    public static FakeProviderSettings defaults(URI mediaBaseUrl) {
        return new FakeProviderSettings(
                DEFAULT_QUEUE_DELAY, DEFAULT_GENERATION_DELAY, DEFAULT_MAX_TASKS, DEFAULT_MAX_AGE, mediaBaseUrl);
    }

    public FakeProviderSettings withQueueDelay(Duration queueDelay) {
        return new FakeProviderSettings(queueDelay, generationDelay, maxTasks, maxAge, mediaBaseUrl, control);
    }

    public FakeProviderSettings withGenerationDelay(Duration generationDelay) {
        return new FakeProviderSettings(queueDelay, generationDelay, maxTasks, maxAge, mediaBaseUrl, control);
    }

    /** These settings with no delay at all: a task is finished the first time it is read. */
    public FakeProviderSettings withoutDelays() {
        return withQueueDelay(Duration.ZERO).withGenerationDelay(Duration.ZERO);
    }

    public FakeProviderSettings withMaxTasks(int maxTasks) {
        return new FakeProviderSettings(queueDelay, generationDelay, maxTasks, maxAge, mediaBaseUrl, control);
    }

    public FakeProviderSettings withMaxAge(Duration maxAge) {
        return new FakeProviderSettings(queueDelay, generationDelay, maxTasks, maxAge, mediaBaseUrl, control);
    }

    public FakeProviderSettings withMediaBaseUrl(URI mediaBaseUrl) {
        return new FakeProviderSettings(queueDelay, generationDelay, maxTasks, maxAge, mediaBaseUrl, control);
    }

    /** These settings with {@code control} driving the fake built with them. */
    public FakeProviderSettings withControl(FakeProviderControl control) {
        return new FakeProviderSettings(queueDelay, generationDelay, maxTasks, maxAge, mediaBaseUrl,
                Optional.of(Objects.requireNonNull(control, "control")));
    }
}
