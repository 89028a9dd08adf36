package dev.motioncontrol.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSecretTest {

    @Test
    void aWhsecValueIsTheBase64OfTheKey() {
        WebhookSecret secret = WebhookSecret.parse("whsec_AQIDBA==");

        assertThat(secret.keyBytes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aWhsecValueWithoutPaddingIsAccepted() {
        assertThat(WebhookSecret.parse("whsec_AQIDBA")).isEqualTo(WebhookSecret.parse("whsec_AQIDBA=="));
    }

    @Test
    void anyOtherValueIsUsedAsItsUtf8BytesExactly() {
        WebhookSecret secret = WebhookSecret.parse(" clé-secrète ");

        assertThat(secret.keyBytes()).isEqualTo(" clé-secrète ".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theEncodedFormOfARawTextSecretIsTheSameKey() {
        WebhookSecret raw = WebhookSecret.parse("plain-text-secret");

        assertThat(raw.encoded())
            .isEqualTo("whsec_" + Base64.getEncoder().encodeToString("plain-text-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSecret.parse(raw.encoded())).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "   "})
    void rejectsABlankSecret(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(value))
            .withMessageContaining("blank");
    }

    @Test
    void rejectsAWhsecPrefixWithNothingAfterIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse("whsec_"))
            .withMessageContaining("no key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_not*base64!", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", "whsec_ab cd", "whsec_QQQQQ"})
    void rejectsAWhsecValueThatIsNotBase64WithoutEchoingIt(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(value))
            .withMessageContaining("base64")
            .withMessageNotContaining(value.substring("whsec_".length()).strip())
            .withNoCause();
    }

    @Test
    void aGeneratedSecretHas32RandomBytesAndReadsBackFromItsEncodedForm() {
        WebhookSecret generated = WebhookSecret.generate();

        assertThat(generated.encoded()).startsWith("whsec_");
        assertThat(generated.keyBytes()).hasSize(32);
        assertThat(WebhookSecret.parse(generated.encoded())).isEqualTo(generated);
        assertThat(WebhookSecret.generate()).isNotEqualTo(generated);
    }

    @Test
    void secretsWithTheSameKeyAreEqualWhateverTheirEncoding() {
        WebhookSecret raw = WebhookSecret.parse("abc");
        WebhookSecret encoded = WebhookSecret.parse("whsec_YWJj");

        assertThat(raw).isEqualTo(encoded).hasSameHashCodeAs(encoded);
        assertThat(raw).isNotEqualTo(WebhookSecret.parse("abd"));
    }

    @Test
    void toStringNeverShowsTheKeyInAnyForm() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        WebhookSecret raw = WebhookSecret.parse("hunter2-hunter2");

        assertThat(secret).hasToString("WebhookSecret[redacted]");
        assertThat(raw.toString()).doesNotContain("hunter2").doesNotContain(raw.encoded().substring(6));
    }

    @Test
    void theKeyBytesCannotBeChangedFromOutside() {
        WebhookSecret secret = WebhookSecret.parse("whsec_AQIDBA==");

        secret.keyBytes()[0] = 9;

        assertThat(secret.keyBytes()).containsExactly(1, 2, 3, 4);
    }
}
