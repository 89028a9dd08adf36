package dev.motioncontrol.cli;

import static dev.motioncontrol.cli.CommandLineRun.run;
import static dev.motioncontrol.cli.CommandLineRun.runWithInput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.webhook.SignedWebhook;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify-webhook checks a webhook as a receiver must, with the domain's verifier, and never prints the secret. */
class VerifyWebhookCommandTest {

    private static final String SECRET = "whsec_Y2xpLXRlc3Qtc2VjcmV0LW5vdC1mb3ItdXNlIQ==";
    private static final String BODY = "{\"task_id\":\"8d0d\",\"status\":\"COMPLETED\",\"generated\":[]}";
    private static final Map<String, String> ENV = Map.of(VerifyWebhookCommand.SECRET_VARIABLE, SECRET);

    @TempDir
    Path directory;

    @Test
    void aWebhookSignedWithTheSecretJustNowVerifiesFromStdin() {
        Map<String, String> headers = signed(Instant.now().getEpochSecond(), BODY);

        CommandLineRun run = runWithInput(ENV, BODY, arguments(headers));

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("verified msg_8d0d_COMPLETED signed at ");
    }

    @Test
    void theSecretAndTheBodyMayComeFromFiles() throws Exception {
        Map<String, String> headers = signed(Instant.now().getEpochSecond(), BODY);
        Path secret = Files.writeString(directory.resolve("secret"), SECRET + "\n");
        Path body = Files.writeString(directory.resolve("body.json"), BODY);

        CommandLineRun run = run(Map.of(), concat(arguments(headers), "--secret-file", secret.toString(),
                "--body", body.toString()));

        assertThat(run.exit()).as(run.toString()).isZero();
    }

    @Test
    void aBodyChangedByOneByteDoesNotVerifyAndExitsSeven() {
        Map<String, String> headers = signed(Instant.now().getEpochSecond(), BODY);

        CommandLineRun run = runWithInput(ENV, BODY.replace("COMPLETED", "COMPLETEd"), arguments(headers));

        assertThat(run.exit()).as(run.toString()).isEqualTo(7);
        assertThat(run.err()).startsWith("not verified (NO_VALID_SIGNATURE): ");
        assertThat(run.printed()).doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
    }

    @Test
    void aWebhookSignedAnHourAgoDoesNotVerifyAndExitsSeven() {
        Map<String, String> headers = signed(Instant.now().minusSeconds(3600).getEpochSecond(), BODY);

        CommandLineRun run = runWithInput(ENV, BODY, arguments(headers));

        assertThat(run.exit()).as(run.toString()).isEqualTo(7);
        assertThat(run.err()).startsWith("not verified (TIMESTAMP_TOO_OLD): ");
    }

    @Test
    void missingHeadersAreNamedAndExitSeven() {
        CommandLineRun run = runWithInput(ENV, BODY, "verify-webhook", "--webhook-id", "msg_1");

        assertThat(run.exit()).as(run.toString()).isEqualTo(7);
        assertThat(run.err()).startsWith("not verified (MISSING_HEADERS): ").contains("webhook-timestamp")
                .contains("webhook-signature");
    }

    @Test
    void withoutASecretItIsAUsageError() {
        CommandLineRun run = runWithInput(Map.of(), BODY, arguments(signed(Instant.now().getEpochSecond(), BODY)));

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no secret: give --secret-file or set WEBHOOK_SECRET");
    }

    @Test
    void aSecretThatCannotBeOneIsAUsageErrorThatDoesNotRepeatIt() {
        String broken = "whsec_not base64 at all";

        CommandLineRun run = runWithInput(Map.of(VerifyWebhookCommand.SECRET_VARIABLE, broken), BODY,
                arguments(signed(Instant.now().getEpochSecond(), BODY)));

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("the secret cannot be used: ");
        assertThat(run.printed()).doesNotContain("not base64 at all");
    }

    private static Map<String, String> signed(long timestamp, String body) {
        return WebhookSigner.signedWebhook(WebhookSecret.parse(SECRET), "msg_8d0d_COMPLETED", timestamp,
                body.getBytes(StandardCharsets.UTF_8)).headers();
    }

    private static String[] arguments(Map<String, String> headers) {
        return new String[] {"verify-webhook",
            "--webhook-id", headers.get(SignedWebhook.ID_HEADER),
            "--webhook-timestamp", headers.get(SignedWebhook.TIMESTAMP_HEADER),
            "--webhook-signature", headers.get(SignedWebhook.SIGNATURE_HEADER)};
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
