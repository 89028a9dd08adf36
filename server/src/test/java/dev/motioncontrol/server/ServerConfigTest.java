package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
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
                Map.entry("FAKE_QUEUE_DELAY", "0"),
                Map.entry("FAKE_GENERATION_DELAY", "1500ms"),
                Map.entry("FAKE_MAX_TASKS", "10"),
                Map.entry("FAKE_TASK_TTL", "PT30M"),
                Map.entry("SHUTDOWN_GRACE", "3s")));

        assertThat(config.port()).isZero();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.publicBaseUrl()).contains(URI.create("https://motion.example.com/"));
        assertThat(config.clientKeys()).isEqualTo(Set.of("alpha", "beta"));
        assertThat(config.allowPrivateUrls()).isTrue();
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
        "PROVIDER              | openai      | PROVIDER must be 'fake'",
        "PROVIDER              | freepik     | PROVIDER is 'freepik', but the Freepik HTTP client is not part of this build",
        "PUBLIC_BASE_URL       | example.com | PUBLIC_BASE_URL must be an absolute http(s) URL",
        "ALLOW_PRIVATE_URLS    | maybe       | ALLOW_PRIVATE_URLS must be true or false",
        "FAKE_QUEUE_DELAY      | soon        | FAKE_QUEUE_DELAY must be a duration",
        "FAKE_GENERATION_DELAY | -PT1S       | FAKE_GENERATION_DELAY must be a duration",
        "FAKE_MAX_TASKS        | 0           | FAKE_MAX_TASKS must be a whole number from 1",
    })
    void refusesABadVariableNamingItAndWhy(String name, String value, String message) {
        assertThatThrownBy(() -> ServerConfig.from(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void leavesThePublicBaseUrlToThePortWhenUnset() {
        assertThat(ServerConfig.from(Map.of("PORT", "0")).publicBaseUrl()).isEqualTo(Optional.empty());
    }
}
