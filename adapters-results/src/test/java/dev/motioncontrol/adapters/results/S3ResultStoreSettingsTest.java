package dev.motioncontrol.adapters.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class S3ResultStoreSettingsTest {

    private static final S3ResultStoreSettings SETTINGS = S3ResultStoreSettings.of("results", Region.EU_WEST_1);

    @Test
    void byDefaultThereIsNoPrefixNoEndpointTheDefaultChainAndPathStyle() {
        assertThat(SETTINGS.keyPrefix()).isEmpty();
        assertThat(SETTINGS.endpoint()).isEmpty();
        assertThat(SETTINGS.credentials()).isEmpty();
        assertThat(SETTINGS.pathStyle()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"videos,videos/", "videos/,videos/", "a/b,a/b/", "a/b/,a/b/", "v1.0/(kept)!,v1.0/(kept)!/"})
    void aPrefixEndsWithASlash(String given, String normalised) {
        assertThat(SETTINGS.withKeyPrefix(given).keyPrefix()).isEqualTo(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/videos", "a//b", "./a", "a/../b", "..", "a/.", "with space", "é", "a?b", "a\\b"})
    void aPrefixOfOtherCharactersOrDotSegmentsIsRefused(String prefix) {
        assertThatThrownBy(() -> SETTINGS.withKeyPrefix(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000", "https://minio.example.com", "https://s3.example.com/"})
    void anEndpointIsASchemeAHostAndAPort(String endpoint) {
        assertThat(SETTINGS.withEndpoint(URI.create(endpoint)).endpoint()).contains(URI.create(endpoint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://minio.internal", "//minio.internal", "http://user:password@minio.internal",
        "http://minio.internal/bucket", "http://minio.internal?x=1", "http://minio.internal#f", "minio.internal:9000"})
    void anyOtherEndpointIsRefusedWithoutQuotingIt(String endpoint) {
        assertThatThrownBy(() -> SETTINGS.withEndpoint(URI.create(endpoint)))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(endpoint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "with space"})
    void aBucketNameIsLettersDigitsDotsDashesAndUnderscores(String bucket) {
        assertThatThrownBy(() -> S3ResultStoreSettings.of(bucket, Region.EU_WEST_1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTextNamesTheCredentialsProviderButNotTheCredentials() {
        String text = SETTINGS.withCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG"))).toString();

        assertThat(text).contains("StaticCredentialsProvider").doesNotContain("AKIDEXAMPLE", "wJalrXUtnFEMI");
    }
}
