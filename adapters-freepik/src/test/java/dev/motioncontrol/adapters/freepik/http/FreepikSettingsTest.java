package dev.motioncontrol.adapters.freepik.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FreepikSettingsTest {

    private final FreepikSettings defaults = FreepikSettings.freepik("a-key");

    @Test
    void freepikUsesItsHostAndHeaderAndThePublishedLimits() {
        assertThat(defaults.baseUrl()).isEqualTo(URI.create("https://api.freepik.com"));
        assertThat(defaults.apiKeyHeader()).isEqualTo("x-freepik-api-key");
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.totalDeadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.retryBackoffBase()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.retryBackoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.requestsPerSecond()).isEqualTo(10.0);
        assertThat(defaults.burst()).isEqualTo(50);
        assertThat(defaults.maxConcurrentRequests()).isEqualTo(3);
        assertThat(defaults.maxWaitingRequests()).isEqualTo(1000);
    }

    @Test
    void magnificUsesItsHostAndHeader() {
        FreepikSettings magnific = FreepikSettings.magnific("a-key");

        assertThat(magnific.baseUrl()).isEqualTo(URI.create("https://api.magnific.com"));
        assertThat(magnific.apiKeyHeader()).isEqualTo("x-magnific-api-key");
    }

    @Test
    void toStringRedactsTheKey() {
        assertThat(FreepikSettings.freepik("very-secret").toString())
                .doesNotContain("very-secret").contains("apiKey=[redacted]");
    }

    @Test
    void aTrailingSlashOfTheBaseUrlIsDropped() {
        assertThat(defaults.withBaseUrl(URI.create("http://localhost:8080/proxy/")).baseUrl())
                .isEqualTo(URI.create("http://localhost:8080/proxy"));
    }

    @Test
    void rejectsABaseUrlThatIsNotAbsoluteHttp() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBaseUrl(URI.create("/v1")));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBaseUrl(URI.create("ftp://host")));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBaseUrl(URI.create("https://host?x=1")));
    }

    @Test
    void rejectsABlankKeyOrOneThatCouldBreakTheHeader() {
        assertThatIllegalArgumentException().isThrownBy(() -> FreepikSettings.freepik(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> FreepikSettings.freepik("a\r\nx-injected: 1"));
    }

    @Test
    void rejectsAHeaderNameThatIsNotAToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withApiKeyHeader("x key"));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withApiKeyHeader(""));
    }

    @Test
    void rejectsTimeoutsThatAreNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withConnectTimeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRequestTimeout(Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTotalDeadline(Duration.ZERO));
        assertThat(defaults.withTotalDeadline(Duration.ofMillis(1)).totalDeadline()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectsDurationsUnderAMillisecondWhichWouldRoundToZero() {
        Duration underAMilli = Duration.ofNanos(999_999);
        // A connect timeout of 0 ms means "none" to Netty; a backoff of 0 ms is no backoff at all.
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withConnectTimeout(underAMilli))
                .withMessageContaining("connectTimeout").withMessageContaining("at least");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRequestTimeout(underAMilli));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTotalDeadline(Duration.ofNanos(1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withRetryBackoff(underAMilli, Duration.ofMillis(1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withRetryBackoff(Duration.ofNanos(1), underAMilli));
        assertThat(defaults.withConnectTimeout(Duration.ofMillis(1)).connectTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(defaults.withRetryBackoff(Duration.ofMillis(1), Duration.ofMillis(1)).retryBackoffBase())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectsABackoffCapBelowItsBase() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withRetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThat(defaults.withRetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).retryBackoffMax())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsLimitsBelowTheirMinimum() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRateLimit(0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRateLimit(Double.NaN, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRateLimit(1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxConcurrentRequests(0));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxWaitingRequests(-1));
        assertThat(defaults.withRateLimit(0.1, 1).withMaxConcurrentRequests(1).withMaxWaitingRequests(0))
                .extracting(FreepikSettings::maxWaitingRequests).isEqualTo(0);
    }

    @Test
    void rejectsDurationsLongerThanADay() {
        Duration dayAndAMilli = Duration.ofDays(1).plusMillis(1);
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withConnectTimeout(dayAndAMilli));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRequestTimeout(Duration.ofSeconds(Long.MAX_VALUE)));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTotalDeadline(dayAndAMilli));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withRetryBackoff(Duration.ofMillis(1), dayAndAMilli));
        assertThat(defaults.withRequestTimeout(Duration.ofDays(1)).requestTimeout()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void rejectsARateBelowOneRequestPerThousandSeconds() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRateLimit(0.0009, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRateLimit(Double.MIN_VALUE, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRateLimit(Double.POSITIVE_INFINITY, 1));
        assertThat(defaults.withRateLimit(0.001, 1).requestsPerSecond()).isEqualTo(0.001);
    }

    @Test
    void aKeyPassedAsTheHeaderNameIsNeitherQuotedNorShown() {
        String secret = "sk-live-0123456789";
        FreepikSettings swapped = new FreepikSettings(FreepikSettings.FREEPIK_BASE_URL, secret,
                FreepikSettings.FREEPIK_API_KEY_HEADER, defaults.connectTimeout(), defaults.requestTimeout(),
                defaults.totalDeadline(), defaults.retryBackoffBase(), defaults.retryBackoffMax(),
                defaults.requestsPerSecond(), defaults.burst(), defaults.maxConcurrentRequests(),
                defaults.maxWaitingRequests());

        assertThat(swapped.toString()).doesNotContain(secret);
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withApiKeyHeader(secret + " x"))
                .withMessageNotContaining(secret);
        assertThat(defaults.toString()).contains("apiKeyHeader=x-freepik-api-key");
    }
}
