package dev.motioncontrol.adapters.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.application.port.out.ResultStore.SignedLink;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The contract on a real S3 API (s3proxy, in process), and what only presigned links do. */
class S3ResultStoreTest extends ResultStoreContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static InProcessS3 s3;

    @TempDir
    Path temporary;

    private String prefix;

    @BeforeAll
    static void startS3() {
        s3 = InProcessS3.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    /** Each test under a prefix of its own. */
    @Override
    protected ResultStore openStore(Vertx vertx) {
        prefix = "test-" + PREFIXES.incrementAndGet() + "/";
        return S3ResultStore.create(vertx, s3.settings(prefix).withTemporaryDirectory(temporary));
    }

    /** A store whose bucket does not exist. */
    @Override
    protected ResultStore openStoreThatCannotKeep(Vertx vertx, String key) {
        return S3ResultStore.create(vertx, new S3ResultStoreSettings("no-such-bucket", "", s3.region(),
                Optional.of(s3.endpoint()), Optional.of(s3.credentials()), true, temporary));
    }

    @Test
    void objectsAreKeptUnderTheKeyPrefixWithTheirContentType() throws Exception {
        String key = newKey();
        byte[] video = bytes(300, 1);

        await(store.keep(key, staged(store, video), "video/webm"));

        assertThat(s3.keys()).contains(prefix + key);
        assertThat(s3.read(prefix + key)).contains(video);
        assertThat(s3.contentType(prefix + key)).contains("video/webm");
    }

    @Test
    void aLinkServesTheContentType() throws Exception {
        String key = newKey();
        await(store.keep(key, staged(store, bytes(300, 2)), "video/mp4"));

        HttpResponse<byte[]> response = get(link(key, Instant.now(), LIFETIME).uri(), Optional.empty());

        assertThat(response.headers().firstValue("Content-Type")).contains("video/mp4");
    }

    @Test
    void aLinkServesByteRanges() throws Exception {
        String key = newKey();
        byte[] video = bytes(10_000, 3);
        await(store.keep(key, staged(store, video), "video/mp4"));

        HttpResponse<byte[]> response = get(link(key, Instant.now(), LIFETIME).uri(), Optional.of("bytes=100-199"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes 100-199/10000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(video, 100, 200));
    }

    @Test
    void aLinkIsSignedAsOfTheTimeGivenAndExpiresALifetimeLater() {
        Instant now = Instant.parse("2026-12-03T10:15:30.750Z");

        SignedLink link = link(newKey(), now, Duration.ofMinutes(90));

        assertThat(link.uri().getRawQuery()).contains("X-Amz-Date=20261203T101530Z", "X-Amz-Expires=5400");
        assertThat(link.expiresAt()).isEqualTo(Instant.parse("2026-12-03T11:45:30Z"));
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        String key = newKey();
        await(store.keep(key, staged(store, bytes(100, 4)), "video/mp4"));

        SignedLink expired = link(key, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));

        HttpResponse<byte[]> response = get(expired.uri(), Optional.empty());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("expired");
    }

    @Test
    void aLinkSignedEarlierIsServedUntilItExpires() throws Exception {
        String key = newKey();
        byte[] video = bytes(100, 5);
        await(store.keep(key, staged(store, video), "video/mp4"));

        SignedLink stillValid = link(key, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(3));

        assertThat(read(stillValid)).contains(video);
    }

    @Test
    void aTamperedLinkIsRefused() throws Exception {
        String key = newKey();
        await(store.keep(key, staged(store, bytes(100, 6)), "video/mp4"));
        String other = newKey();
        await(store.keep(other, staged(store, bytes(100, 7)), "video/mp4"));

        SignedLink link = link(key, Instant.now(), LIFETIME);
        String toTheOther = link.uri().toString().replace(key, other);

        assertThat(get(URI.create(toTheOther), Optional.empty()).statusCode()).isEqualTo(403);
    }

    @Test
    void aLinkLivesOneSecondToSevenDays() {
        String key = newKey();

        assertThat(link(key, Instant.now(), Duration.ofSeconds(1)).expiresAt()).isNotNull();
        assertThat(link(key, Instant.now(), Duration.ofDays(7)).expiresAt()).isNotNull();
        assertThatThrownBy(() -> store.locate(key, Instant.now(), Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.locate(key, Instant.now(), Duration.ofDays(7).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStagingDirectoryIsUnderTheConfiguredTemporaryDirectory() {
        assertThat(store.stagingDirectory()).isDirectory().hasParent(temporary);
    }

    @Test
    void closingRemovesAnEmptyStagingDirectory() throws Exception {
        Path staging = store.stagingDirectory();

        ((S3ResultStore) store).close();

        assertThat(staging).doesNotExist();
    }

    @Test
    void aFailureSaysWhatS3AnsweredButNotTheCredentials() throws Exception {
        String wrongSecret = "wrong-secret-0123456789abcdef";
        try (S3ResultStore wrong = S3ResultStore.create(vertx, s3.settings(prefix).withTemporaryDirectory(temporary)
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), wrongSecret))))) {
            String key = newKey();

            assertThatThrownBy(() -> await(wrong.keep(key, staged(wrong, bytes(10, 8)), "video/mp4")))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .hasMessageContaining("could not keep " + key)
                    .hasMessageContaining("403")
                    .message().doesNotContain(wrongSecret, s3.secretKey(), s3.accessKey());
        }
    }

    private SignedLink link(String key, Instant now, Duration lifetime) {
        return (SignedLink) store.locate(key, now, lifetime);
    }
}
