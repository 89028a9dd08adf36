package dev.motioncontrol.adapters.results;

import dev.motioncontrol.application.port.out.ResultStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Keeps the copies in a directory of this machine, each at {@code <root>/<task id>/<index>.<extension>}; the service
 * serves them itself.
 *
 * <p>Files are staged in {@code <root>/.staging}, on the same file system as the copies, so that keeping one is an
 * atomic rename: a reader finds the old file or the new one, never a part. ({@code .staging} cannot clash with a task's
 * directory: a task id has no dot.) Every file operation runs on Vert.x's file system API, off the event loop.
 *
 * <p>A key other than {@code <task id>/<index>.<extension>} is refused with an {@link IllegalArgumentException}: thrown
 * by {@link #locate}, the failure of the stage of {@link #keep} and {@link #delete}.
 */
public final class DirectoryResultStore implements ResultStore {

    /** The name of the staging directory under the root. */
    public static final String STAGING = ".staging";

    private static final CopyOptions REPLACING_ATOMICALLY = new CopyOptions().setReplaceExisting(true)
            .setAtomicMove(true);

    private final FileSystem files;
    private final Path root;
    private final Path staging;

    /** A store rooted at {@code root}, which is created with its staging directory if need be (blocking). */
    public DirectoryResultStore(Vertx vertx, Path root) {
        this.files = Objects.requireNonNull(vertx, "vertx").fileSystem();
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING);
        try {
            Files.createDirectories(staging);
            removeStaleStagedFiles(staging, Instant.now().minus(STALE_AFTER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the staging directory " + staging, e);
        }
    }

    /**
     * How old a staged file is when it is taken for the leftover of a run that stopped mid-copy: older than any copy's
     * lease, so that a copy under way on another instance sharing the directory is never touched.
     */
    static final Duration STALE_AFTER = Duration.ofDays(1);

    /** Deletes the staged files last written before {@code before}: what a run that stopped mid-copy left. */
    static void removeStaleStagedFiles(Path staging, Instant before) throws IOException {
        try (DirectoryStream<Path> staged = Files.newDirectoryStream(staging)) {
            for (Path file : staged) {
                try {
                    if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                        Files.deleteIfExists(file);
                    }
                } catch (NoSuchFileException keptOrRemovedMeanwhile) {
                    // Another instance sharing the directory kept it, or tidied it first.
                }
            }
        }
    }

    /** {@code <root>/.staging}. */
    @Override
    public Path stagingDirectory() {
        return staging;
    }

    @Override
    public CompletionStage<Void> keep(String key, Path staged, String contentType) {
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(contentType, "contentType");
        Future<Void> kept;
        try {
            Path target = new ResultKey(key).in(root);
            kept = files.mkdirs(target.getParent().toString())
                    .compose(created -> files.move(staged.toString(), target.toString(), REPLACING_ATOMICALLY))
                    .recover(failure -> Future.failedFuture(
                            new IOException("could not keep " + key + ": " + failure.getMessage(), failure)));
        } catch (IllegalArgumentException badKey) {
            kept = Future.failedFuture(badKey);
        }
        // After a move the staged file is gone already; after a failure it is deleted, as the port promises.
        return kept.recover(failure -> files.delete(staged.toString())
                        .transform(deleted -> Future.<Void>failedFuture(failure)))
                .toCompletionStage();
    }

    /** Deletes the file, and its task's directory if that is left empty. */
    @Override
    public CompletionStage<Void> discard(Path staged) {
        return files.delete(staged.toString()).otherwiseEmpty().<Void>mapEmpty().toCompletionStage();
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        Path target;
        try {
            target = new ResultKey(key).in(root);
        } catch (IllegalArgumentException badKey) {
            return Future.<Void>failedFuture(badKey).toCompletionStage();
        }
        return files.delete(target.toString())
                .recover(failure -> causedBy(failure, NoSuchFileException.class)
                        ? Future.succeededFuture()
                        : Future.failedFuture(new IOException("could not delete " + key + ": " + failure.getMessage(),
                                failure)))
                // Fails while the task has other files (or someone else removed it): either is fine.
                .compose(deleted -> files.delete(target.getParent().toString()).otherwiseEmpty())
                .<Void>mapEmpty()
                .toCompletionStage();
    }

    /** The file under the root; {@code now} and {@code lifetime} do not matter to a local file. */
    @Override
    public Location locate(String key, Instant now, Duration lifetime) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lifetime, "lifetime");
        return new LocalFile(new ResultKey(key).in(root));
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
