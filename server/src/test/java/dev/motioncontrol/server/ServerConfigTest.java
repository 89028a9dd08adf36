package dev.motioncontrol.server;

import dev.motioncontrol.application.ClientLimits;
import dev.motioncontrol.application.service.MediaPreflight;
import dev.motioncontrol.application.service.StatusFreshness;
import dev.motioncontrol.freepik.api.SubmitBodyReader.UnknownFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {

    @Test
    void runsTheFakeOnPort8080WithAnyKeyWhenNothingIsSet() {
        ServerConfig config = ServerConfig.from(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.provider()).isEqualTo(ServerConfig.Provider.FAKE);
        assertThat(config.clientKeys()).isEmpty();
        assertThat(config.allowPrivateUrls()).isFalse();
        assertThat(config.mediaPreflight()).isEqualTo(MediaPreflight.Mode.OFF);
        assertThat(config.unknownFields()).isEqualTo(UnknownFields.IGNORE);
        assertThat(config.fakeQueueDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.fakeGenerationDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.fakeMaxTasks()).isEqualTo(1_000_000);
        assertThat(config.fakeTaskTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.publicBaseUrl(8080)).isEqualTo(URI.create("http://localhost:8080/"));
    }

    @Test
    void readsEveryVariable() {
        ServerConfig config = ServerConfig.from(Map.ofEntries(
                Map.entry("PORT", "0"),
                Map.entry("HOST", "127.0.0.1"),
                Map.entry("PROVIDER", "FAKE"),
                Map.entry("PUBLIC_BASE_URL", "https://motion.example.com"),
                Map.entry("CLIENT_API_KEYS", " alpha, beta ,,"),
                Map.entry("ALLOW_PRIVATE_URLS", "true"),
                Map.entry("MEDIA_PREFLIGHT", "Warn"),
                Map.entry("UNKNOWN_FIELDS", "Reject"),
                Map.entry("FAKE_QUEUE_DELAY", "0"),
                Map.entry("FAKE_GENERATION_DELAY", "1500ms"),
                Map.entry("FAKE_MAX_TASKS", "10"),
                Map.entry("FAKE_TASK_TTL", "PT30M"),
                Map.entry("SHUTDOWN_GRACE", "3s")));

        assertThat(config.port()).isZero();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.publicBaseUrl()).contains(URI.create("https://motion.example.com/"));
        assertThat(config.clientKeys().keySet()).isEqualTo(Set.of("alpha", "beta"));
        assertThat(config.allowPrivateUrls()).isTrue();
        assertThat(config.mediaPreflight()).isEqualTo(MediaPreflight.Mode.WARN);
        assertThat(config.unknownFields()).isEqualTo(UnknownFields.REJECT);
        assertThat(config.fakeQueueDelay()).isZero();
        assertThat(config.fakeGenerationDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.fakeMaxTasks()).isEqualTo(10);
        assertThat(config.fakeTaskTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PORT                  | 65536       | PORT must be a whole number from 0 to 65535",
        "PORT                  | http        | PORT must be a whole number",
        "PROVIDER              | openai      | PROVIDER must be 'fake' or 'freepik'",
        "PROVIDER              | freepik     | PROVIDER=freepik needs FREEPIK_API_KEY",
        "FREEPIK_BASE_URL      | api.freepik | FREEPIK_BASE_URL must be an absolute http(s) URL",
        "FREEPIK_DEADLINE      | 0           | FREEPIK_DEADLINE must be longer than zero",
        "CLIENT_API_KEYS_FILE  | /nonexistent/keys | CLIENT_API_KEYS_FILE names a file that cannot be read",
        "PUBLIC_BASE_URL       | example.com | PUBLIC_BASE_URL must be an absolute http(s) URL",
        "ALLOW_PRIVATE_URLS    | maybe       | ALLOW_PRIVATE_URLS must be true or false",
        "MEDIA_PREFLIGHT       | strict      | MEDIA_PREFLIGHT must be enforce, warn or off",
        "UNKNOWN_FIELDS        | drop        | UNKNOWN_FIELDS must be 'ignore' or 'reject'",
        "FAKE_QUEUE_DELAY      | soon        | FAKE_QUEUE_DELAY must be a duration",
        "FAKE_GENERATION_DELAY | -PT1S       | FAKE_GENERATION_DELAY must be a duration",
        "FAKE_MAX_TASKS        | 0           | FAKE_MAX_TASKS must be a whole number from 1",
        "RESULTS_STORE         | ./results   | RESULTS_STORE must be none, dir:<path> or s3://<bucket>[/<prefix>]",
        "RESULTS_STORE         | s3://A_B    | RESULTS_STORE names no S3 bucket",
        "RESULTS_LINK_LIFETIME | 8d          | RESULTS_LINK_LIFETIME must be at most 7d",
        "RESULTS_MAX_BYTES     | 2GB         | RESULTS_MAX_BYTES must be a number of bytes",
        "RESULTS_KEEP_FOR      | 0           | RESULTS_KEEP_FOR must be longer than zero",
        "RESULTS_S3_ACCESS_KEY_ID | AKIA1    | RESULTS_S3_ACCESS_KEY_ID needs RESULTS_S3_SECRET_ACCESS_KEY",
        "MANAGEMENT_PORT       | 8080        | MANAGEMENT_PORT must differ from PORT",
        "MANAGEMENT_PORT       | -1          | MANAGEMENT_PORT must be a whole number from 0 to 65535",
        "MANAGEMENT_TOKEN      | short       | MANAGEMENT_TOKEN must be at least 16 characters",
        "LOG_FORMAT            | xml         | LOG_FORMAT must be text or json",
        "ACCESS_LOG            | sometimes   | ACCESS_LOG must be true or false",
    })
    void refusesABadVariableNamingItAndWhy(String name, String value, String message) {
        assertThatThrownBy(() -> ServerConfig.from(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aManagementTokenFromAFileIsHeldToTheSameLength(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "x\n");

        assertThatThrownBy(() -> ServerConfig.from(Map.of("MANAGEMENT_TOKEN_FILE", file.toString())))
                .hasMessageStartingWith("MANAGEMENT_TOKEN_FILE must be at least 16 characters");
    }

    @Test
    void theManagementListenerIsOffUnlessAPortIsGivenAndItsTokenNeverPrinted() {
        assertThat(ServerConfig.from(Map.of()).operations().managementPort()).isEmpty();
        ServerConfig config = ServerConfig.from(Map.of("MANAGEMENT_PORT", "9090", "MANAGEMENT_TOKEN",
                "management-token-0123456789"));

        assertThat(config.operations().managementPort()).contains(9090);
        assertThat(config.operations().managementHost()).isEqualTo("0.0.0.0");
        assertThat(config.toString()).doesNotContain("management-token-0123456789");
    }

    @Test
    void theMediaAreMeasuredBeforePayingInFreepikModeOnly() {
        assertThat(ServerConfig.from(Map.of("PROVIDER", "freepik", "FREEPIK_API_KEY", "k", "CLIENT_API_KEYS", "a"))
                .mediaPreflight()).isEqualTo(MediaPreflight.Mode.ENFORCE);
        assertThat(ServerConfig.from(Map.of("MEDIA_PREFLIGHT", "enforce")).mediaPreflight())
                .isEqualTo(MediaPreflight.Mode.ENFORCE);
    }

    @Test
    void statusIsRecheckedAfterTwoToSixtySecondsUnlessToldOtherwise() {
        assertThat(ServerConfig.from(Map.of()).freepik().statusRecheck()).isEqualTo(new StatusFreshness(
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(10)));
        assertThat(ServerConfig.from(Map.of("STATUS_RECHECK_MIN", "0", "STATUS_RECHECK_MAX", "0",
                "PROVIDER_WEBHOOK_WAIT", "0")).freepik().statusRecheck()).isEqualTo(StatusFreshness.ALWAYS);
        assertThatThrownBy(() -> ServerConfig.from(Map.of("STATUS_RECHECK_MIN", "10s", "STATUS_RECHECK_MAX", "5s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STATUS_RECHECK_MAX (PT5S) must be at least STATUS_RECHECK_MIN (PT10S)");
    }

    @Test
    void freepikModeRefusesToStartWithoutClientKeys() {
        assertThatThrownBy(() -> ServerConfig.from(Map.of("PROVIDER", "freepik", "FREEPIK_API_KEY", "upstream")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PROVIDER=freepik needs CLIENT_API_KEYS or CLIENT_API_KEYS_FILE");
    }

    @Test
    void readsClientKeysFromAFileOneALineSkippingCommentsAndBlanks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# the mobile team\nkey-one\n\n  key-two  \n");

        ServerConfig config = ServerConfig.from(Map.of("CLIENT_API_KEYS_FILE", file.toString(), "CLIENT_API_KEYS", "key-three"));

        assertThat(config.clientKeys().keySet()).isEqualTo(Set.of("key-one", "key-two", "key-three"));
    }

    @Test
    void eachKeyOfTheFileMayHaveItsOwnLimitsAndTheOthersHaveTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "batch-team rate=5 unfinished=100\nmobile-team  burst=3\nunlimited rate=none "
                + "unfinished=none\nplain\n");

        ServerConfig config = ServerConfig.from(Map.of("PROVIDER", "freepik", "FREEPIK_API_KEY", "upstream",
                "CLIENT_API_KEYS_FILE", file.toString(), "CLIENT_API_KEYS", "listed"));

        assertThat(config.clientLimits()).isEqualTo(new ClientLimits(50, 100, 50));
        assertThat(config.clientKeys()).containsEntry("batch-team", new ClientLimits(5, 10, 100))
                .containsEntry("mobile-team", new ClientLimits(50, 3, 50))
                .containsEntry("unlimited", ClientLimits.NONE)
                .containsEntry("plain", config.clientLimits())
                .containsEntry("listed", config.clientLimits());
    }

    @Test
    void theFakeLimitsNoClientUnlessToldTo() {
        assertThat(ServerConfig.from(Map.of()).clientLimits()).isEqualTo(ClientLimits.NONE);
        assertThat(ServerConfig.from(Map.of("CLIENT_RATE_LIMIT", "2.5", "CLIENT_MAX_UNFINISHED", "3")).clientLimits())
                .isEqualTo(new ClientLimits(2.5, 5, 3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "secret-key rate=fast      | CLIENT_API_KEYS_FILE line 2: must be requests per second",
        "secret-key unfinished=500 | CLIENT_API_KEYS_FILE line 2: must be a whole number from 1 to 100",
        "secret-key limit=5        | CLIENT_API_KEYS_FILE line 2: after the key, expected rate=, burst= or unfinished=",
        "secret key                | CLIENT_API_KEYS_FILE line 2: after the key, expected rate=",
    })
    void aWrongLineOfTheKeysFileIsNamedByItsNumberNeverByItsKey(String line, String message, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "good-key\n" + line + "\n");

        assertThatThrownBy(() -> ServerConfig.from(Map.of("CLIENT_API_KEYS_FILE", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("secret");
    }

    @Test
    void readsTheFreepikSettings() {
        ServerConfig config = ServerConfig.from(Map.of("PROVIDER", "freepik", "FREEPIK_API_KEY", "upstream-secret",
                "CLIENT_API_KEYS", "client", "FREEPIK_BASE_URL", "https://api.magnific.com",
                "FREEPIK_API_KEY_HEADER", "x-magnific-api-key", "FREEPIK_MAX_CONCURRENT", "2"));

        assertThat(config.provider()).isEqualTo(ServerConfig.Provider.FREEPIK);
        assertThat(config.freepik().apiKey()).contains("upstream-secret");
        assertThat(config.freepik().baseUrl()).isEqualTo(URI.create("https://api.magnific.com/"));
        assertThat(config.freepik().apiKeyHeader()).isEqualTo("x-magnific-api-key");
        assertThat(config.freepik().maxConcurrent()).isEqualTo(2);
        assertThat(config.freepik().deadline()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void neverPrintsAKey() {
        ServerConfig config = ServerConfig.from(Map.of("PROVIDER", "freepik", "FREEPIK_API_KEY", "upstream-secret",
                "CLIENT_API_KEYS", "client-secret"));

        assertThat(config.toString()).doesNotContain("upstream-secret").doesNotContain("client-secret");
    }

    @Test
    void keepsNoCopiesOfTheVideosUnlessToldWhere() {
        ServerConfig.Results none = ServerConfig.from(Map.of()).results();
        ServerConfig.Results s3 = ServerConfig.from(Map.of("STORE", "sqlite:state.db",
                "RESULTS_STORE", "s3://videos.example/kept",
                "RESULTS_S3_ENDPOINT", "https://minio.internal:9000", "AWS_REGION", "eu-west-1",
                "RESULTS_S3_ACCESS_KEY_ID", "AKIA1", "RESULTS_S3_SECRET_ACCESS_KEY", "bucket-secret",
                "RESULTS_KEEP_FOR", "forever", "RESULTS_LINK_LIFETIME", "2h", "RESULTS_MAX_BYTES", "512MiB")).results();

        assertThat(none.kept()).isFalse();
        assertThat(none.keepFor()).as("on the memory store, before it forgets the task").contains(Duration.ofDays(1));
        assertThat(ServerConfig.from(Map.of("STORE", "sqlite:state.db")).results().keepFor())
                .contains(Duration.ofDays(7));
        assertThat(none.linkLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(none.maxBytes()).isEqualTo(2L << 30);
        assertThat(ServerConfig.from(Map.of("RESULTS_STORE", "dir:/var/results")).results().location())
                .isEqualTo(new ServerConfig.ResultsLocation.Directory(Path.of("/var/results")));
        assertThat(s3.location()).isEqualTo(new ServerConfig.ResultsLocation.S3("videos.example", "kept/"));
        assertThat(s3.s3Endpoint()).contains(URI.create("https://minio.internal:9000/"));
        assertThat(s3.s3Region()).isEqualTo("eu-west-1");
        assertThat(s3.keepFor()).isEmpty();
        assertThat(s3.linkLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(s3.maxBytes()).isEqualTo(512L << 20);
        assertThat(s3.s3Credentials()).hasValueSatisfying(keys ->
                assertThat(keys.secretAccessKey()).isEqualTo("bucket-secret"));
        assertThat(s3.toString()).doesNotContain("bucket-secret");
    }

    @Test
    void aMemoryStoreMustNotForgetATaskBeforeItsCopiesAreDeleted() {
        assertThatThrownBy(() -> ServerConfig.from(Map.of("RESULTS_STORE", "dir:/tmp/results",
                "RESULTS_KEEP_FOR", "forever")))
                .hasMessageStartingWith("RESULTS_KEEP_FOR must be at least a day shorter than TASK_RECORDS_TTL with "
                        + "STORE=memory");
        assertThatThrownBy(() -> ServerConfig.from(Map.of("RESULTS_STORE", "dir:/tmp/results",
                "RESULTS_KEEP_FOR", "2d", "TASK_RECORDS_TTL", "70h")))
                .hasMessageStartingWith("RESULTS_KEEP_FOR must be at least a day shorter than TASK_RECORDS_TTL");
        assertThat(ServerConfig.from(Map.of("RESULTS_STORE", "dir:/tmp/results", "RESULTS_KEEP_FOR", "2d",
                "TASK_RECORDS_TTL", "3d")).results().keepFor()).contains(Duration.ofDays(2));
        ServerConfig config = ServerConfig.from(Map.of("RESULTS_STORE", "dir:/tmp/results"));
        assertThat(config.results().caveat(config.store().location())).hasValueSatisfying(caveat ->
                assertThat(caveat).contains("never deleted"));
        assertThatThrownBy(() -> ServerConfig.from(Map.of("STORE", "sqlite:state.db",
                "RESULTS_STORE", "s3://bucket", "RESULTS_MAX_BYTES", "6GiB")))
                .hasMessageStartingWith("RESULTS_MAX_BYTES must be at most 5GiB with S3");
    }

    @Test
    void leavesThePublicBaseUrlToThePortWhenUnset() {
        assertThat(ServerConfig.from(Map.of("PORT", "0")).publicBaseUrl()).isEqualTo(Optional.empty());
    }

    @Test
    void keepsStateInMemoryOnTheFakeAndInSqliteOnFreepik() {
        assertThat(ServerConfig.from(Map.of()).store().location()).isEqualTo(new ServerConfig.StoreLocation.Memory());
        assertThat(ServerConfig.from(Map.of("PROVIDER", "freepik", "FREEPIK_API_KEY", "k", "CLIENT_API_KEYS", "c"))
                .store().location())
                .isEqualTo(new ServerConfig.StoreLocation.Sqlite(Path.of("./data/motion-control.db")));
        assertThat(ServerConfig.from(Map.of()).store().idempotencyKeysTtl()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void readsTheStoreItsPasswordFromAFileAndTheOwnerSecret(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("db-password"), "s3cret-db-password\n");
        ServerConfig config = ServerConfig.from(Map.of(
                "STORE", "postgresql://motion@db.internal:5432/motion_control?sslmode=require",
                "STORE_PASSWORD_FILE", password.toString(),
                "OWNER_SECRET", "an-owner-secret-of-at-least-32-bytes!",
                "IDEMPOTENCY_KEYS_TTL", "2h"));

        assertThat(config.store().location()).isEqualTo(new ServerConfig.StoreLocation.Postgresql(
                "postgresql://motion@db.internal:5432/motion_control?sslmode=require"));
        assertThat(config.store().password()).contains("s3cret-db-password");
        assertThat(config.store().ownerSecret()).contains("an-owner-secret-of-at-least-32-bytes!");
        assertThat(config.store().idempotencyKeysTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(config.toString()).doesNotContain("s3cret", "owner-secret", "db.internal");
        assertThat(ServerConfig.from(Map.of("STORE", "sqlite:/var/lib/motion/state.db")).store().location())
                .isEqualTo(new ServerConfig.StoreLocation.Sqlite(Path.of("/var/lib/motion/state.db")));
    }

    @Test
    void refusesAnUnknownStoreWithoutRepeatingIt() {
        assertThatThrownBy(() -> ServerConfig.from(Map.of("STORE", "mysql://root:hunter2@db/motion")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("STORE must be memory, sqlite:<path> or postgresql://")
                .message().doesNotContain("hunter2");
    }

    @Test
    void refusesAnOwnerSecretShorterThan32Bytes() {
        assertThatThrownBy(() -> ServerConfig.from(Map.of("OWNER_SECRET", "short")))
                .hasMessageContaining("OWNER_SECRET must be at least 32 bytes");
    }
}
