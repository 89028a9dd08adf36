package dev.motioncontrol.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignerTest {

    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final byte[] BODY = "{\"task_id\":\"t-1\",\"status\":\"COMPLETED\",\"generated\":[]}"
        .getBytes(StandardCharsets.UTF_8);

    @Test
    void reproducesTheStandardWebhooksReferenceVector() {
        // Published with the Standard Webhooks / Svix reference libraries: a receiver library must accept ours.
        String signature = WebhookSigner.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
            "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsIdDotTimestampDotBodyWithHmacSha256AsComputedIndependently() throws Exception {
        byte[] key = "a raw text secret".getBytes(StandardCharsets.UTF_8);
        byte[] body = {'{', '}', (byte) 0xC3, (byte) 0xA9, 0, (byte) 0xFF};   // raw bytes, not even valid UTF-8
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update("evt_42.1700000000.".getBytes(StandardCharsets.US_ASCII));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));

        String signature = WebhookSigner.sign(WebhookSecret.parse("a raw text secret"), "evt_42", 1700000000L, body);

        assertThat(signature).isEqualTo(expected);
    }

    @Test
    void signsAnEmptyBody() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.keyBytes(), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal("id.0.".getBytes(StandardCharsets.US_ASCII)));

        assertThat(WebhookSigner.sign(SECRET, "id", 0, new byte[0])).isEqualTo(expected);
    }

    @Test
    void theSignedWebhookCarriesAllThreeHeadersInOrder() {
        SignedWebhook signed = WebhookSigner.signedWebhook(SECRET, "msg_1", 1700000000L, BODY);

        assertThat(signed.headers()).containsExactly(
            entry("webhook-id", "msg_1"),
            entry("webhook-timestamp", "1700000000"),
            entry("webhook-signature", WebhookSigner.sign(SECRET, "msg_1", 1700000000L, BODY)));
    }

    @Test
    void differentSecretsGiveDifferentSignatures() {
        assertThat(WebhookSigner.sign(SECRET, "msg_1", 1, BODY))
            .isNotEqualTo(WebhookSigner.sign(WebhookSecret.generate(), "msg_1", 1, BODY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "msg 1", "msg\r\nX-Injected: 1", "msg\t1", "méssage"})
    void refusesAnIdThatCannotTravelInAHeader(String id) {
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSigner.sign(SECRET, id, 1, BODY));
    }

    @Test
    void refusesANegativeTimestamp() {
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSigner.sign(SECRET, "msg_1", -1, BODY));
    }
}
