package dev.motioncontrol.adapters.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.motioncontrol.domain.UrlAccessPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultFetcherSettingsTest {

    private static final ResultFetcherSettings DEFAULTS = ResultFetcherSettings.defaults();

    @Test
    void theDefaultsCapAtTwoGibibytesAndTenMinutesAndGiveUpAfterThirtySecondsOfSilence() {
        assertThat(DEFAULTS).isEqualTo(new ResultFetcherSettings(UrlAccessPolicy.publicOnly(),
            2L * 1024 * 1024 * 1024, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(10), 3,
            "motion-control-results/0.1"));
    }

    @Test
    void theCapIsAtLeastOneByte() {
        assertThat(DEFAULTS.withMaxBytes(1).maxBytes()).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withMaxBytes(0))
            .withMessage("the size cap must be positive, was 0");
    }

    @Test
    void everyTimeoutIsAtLeastAMillisecond() {
        Duration millisecond = Duration.ofMillis(1);
        Duration less = Duration.ofNanos(999_999);

        assertThat(DEFAULTS.withTotalTimeout(millisecond).withIdleTimeout(millisecond)
            .withConnectTimeout(millisecond).totalTimeout()).isEqualTo(millisecond);
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withTotalTimeout(less))
            .withMessageStartingWith("the total timeout must be at least one millisecond");
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withIdleTimeout(Duration.ZERO))
            .withMessageStartingWith("the idle timeout must be at least one millisecond");
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withConnectTimeout(Duration.ofSeconds(-1)))
            .withMessageStartingWith("the connect timeout must be at least one millisecond");
    }

    @Test
    void redirectsMayBeRefusedAltogetherButNotCountedBelowZero() {
        assertThat(DEFAULTS.withMaxRedirects(0).maxRedirects()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withMaxRedirects(-1))
            .withMessage("the redirect limit cannot be negative, was -1");
    }

    @Test
    void theUserAgentIsVisibleAscii() {
        assertThat(DEFAULTS.withUserAgent("copier 1.0").userAgent()).isEqualTo("copier 1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withUserAgent(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withUserAgent("copier\r\nx: y"));
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withUserAgent("cöpier"));
    }
}
