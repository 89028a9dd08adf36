package dev.motioncontrol.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.UrlAccessPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaProbeSettingsTest {

    private final MediaProbeSettings defaults = MediaProbeSettings.defaults();

    @Test
    void defaultsReadAnImageHeadOf64KibAndAVideoHeadOf128KibWithinOneMib() {
        assertThat(defaults.headBytes(MediaFormat.Kind.IMAGE)).isEqualTo(64 * 1024);
        assertThat(defaults.headBytes(MediaFormat.Kind.VIDEO)).isEqualTo(128 * 1024);
        assertThat(defaults.maxBytesRead()).isEqualTo(1024 * 1024);
        assertThat(defaults.maxImageBytes()).isEqualTo(MediaFactRules.MAX_IMAGE_BYTES);
    }

    @Test
    void defaultsFetchWithin5sProbeWithin10sAndFollowThreeRedirectsOfPublicHostsOnly() {
        assertThat(defaults.fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.probeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxRedirects()).isEqualTo(3);
        assertThat(defaults.accessPolicy()).isSameAs(UrlAccessPolicy.publicOnly());
    }

    @Test
    void rejectsATimeoutShorterThanAMillisecond() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withFetchTimeout(Duration.ofNanos(999_999)))
            .withMessageContaining("fetch timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withProbeTimeout(Duration.ZERO))
            .withMessageContaining("probe timeout");
        assertThat(defaults.withFetchTimeout(Duration.ofMillis(1)).fetchTimeout()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectsAHeadThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withHeadBytes(0, 1024));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withHeadBytes(1024, 0));
        assertThat(defaults.withHeadBytes(1, 1).imageHeadBytes()).isEqualTo(1);
    }

    @Test
    void rejectsABudgetSmallerThanEitherHead() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxBytesRead(128 * 1024 - 1))
            .withMessageContaining("at least its heads");
        assertThat(defaults.withMaxBytesRead(128 * 1024).maxBytesRead()).isEqualTo(128 * 1024);
    }

    @Test
    void rejectsAnImageLimitThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxImageBytes(0));
    }

    @Test
    void rejectsANegativeRedirectLimitButAllowsNone() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxRedirects(-1));
        assertThat(defaults.withMaxRedirects(0).maxRedirects()).isZero();
    }

    @Test
    void rejectsAUserAgentThatIsNotVisibleAscii() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withUserAgent(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withUserAgent("probe\r\nx: y"));
    }

    @Test
    void rejectsKeepingAnOutcomeWithoutAValidatorLongerThanOneWithOne() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> defaults.withCache(10, Duration.ofSeconds(30), Duration.ofSeconds(31)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> defaults.withCache(-1, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        assertThat(defaults.withCache(0, Duration.ZERO, Duration.ZERO).cacheSize()).isZero();
    }
}
