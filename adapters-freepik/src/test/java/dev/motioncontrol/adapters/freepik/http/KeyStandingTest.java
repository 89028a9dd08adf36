package dev.motioncontrol.adapters.freepik.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.Telemetry.ProviderOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the calls made anyway say of the service's key: refused until accepted again, or for a while at most. */
class KeyStandingTest {

    private Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final KeyStanding key = new KeyStanding(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aRefusalCountsUntilTheProviderAcceptsAgain() {
        key.heard(ProviderOutcome.UNAUTHORIZED);
        assertThat(key.problem()).isPresent();

        key.heard(ProviderOutcome.UNAVAILABLE);
        assertThat(key.problem()).as("an outage says nothing of the key").isPresent();

        key.heard(ProviderOutcome.REFUSED);
        assertThat(key.problem()).as("a refusal of the request is an answer to an accepted key").isEmpty();
    }

    @Test
    void aRefusalIsForgottenWhenNoOtherFollowsItInTime() {
        key.heard(ProviderOutcome.UNAUTHORIZED);
        now = now.plus(KeyStanding.FORGOTTEN_AFTER.minusSeconds(1));
        key.heard(ProviderOutcome.UNAUTHORIZED);
        now = now.plus(KeyStanding.FORGOTTEN_AFTER.minusSeconds(1));
        assertThat(key.problem()).as("refused again since").isPresent();

        now = now.plus(Duration.ofSeconds(1));

        assertThat(key.problem()).isEmpty();
    }
}
