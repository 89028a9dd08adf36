package dev.motioncontrol.adapters.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSenderSettingsTest {

    private static final WebhookSenderSettings DEFAULTS =
        WebhookSenderSettings.of(WebhookSecret.parse("a very secret key"), UrlAccessPolicy.publicOnly());

    @Test
    void defaultsToTenSecondsAndSixtyFourKibibytes() {
        assertThat(DEFAULTS.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(DEFAULTS.maxResponseBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void acceptsATimeoutOfOneMillisecond() {
        assertThat(DEFAULTS.withTimeout(Duration.ofMillis(1)).timeout()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectsATimeoutBelowOneMillisecond() {
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withTimeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withTimeout(Duration.ofNanos(999_999)));
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withTimeout(Duration.ofSeconds(-1)));
    }

    @Test
    void acceptsAZeroResponseLimitAndRejectsANegativeOne() {
        assertThat(DEFAULTS.withMaxResponseBytes(0).maxResponseBytes()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withMaxResponseBytes(-1));
    }

    @Test
    void rejectsAUserAgentThatCouldBreakTheHeader() {
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withUserAgent("agent\r\nx-injected: 1"));
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withUserAgent(" "));
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(DEFAULTS.toString()).doesNotContain("a very secret key").contains("redacted");
    }
}
