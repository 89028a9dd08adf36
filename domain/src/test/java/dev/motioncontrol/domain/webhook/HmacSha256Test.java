package dev.motioncontrol.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSha256Test {

    private static byte[] repeated(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String hmac(byte[] key, String message) {
        return HexFormat.of().formatHex(new HmacSha256(key).update(message.getBytes(StandardCharsets.US_ASCII)).doFinal());
    }

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

    @ParameterizedTest
    @ValueSource(ints = {1, 24, 32, 63, 64, 65, 128, 300})
    void agreesWithTheJdkMacForKeysAroundTheBlockSize(int keyLength) throws Exception {
        Random random = new Random(keyLength);
        byte[] key = new byte[keyLength];
        byte[] message = new byte[1000 + keyLength];
        random.nextBytes(key);
        random.nextBytes(message);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));

        byte[] ours = new HmacSha256(key).update(Arrays.copyOf(message, 10)).update(message[10])
            .update(Arrays.copyOfRange(message, 11, message.length)).doFinal();

        assertThat(ours).isEqualTo(mac.doFinal(message));
    }

    @ParameterizedTest
    @CsvSource({"key,''", "key,a", "'',''"})
    void handlesEmptyMessagesAndKeys(String key, String message) throws Exception {
        byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        // The JDK Mac refuses an empty key; HMAC defines it as all zeros, which is a one-byte zero key padded.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keyBytes.length == 0 ? new byte[1] : keyBytes, "HmacSHA256"));

        assertThat(hmac(keyBytes, message))
            .isEqualTo(HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.US_ASCII))));
    }
}
