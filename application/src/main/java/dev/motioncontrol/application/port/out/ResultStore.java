package dev.motioncontrol.application.port.out;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Where the service keeps its copies of generated videos, each under a key of the form
 * {@code <task id>/<index>.<extension>} ({@link dev.motioncontrol.application.ResultCopies.StoredVideo#isKey}): a
 * local directory, or S3-compatible object storage.
 *
 * <p>A copy is first written to a file in {@link #stagingDirectory()} (by the
 * {@link GeneratedVideoFetcher}), then handed to {@link #keep}. Stages fail with an exception whose message says
 * what went wrong without quoting credentials; the copier retries.
 */
public interface ResultStore {

    /**
     * A directory on this machine where staged files are written before {@link #keep}: on the same file system as
     * the copies for a directory store (so that keeping one is a rename), a temporary directory otherwise. It exists.
     */
    Path stagingDirectory();

    /**
     * Keeps the bytes of {@code staged} under {@code key}, as {@code contentType}, replacing what was there. The
     * staged file is gone afterwards, whether this succeeds or fails. A kept object is complete or absent: a reader
     * never sees half of one.
     */
    CompletionStage<Void> keep(String key, Path staged, String contentType);

    /** Deletes a staged file that will not be kept (its copy was cut short); succeeds when it is not there. */
    CompletionStage<Void> discard(Path staged);

    /** Deletes what is kept under {@code key}; succeeds when there is nothing there (any more). */
    CompletionStage<Void> delete(String key);

    /**
     * Where a reader finds the object under {@code key}, for {@code lifetime} from {@code now}: a file on this machine,
     * which the service serves, or a link the store signed itself (an S3 presigned URL), which anyone holding it may
     * read until it expires. Computed without I/O; says nothing of whether the object is (still) there.
     */
    Location locate(String key, Instant now, Duration lifetime);

    /** Where a kept object is read. */
    sealed interface Location {
    }

    /** A file on this machine. */
    record LocalFile(Path path) implements Location {
        public LocalFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A link that reads the object directly, until {@code expiresAt}. */
    record SignedLink(URI uri, Instant expiresAt) implements Location {
        public SignedLink {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }
}
