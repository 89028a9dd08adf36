package dev.motioncontrol.adapters.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.application.port.out.ResultStore.LocalFile;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryResultStoreTest extends ResultStoreContract {

    @TempDir
    Path root;

    @Override
    protected ResultStore openStore(Vertx vertx) {
        return new DirectoryResultStore(vertx, root);
    }

    /** A store in which the task's directory cannot be made: a file has its name. */
    @Override
    protected ResultStore openStoreThatCannotKeep(Vertx vertx, String key) throws Exception {
        Path otherRoot = Files.createDirectories(root.resolve("cannot-keep"));
        Files.writeString(otherRoot.resolve(key.substring(0, key.indexOf('/'))), "in the way");
        return new DirectoryResultStore(vertx, otherRoot);
    }

    @Test
    void aStagedFileLeftByARunThatStoppedMidCopyIsRemovedAtStartAndAFreshOneKept() throws Exception {
        Path other = Files.createDirectories(root.resolve("restarted").resolve(DirectoryResultStore.STAGING));
        Path stale = Files.writeString(other.resolve("stale.part"), "half a video");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                Instant.now().minus(DirectoryResultStore.STALE_AFTER).minusSeconds(60)));
        Path fresh = Files.writeString(other.resolve("fresh.part"), "another instance's copy under way");

        new DirectoryResultStore(vertx, root.resolve("restarted"));

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void filesAreStagedBesideTheCopiesSoThatKeepingIsARename() {
        assertThat(store.stagingDirectory()).isEqualTo(root.toAbsolutePath().resolve(".staging")).isDirectory();
    }

    @Test
    void aCopyIsAFileInItsTasksDirectoryUnderTheRoot() throws Exception {
        String task = UUID.randomUUID().toString();
        byte[] video = bytes(100, 1);

        await(store.keep(task + "/2.webm", staged(store, video), "video/webm"));

        Path expected = root.toAbsolutePath().resolve(task).resolve("2.webm");
        assertThat(store.locate(task + "/2.webm", Instant.now(), LIFETIME)).isEqualTo(new LocalFile(expected));
        assertThat(expected).hasBinaryContent(video);
    }

    @Test
    void deletingTheLastCopyOfATaskRemovesItsDirectory() throws Exception {
        String task = UUID.randomUUID().toString();
        await(store.keep(task + "/0.mp4", staged(store, bytes(10, 1)), "video/mp4"));
        await(store.keep(task + "/1.mp4", staged(store, bytes(10, 2)), "video/mp4"));

        await(store.delete(task + "/0.mp4"));
        assertThat(root.resolve(task)).isDirectory();
        await(store.delete(task + "/1.mp4"));

        assertThat(root.resolve(task)).doesNotExist();
        assertThat(store.stagingDirectory()).isDirectory();
    }

    @Test
    void locatingACopyCreatesNothing() {
        String key = newKey();

        assertThat(store.locate(key, Instant.now(), LIFETIME)).isEqualTo(new LocalFile(root.toAbsolutePath()
                .resolve(key)));
        assertThat(root.resolve(key).getParent()).doesNotExist();
    }
}
