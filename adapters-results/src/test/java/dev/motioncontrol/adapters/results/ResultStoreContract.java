package dev.motioncontrol.adapters.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.application.port.out.ResultStore.LocalFile;
import dev.motioncontrol.application.port.out.ResultStore.Location;
import dev.motioncontrol.application.port.out.ResultStore.SignedLink;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ResultStore} promises, written against the port alone: the directory store and the S3 store run
 * it by subclassing and building the instance. A kept object is read back where {@link ResultStore#locate} says: a
 * file is read, a signed link is fetched over HTTP.
 */
public abstract class ResultStoreContract {

    protected static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final long TIMEOUT_SECONDS = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected static Vertx vertx;
    protected ResultStore store;

    /** A new store for each test, empty as far as the keys of {@link #newKey} go; closed after it if closeable. */
    protected abstract ResultStore openStore(Vertx vertx) throws Exception;

    /** A store whose every {@link ResultStore#keep} fails, though its key is good (a missing bucket, say). */
    protected abstract ResultStore openStoreThatCannotKeep(Vertx vertx, String key) throws Exception;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @BeforeEach
    final void openTheStore() throws Exception {
        store = openStore(vertx);
    }

    @AfterEach
    final void closeTheStore() throws Exception {
        close(store);
    }

    @Test
    void keptBytesAreReadBackWhereTheStoreLocatesThem() throws Exception {
        String key = newKey();
        byte[] video = bytes(64 * 1024 + 7, 1);

        await(store.keep(key, staged(store, video), "video/mp4"));

        assertThat(read(store.locate(key, Instant.now(), LIFETIME))).contains(video);
    }

    @Test
    void keepingAgainReplacesWhatWasKept() throws Exception {
        String key = newKey();
        await(store.keep(key, staged(store, bytes(1000, 1)), "video/mp4"));
        byte[] second = bytes(500, 2);

        await(store.keep(key, staged(store, second), "video/mp4"));

        assertThat(read(store.locate(key, Instant.now(), LIFETIME))).contains(second);
    }

    @Test
    void anEmptyVideoIsKeptToo() throws Exception {
        String key = newKey();

        await(store.keep(key, staged(store, new byte[0]), "video/mp4"));

        assertThat(read(store.locate(key, Instant.now(), LIFETIME))).contains(new byte[0]);
    }

    @Test
    void theStagedFileIsGoneOnceKept() throws Exception {
        Path staged = staged(store, bytes(100, 3));

        await(store.keep(newKey(), staged, "video/mp4"));

        assertThat(staged).doesNotExist();
    }

    @Test
    void theStagedFileIsGoneWhenKeepingFails() throws Exception {
        String key = newKey();
        ResultStore failing = openStoreThatCannotKeep(vertx, key);
        try {
            Path staged = staged(failing, bytes(100, 4));

            assertThatThrownBy(() -> await(failing.keep(key, staged, "video/mp4")))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IOException.class).hasMessageContaining(key);
            assertThat(staged).doesNotExist();
        } finally {
            close(failing);
        }
    }

    @Test
    void theStagingDirectoryExists() {
        assertThat(store.stagingDirectory()).isDirectory();
    }

    @Test
    void aDeletedObjectIsGone() throws Exception {
        String key = newKey();
        await(store.keep(key, staged(store, bytes(100, 5)), "video/mp4"));

        await(store.delete(key));

        assertThat(read(store.locate(key, Instant.now(), LIFETIME))).isEmpty();
    }

    @Test
    void deletingWhatIsNotThereSucceeds() throws Exception {
        String key = newKey();
        await(store.keep(key, staged(store, bytes(100, 6)), "video/mp4"));
        await(store.delete(key));

        await(store.delete(key));
        await(store.delete(newKey()));

        assertThat(read(store.locate(key, Instant.now(), LIFETIME))).isEmpty();
    }

    @Test
    void deletingOneVideoLeavesTheOthersOfItsTask() throws Exception {
        String task = UUID.randomUUID().toString();
        await(store.keep(task + "/0.mp4", staged(store, bytes(100, 7)), "video/mp4"));
        byte[] other = bytes(100, 8);
        await(store.keep(task + "/1.mp4", staged(store, other), "video/mp4"));

        await(store.delete(task + "/0.mp4"));

        assertThat(read(store.locate(task + "/1.mp4", Instant.now(), LIFETIME))).contains(other);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "task", "task/", "/etc/0.mp4", "../task/0.mp4", "task/../0.mp4", "task/0.mp4/..",
        "task/0.mp4/x", "a/b/0.mp4", ".staging/0.mp4", "task/0", "task/x.mp4", "task\\0.mp4", "task/0.MP4",
        "tâsk/0.mp4", "task/0.mp4\n"})
    void keysOtherThanTaskIndexExtensionAreRefused(String key) throws Exception {
        Path staged = staged(store, bytes(10, 9));

        assertThatThrownBy(() -> store.locate(key, Instant.now(), LIFETIME))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(store.delete(key)))
                .cause().isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(store.keep(key, staged, "video/mp4")))
                .cause().isInstanceOf(IllegalArgumentException.class);
        assertThat(staged).doesNotExist();
    }

    @Test
    void aNullKeyIsRefused() {
        assertThatThrownBy(() -> store.locate(null, Instant.now(), LIFETIME))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A key no other test uses. */
    protected static String newKey() {
        return UUID.randomUUID() + "/0.mp4";
    }

    /** {@code length} bytes that differ with {@code seed}. */
    protected static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed * 17 + (i >> 8));
        }
        return bytes;
    }

    /** A file holding {@code content} in the store's staging directory, as the fetcher would leave it. */
    protected static Path staged(ResultStore store, byte[] content) throws IOException {
        Path file = Files.createTempFile(store.stagingDirectory(), "staged-", ".part");
        return Files.write(file, content);
    }

    /** The bytes at {@code location}; empty when there is nothing there. */
    protected static Optional<byte[]> read(Location location) throws Exception {
        if (location instanceof LocalFile file) {
            return Files.exists(file.path()) ? Optional.of(Files.readAllBytes(file.path())) : Optional.empty();
        }
        HttpResponse<byte[]> response = get(((SignedLink) location).uri(), Optional.empty());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        assertThat(response.statusCode()).as("GET of a signed link").isEqualTo(200);
        return Optional.of(response.body());
    }

    /** A GET of {@code uri}, of {@code range} ({@code bytes=…}) if given. */
    protected static HttpResponse<byte[]> get(URI uri, Optional<String> range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).GET();
        range.ifPresent(r -> request.header("Range", r));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The outcome of {@code stage}; its failure as the {@link ExecutionException} that wraps it. */
    protected static <T> T await(CompletionStage<T> stage)
            throws ExecutionException, InterruptedException, TimeoutException {
        return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void close(ResultStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
