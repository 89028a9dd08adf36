package dev.motioncontrol.adapters.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.WebhookUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Webhook URLs stored by an earlier version, under rules since made stricter, are still read. */
class StoredWebhookUrlTest {

    @Test
    void aUrlTheRulesAcceptIsReadAsItIs() {
        assertThat(TaskRows.storedWebhook("https://hooks.example.com/done?x=1"))
                .contains(new WebhookUrl(HttpUrl.of("https://hooks.example.com/done?x=1")));
    }

    @ParameterizedTest
    @CsvSource({
        "https://user:token@hooks.example.com/done, https://hooks.example.com/done",
        "https://token@hooks.example.com:8443/a?b=c@d, https://hooks.example.com:8443/a?b=c@d",
        "http://a%40b:p@hooks.example.com, http://hooks.example.com"})
    void credentialsStoredBeforeTheyWereRefusedAreLeftOutAsTheSenderAlwaysDid(String stored, String read) {
        assertThat(TaskRows.storedWebhook(stored)).contains(new WebhookUrl(HttpUrl.of(read)));
    }

    @Test
    void aUrlThatCanBeNoUrlAnyMoreIsReadAsNoWebhookSoThatTheTaskIsStillRead() {
        assertThat(TaskRows.storedWebhook("https://hooks.example.com:99999/done")).isEmpty();
        assertThat(TaskRows.storedWebhook(null)).isEmpty();
    }
}
