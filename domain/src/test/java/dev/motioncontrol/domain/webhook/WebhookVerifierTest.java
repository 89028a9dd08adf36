package dev.motioncontrol.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.motioncontrol.domain.webhook.WebhookVerification.Rejected;
import dev.motioncontrol.domain.webhook.WebhookVerification.Rejected.Reason;
import dev.motioncontrol.domain.webhook.WebhookVerification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {

    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final WebhookSecret OTHER_SECRET = WebhookSecret.parse("whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=");
    private static final String ID = "msg_2Xv9";
    private static final byte[] BODY = "{\"task_id\":\"t-1\",\"status\":\"COMPLETED\",\"generated\":[\"https://x/v.mp4\"]}"
        .getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = WebhookVerifier.of(SECRET).withClock(CLOCK);

    private static String sign(WebhookSecret secret, String id, long timestamp, byte[] body) {
        return WebhookSigner.sign(secret, id, timestamp, body);
    }

    private static Reason reasonOf(WebhookVerification outcome) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).reason();
    }

    // --- what passes

    @Test
    void aWebhookSignedNowWithTheSecretIsVerified() {
        SignedWebhook signed = WebhookSigner.signedWebhook(SECRET, ID, NOW, BODY);

        WebhookVerification outcome = verifier.verify(signed.headers(), BODY);

        assertThat(outcome).isEqualTo(new Verified(ID, Instant.ofEpochSecond(NOW)));
        assertThat(outcome.isVerified()).isTrue();
    }

    @Test
    void theStandardWebhooksReferenceVectorIsVerified() {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        WebhookVerifier atThatTime = verifier.withClock(Clock.fixed(Instant.ofEpochSecond(1614265330L), ZoneOffset.UTC));

        WebhookVerification outcome = atThatTime.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", body);

        assertThat(outcome.isVerified()).isTrue();
    }

    @Test
    void aRawTextSecretWorksEndToEnd() {
        WebhookSecret raw = WebhookSecret.parse("the provider's secret, as text");

        WebhookVerification outcome = WebhookVerifier.of(WebhookSecret.parse("the provider's secret, as text"))
            .withClock(CLOCK).verify(ID, Long.toString(NOW), sign(raw, ID, NOW, BODY), BODY);

        assertThat(outcome.isVerified()).isTrue();
    }

    @Test
    void aWhsecSecretAndTheRawTextOfItsKeyVerifyEachOther() {
        WebhookSecret raw = WebhookSecret.parse("abc");

        WebhookVerification outcome = WebhookVerifier.of(WebhookSecret.parse("whsec_YWJj")).withClock(CLOCK)
            .verify(ID, Long.toString(NOW), sign(raw, ID, NOW, BODY), BODY);

        assertThat(outcome.isVerified()).isTrue();
    }

    @Test
    void aHeaderWithTwoSignaturesIsVerifiedWhenOnlyTheSecondOneIsValid() {
        String header = sign(OTHER_SECRET, ID, NOW, BODY) + " " + sign(SECRET, ID, NOW, BODY);

        assertThat(verifier.verify(ID, Long.toString(NOW), header, BODY).isVerified()).isTrue();
    }

    @Test
    void aVerifierWithTwoSecretsAcceptsASignatureMadeWithEither() {
        WebhookVerifier rotating = WebhookVerifier.of(OTHER_SECRET, SECRET).withClock(CLOCK);

        assertThat(rotating.verify(ID, Long.toString(NOW), sign(SECRET, ID, NOW, BODY), BODY).isVerified()).isTrue();
        assertThat(rotating.verify(ID, Long.toString(NOW), sign(OTHER_SECRET, ID, NOW, BODY), BODY).isVerified())
            .isTrue();
    }

    @Test
    void otherVersionsAndMalformedEntriesAreSkippedNotFatal() {
        String valid = sign(SECRET, ID, NOW, BODY);
        String header = "v1a,abcd v2," + valid.substring(3) + "  nocomma , v1,%%%% v1, " + valid;

        assertThat(verifier.verify(ID, Long.toString(NOW), header, BODY).isVerified()).isTrue();
    }

    @Test
    void anEmptyBodyCanBeSignedAndVerified() {
        String signature = sign(SECRET, ID, NOW, new byte[0]);

        assertThat(verifier.verify(ID, Long.toString(NOW), signature, new byte[0]).isVerified()).isTrue();
        assertThat(verifier.verify(ID, Long.toString(NOW), signature, null).isVerified()).isTrue();
    }

    @Test
    void headerNamesAreFoundInAnyCase() {
        Map<String, String> headers = Map.of(
            "Webhook-Id", ID,
            "WEBHOOK-TIMESTAMP", Long.toString(NOW),
            "webhook-Signature", sign(SECRET, ID, NOW, BODY),
            "Content-Type", "application/json");

        assertThat(verifier.verify(headers, BODY)).isEqualTo(new Verified(ID, Instant.ofEpochSecond(NOW)));
    }

    // --- tampering

    @Test
    void aTamperedBodyHasNoValidSignature() {
        String signature = sign(SECRET, ID, NOW, BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] ^= 1;

        assertThat(reasonOf(verifier.verify(ID, Long.toString(NOW), signature, tampered)))
            .isEqualTo(Reason.NO_VALID_SIGNATURE);
    }

    @Test
    void aBodyWithAnAddedTrailingNewlineHasNoValidSignature() {
        String signature = sign(SECRET, ID, NOW, BODY);
        byte[] reserialized = (new String(BODY, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(reasonOf(verifier.verify(ID, Long.toString(NOW), signature, reserialized)))
            .isEqualTo(Reason.NO_VALID_SIGNATURE);
    }

    @Test
    void aTamperedIdHasNoValidSignature() {
        String signature = sign(SECRET, ID, NOW, BODY);

        assertThat(reasonOf(verifier.verify("msg_2Xv8", Long.toString(NOW), signature, BODY)))
            .isEqualTo(Reason.NO_VALID_SIGNATURE);
    }

    @Test
    void aTamperedTimestampHasNoValidSignature() {
        String signature = sign(SECRET, ID, NOW, BODY);

        assertThat(reasonOf(verifier.verify(ID, Long.toString(NOW - 1), signature, BODY)))
            .isEqualTo(Reason.NO_VALID_SIGNATURE);
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRejected() {
        String signature = sign(OTHER_SECRET, ID, NOW, BODY);

        Rejected rejected = (Rejected) verifier.verify(ID, Long.toString(NOW), signature, BODY);

        assertThat(rejected.reason()).isEqualTo(Reason.NO_VALID_SIGNATURE);
        assertThat(rejected.detail()).doesNotContain(signature.substring(3)).doesNotContain(SECRET.encoded().substring(6));
    }

    @Test
    void aValidSignatureUnderAnotherVersionIsNotAccepted() {
        String signature = sign(SECRET, ID, NOW, BODY);

        assertThat(reasonOf(verifier.verify(ID, Long.toString(NOW), "v2," + signature.substring(3), BODY)))
            .isEqualTo(Reason.NO_VALID_SIGNATURE);
    }

    @Test
    void aTruncatedSignatureIsRejected() {
        String signature = sign(SECRET, ID, NOW, BODY);

        assertThat(reasonOf(verifier.verify(ID, Long.toString(NOW), signature.substring(0, 20), BODY)))
            .isEqualTo(Reason.NO_VALID_SIGNATURE);
    }

    // --- the time window

    @Test
    void aTimestampExactlyFiveMinutesOldIsAccepted() {
        long then = NOW - 300;

        assertThat(verifier.verify(ID, Long.toString(then), sign(SECRET, ID, then, BODY), BODY).isVerified()).isTrue();
    }

    @Test
    void aTimestampFiveMinutesAndOneSecondOldIsTooOld() {
        long then = NOW - 301;

        assertThat(reasonOf(verifier.verify(ID, Long.toString(then), sign(SECRET, ID, then, BODY), BODY)))
            .isEqualTo(Reason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void aTimestampExactlyFiveMinutesAheadIsAccepted() {
        long then = NOW + 300;

        assertThat(verifier.verify(ID, Long.toString(then), sign(SECRET, ID, then, BODY), BODY).isVerified()).isTrue();
    }

    @Test
    void aTimestampFiveMinutesAndOneSecondAheadIsTooNew() {
        long then = NOW + 301;

        assertThat(reasonOf(verifier.verify(ID, Long.toString(then), sign(SECRET, ID, then, BODY), BODY)))
            .isEqualTo(Reason.TIMESTAMP_TOO_NEW);
    }

    @Test
    void aCustomToleranceMovesBothBounds() {
        WebhookVerifier strict = verifier.withTolerance(Duration.ofSeconds(10));

        assertThat(strict.verify(ID, Long.toString(NOW - 10), sign(SECRET, ID, NOW - 10, BODY), BODY).isVerified())
            .isTrue();
        assertThat(reasonOf(strict.verify(ID, Long.toString(NOW - 11), sign(SECRET, ID, NOW - 11, BODY), BODY)))
            .isEqualTo(Reason.TIMESTAMP_TOO_OLD);
        assertThat(reasonOf(strict.verify(ID, Long.toString(NOW + 11), sign(SECRET, ID, NOW + 11, BODY), BODY)))
            .isEqualTo(Reason.TIMESTAMP_TOO_NEW);
    }

    @Test
    void aReplayOfAValidWebhookAfterTheToleranceIsTooOld() {
        SignedWebhook signed = WebhookSigner.signedWebhook(SECRET, ID, NOW, BODY);
        WebhookVerifier later = verifier.withClock(Clock.offset(CLOCK, Duration.ofMinutes(6)));

        assertThat(reasonOf(later.verify(signed.headers(), BODY))).isEqualTo(Reason.TIMESTAMP_TOO_OLD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-1700000000", "1700000000.0", "1.7e9", "abc", "0x1A", "+1700000000",
        "17000000000000000000000000", "９９", "1700000000 1700000000"})
    void aTimestampThatIsNotWholeNonNegativeSecondsIsMalformed(String timestamp) {
        assertThat(reasonOf(verifier.verify(ID, timestamp, sign(SECRET, ID, NOW, BODY), BODY)))
            .isEqualTo(Reason.MALFORMED_TIMESTAMP);
    }

    @Test
    void aTimestampBeyondAnyDateIsTooNewNotACrash() {
        assertThat(reasonOf(verifier.verify(ID, "999999999999999999", sign(SECRET, ID, NOW, BODY), BODY)))
            .isEqualTo(Reason.TIMESTAMP_TOO_NEW);
    }

    @Test
    void theEpochIsTooOldNotMalformed() {
        assertThat(reasonOf(verifier.verify(ID, "0", sign(SECRET, ID, 0, BODY), BODY)))
            .isEqualTo(Reason.TIMESTAMP_TOO_OLD);
    }

    // --- missing headers

    @Test
    void aMissingIdIsReported() {
        Rejected rejected = (Rejected) verifier.verify(null, Long.toString(NOW), sign(SECRET, ID, NOW, BODY), BODY);

        assertThat(rejected.reason()).isEqualTo(Reason.MISSING_HEADERS);
        assertThat(rejected.detail()).contains("webhook-id").doesNotContain("webhook-timestamp");
    }

    @Test
    void aMissingTimestampIsReported() {
        Rejected rejected = (Rejected) verifier.verify(ID, null, sign(SECRET, ID, NOW, BODY), BODY);

        assertThat(rejected.reason()).isEqualTo(Reason.MISSING_HEADERS);
        assertThat(rejected.detail()).contains("webhook-timestamp").doesNotContain("webhook-id");
    }

    @Test
    void aMissingSignatureIsReported() {
        Rejected rejected = (Rejected) verifier.verify(ID, Long.toString(NOW), null, BODY);

        assertThat(rejected.reason()).isEqualTo(Reason.MISSING_HEADERS);
        assertThat(rejected.detail()).contains("webhook-signature").doesNotContain("webhook-id");
    }

    @Test
    void blankHeadersCountAsMissingAndAreAllNamed() {
        Rejected rejected = (Rejected) verifier.verify(" ", "", "\t", BODY);

        assertThat(rejected.reason()).isEqualTo(Reason.MISSING_HEADERS);
        assertThat(rejected.detail()).contains("webhook-id", "webhook-timestamp", "webhook-signature");
    }

    @Test
    void aRequestWithoutTheHeadersIsRejectedAsMissingThem() {
        assertThat(reasonOf(verifier.verify(Map.of("Content-Type", "application/json"), BODY)))
            .isEqualTo(Reason.MISSING_HEADERS);
        assertThat(reasonOf(verifier.verify((Map<String, String>) null, BODY))).isEqualTo(Reason.MISSING_HEADERS);
    }

    @Test
    void nullNamesAndValuesInTheHeaderMapAreTolerated() {
        Map<String, String> headers = new HashMap<>(WebhookSigner.signedWebhook(SECRET, ID, NOW, BODY).headers());
        headers.put(null, "x");
        headers.put("X-Empty", null);

        assertThat(verifier.verify(headers, BODY).isVerified()).isTrue();
    }

    // --- hostile input never throws

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v1,", ",", ",,,", "v1,,", "v1 ", "   ", "v2,abc", "v1a,abc", "v1,not base64!",
        "v1,====", "v1,A", "v1,é", "v1,\u0000", "\uD800", "v1,\uD83D\uDE00", "v1,YQ==,extra", "nocomma"})
    void malformedSignatureHeadersAreRejectedWithoutThrowing(String header) {
        WebhookVerification outcome = verifier.verify(ID, Long.toString(NOW), header, BODY);

        assertThat(outcome).isInstanceOf(Rejected.class);
    }

    @Test
    void aHugeSignatureHeaderIsRejectedWithoutThrowing() {
        String huge = ("v1," + "A".repeat(44) + " ").repeat(50_000) + "x".repeat(1_000_000);

        assertThat(reasonOf(verifier.verify(ID, Long.toString(NOW), huge, BODY))).isEqualTo(Reason.NO_VALID_SIGNATURE);
    }

    @Test
    void hostileIdsAreVerifiedAsTheBytesTheyAreNotAsACrash() {
        List<String> hostileIds =
            List.of("ünïcödé-ид-😀", "\uD800lone-surrogate", "a.b.c", "x".repeat(100_000), "id\r\nX-Injected: 1");
        for (String id : hostileIds) {
            WebhookVerification outcome = verifier.verify(id, Long.toString(NOW), sign(SECRET, ID, NOW, BODY), BODY);

            assertThat(reasonOf(outcome)).isEqualTo(Reason.NO_VALID_SIGNATURE);
        }
    }

    @Test
    void aLargeBinaryBodyIsVerified() {
        byte[] body = new byte[5_000_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        assertThat(verifier.verify(ID, Long.toString(NOW), sign(SECRET, ID, NOW, body), body).isVerified()).isTrue();
    }

    // --- construction

    @Test
    void aVerifierNeedsAtLeastOneSecret() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WebhookVerifier(List.of(), Duration.ZERO, CLOCK));
    }

    @Test
    void aNegativeToleranceIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> verifier.withTolerance(Duration.ofSeconds(-1)));
    }

    @Test
    void theDefaultToleranceIsFiveMinutes() {
        assertThat(WebhookVerifier.DEFAULT_TOLERANCE).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theVerifierDoesNotShowItsSecrets() {
        assertThat(verifier.toString()).doesNotContain(SECRET.encoded().substring(6)).contains("1 secret");
    }
}
