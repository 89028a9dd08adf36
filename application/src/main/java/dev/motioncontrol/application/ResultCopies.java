package dev.motioncontrol.application;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the service's copies of a task's generated videos stand. The provider's URLs are temporary; when the
 * operator keeps results, each generated video of a completed task is copied into the service's result store, and
 * clients are shown the copies. While the copy is under way the task is shown {@code IN_PROGRESS} (see
 * {@link dev.motioncontrol.application.port.out.TaskRecords.TaskRecord#visible()}), so that no client, webhook or
 * watcher is handed a URL that will expire when a lasting one is minutes away.
 *
 * @param state         {@link State}
 * @param videos        the copies, one per generated video in order, once {@link State#COPIED} (and after they
 *                      were deleted)
 * @param attempts      copies attempted so far
 * @param lastAttemptAt when the last attempt ended, if any
 * @param lastError     why the last attempt failed, if it did; once {@link State#FAILED}, why the copy was given up
 * @param dueAt         when the service next acts: the next attempt while {@link State#COPYING} (or the end of an
 *                      attempt's lease), the deletion of the copies once {@link State#COPIED} when they are kept for a
 *                      limited time; empty otherwise
 * @param copiedAt      when the copies were made
 * @param deletedAt     when they were deleted, at the end of their retention
 */
public record ResultCopies(
        State state,
        List<StoredVideo> videos,
        int attempts,
        Optional<Instant> lastAttemptAt,
        Optional<String> lastError,
        Optional<Instant> dueAt,
        Optional<Instant> copiedAt,
        Optional<Instant> deletedAt) {

    /** The life of a task's copies. */
    public enum State {
        /** The service does not keep this task's results: clients get the provider's URLs. */
        NONE,
        /** The task has not completed yet: its videos are copied when it does. */
        WANTED,
        /** The task completed; the copy is due (or under way, or waiting for a retry). */
        COPYING,
        /** Every generated video is in the result store: clients get the copies. */
        COPIED,
        /** The copy was given up (see {@code lastError}): clients get the provider's URLs. */
        FAILED,
        /** The copies were deleted at the end of their retention: they are gone for good. */
        DELETED
    }

    /** Not kept. */
    public static final ResultCopies NONE = new ResultCopies(State.NONE, List.of(), 0, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** To be kept once the task completes. */
    public static final ResultCopies WANTED = new ResultCopies(State.WANTED, List.of(), 0, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public ResultCopies {
        Objects.requireNonNull(state, "state");
        videos = List.copyOf(videos);
        Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(copiedAt, "copiedAt");
        Objects.requireNonNull(deletedAt, "deletedAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative: " + attempts);
        }
    }

    /** The task completed at {@code now}: its copy is due. */
    public ResultCopies due(Instant now) {
        return new ResultCopies(State.COPYING, List.of(), attempts, lastAttemptAt, lastError, Optional.of(now),
                copiedAt, deletedAt);
    }

    /** The same, with the service's next act due at {@code at} instead (a claim's lease, a retry). */
    public ResultCopies dueAt(Instant at) {
        return new ResultCopies(state, videos, attempts, lastAttemptAt, lastError, Optional.of(at), copiedAt,
                deletedAt);
    }

    /** An attempt ended at {@code at} with every video copied; deleted at {@code deleteAt}, if ever. */
    public ResultCopies copied(List<StoredVideo> copies, Instant at, Optional<Instant> deleteAt) {
        return new ResultCopies(State.COPYING == state ? State.COPIED : state, copies, attempts + 1,
                Optional.of(at), Optional.empty(), deleteAt, Optional.of(at), Optional.empty());
    }

    /** An attempt ended at {@code at} failing with {@code error}; another is due at {@code retryAt}, if any. */
    public ResultCopies attemptFailed(Instant at, String error, Optional<Instant> retryAt) {
        return new ResultCopies(retryAt.isPresent() ? State.COPYING : State.FAILED, List.of(), attempts + 1,
                Optional.of(at), Optional.of(error), retryAt, Optional.empty(), Optional.empty());
    }

    /** The copies were deleted at {@code at}. */
    public ResultCopies deleted(Instant at) {
        return new ResultCopies(State.DELETED, videos, attempts, lastAttemptAt, lastError, Optional.empty(),
                copiedAt, Optional.of(at));
    }

    /** Whether the task's copy is still to be made: clients wait for it. */
    public boolean isPending() {
        return state == State.WANTED || state == State.COPYING;
    }

    /** Whether clients are shown the service's copies rather than the provider's URLs. */
    public boolean replacesGenerated() {
        return state == State.COPIED || state == State.DELETED;
    }

    /**
     * One generated video as kept in the result store.
     *
     * @param key         its name in the store: {@code <task id>/<index>.<extension>}
     * @param sizeBytes   its size
     * @param sha256      the SHA-256 of its bytes, 64 lower-case hex digits
     * @param contentType its media type, as the provider served it ({@code video/mp4} when it named none)
     */
    public record StoredVideo(String key, long sizeBytes, String sha256, String contentType) {

        private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}/[0-9]{1,4}\\.[a-z0-9]{1,8}");
        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        public StoredVideo {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(contentType, "contentType");
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("a stored video's key is <task id>/<index>.<extension>: " + key);
            }
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("a SHA-256 is 64 lower-case hex digits: " + sha256);
            }
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("a size cannot be negative: " + sizeBytes);
            }
        }

        /** Whether {@code key} is one a stored video may have (a store is never asked for another name). */
        public static boolean isKey(String key) {
            return key != null && KEY.matcher(key).matches();
        }
    }
}
