package dev.motioncontrol.adapters.freepik.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakeProviderSettingsTest {

    private final FakeProviderSettings defaults = FakeProviderSettings.defaults(URI.create("http://localhost:8080"));

    @Test
    void defaultsFollowTheProvidersUsualPace() {
        assertThat(defaults.queueDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.generationDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.maxTasks()).isEqualTo(1_000_000);
        assertThat(defaults.maxAge()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void withoutDelaysZeroesBothDelaysOnly() {
        FakeProviderSettings immediate = defaults.withoutDelays();

        assertThat(immediate.queueDelay()).isZero();
        assertThat(immediate.generationDelay()).isZero();
        assertThat(immediate.maxTasks()).isEqualTo(defaults.maxTasks());
    }

    @Test
    void rejectsANegativeQueueDelay() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withQueueDelay(Duration.ofMillis(-1)))
                .withMessageContaining("queueDelay");
    }

    @Test
    void rejectsANegativeGenerationDelay() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withGenerationDelay(Duration.ofMillis(-1)))
                .withMessageContaining("generationDelay");
    }

    @Test
    void acceptsOneTaskAsCapacity() {
        assertThat(defaults.withMaxTasks(1).maxTasks()).isEqualTo(1);
    }

    @Test
    void rejectsZeroTasksAsCapacity() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxTasks(0))
                .withMessageContaining("maxTasks");
    }

    @Test
    void acceptsTheLargestAddressableCapacity() {
        assertThat(defaults.withMaxTasks(FakeProviderSettings.MAX_TASKS_LIMIT).maxTasks())
                .isEqualTo(FakeProviderSettings.MAX_TASKS_LIMIT);
    }

    @Test
    void rejectsACapacityBeyondTheAddressableOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withMaxTasks(FakeProviderSettings.MAX_TASKS_LIMIT + 1))
                .withMessageContaining("maxTasks");
    }

    @Test
    void rejectsAZeroMaxAge() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxAge(Duration.ZERO))
                .withMessageContaining("maxAge");
    }

    @Test
    void acceptsAMaxAgeOfOneNanosecond() {
        assertThat(defaults.withMaxAge(Duration.ofNanos(1)).maxAge()).isEqualTo(Duration.ofNanos(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/relative", "ftp://example.com/", "http://example.com/?q=1", "http://example.com/#top"})
    void rejectsAMediaBaseUrlThatIsNotAPlainHttpRoot(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMediaBaseUrl(URI.create(url)))
                .withMessageContaining("mediaBaseUrl");
    }
}
