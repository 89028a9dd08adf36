package dev.motioncontrol.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The HMAC-SHA256 a secret is keyed into, checked against the RFC 4231 test vectors for SHA-256. */
class WebhookSecretHmacTest {

    @Test
    void matchesRfc4231TestCase1() {
        assertThat(hmac(repeated(0x0b, 20), "Hi There"))
            .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void matchesRfc4231TestCase2WithAShortKey() {
        assertThat(hmac("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"))
            .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void matchesRfc4231TestCase6WithAKeyLongerThanABlock() {
        assertThat(hmac(repeated(0xaa, 131), "Test Using Larger Than Block-Size Key - Hash Key First"))
            .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void matchesRfc4231TestCase7WithAKeyAndDataLongerThanABlock() {
        assertThat(hmac(repeated(0xaa, 131), "This is a test using a larger than block-size key and a larger than"
            + " block-size data. The key needs to be hashed before being used by the HMAC algorithm."))
            .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    @Test
    void eachMacIsFreshSoOneMessageNeverLeaksIntoTheNext() {
        WebhookSecret secret = WebhookSecret.parse("Jefe");
        secret.hmacSha256().update("something else entirely".getBytes(StandardCharsets.US_ASCII));

        byte[] code = secret.hmacSha256().doFinal("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(code))
            .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    /** The HMAC under a {@code whsec_} secret holding {@code key}, so the base64 decoding is checked too. */
    private static String hmac(byte[] key, String message) {
        WebhookSecret secret = WebhookSecret.parse(WebhookSecret.PREFIX + Base64.getEncoder().encodeToString(key));
        return HexFormat.of().formatHex(secret.hmacSha256().doFinal(message.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] repeated(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
