package dev.motioncontrol.cli;

import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookVerification;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify-webhook}: whether a received webhook was signed with the secret, recently. */
@Command(name = "verify-webhook", mixinStandardHelpOptions = true,
        description = {
            "Verify a webhook as a receiver must (Standard Webhooks: the HMAC-SHA256 of '<id>.<timestamp>.<body>' "
                    + "with the secret, a timestamp within the tolerance), with the domain's own WebhookVerifier: the "
                    + "service's webhooks and the provider's alike. Works offline: no service is asked.",
            "Prints 'verified <webhook-id> signed at <time>' and exits 0, or says why not and exits 7. The body must be "
                    + "the bytes exactly as received. The secret is never printed.",
            ""})
final class VerifyWebhookCommand implements Callable<Integer> {

    /** The variable that holds the secret when no {@code --secret-file} is given (as the service reads it). */
    static final String SECRET_VARIABLE = "WEBHOOK_SECRET";

    private final Invocation invocation;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "A file whose first line is the secret (whsec_<base64>, or raw text used as it is). "
                    + "Default: $" + SECRET_VARIABLE + ".")
    private Path secretFile;

    @Option(names = "--webhook-id", paramLabel = "ID", description = "The webhook-id header's value.")
    private String webhookId;

    @Option(names = "--webhook-timestamp", paramLabel = "SECONDS",
            description = "The webhook-timestamp header's value (Unix seconds).")
    private String webhookTimestamp;

    @Option(names = "--webhook-signature", paramLabel = "SIGNATURES",
            description = "The webhook-signature header's value: one or more 'v1,<base64>', separated by spaces.")
    private String webhookSignature;

    @Option(names = "--body", paramLabel = "FILE", defaultValue = "-",
            description = "The raw body as received; - reads it from stdin. Default: ${DEFAULT-VALUE}.")
    private String body;

    @Option(names = "--tolerance", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How far the timestamp may be from now, either way. Default: ${DEFAULT-VALUE}.")
    private Duration tolerance;

    VerifyWebhookCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        WebhookVerifier verifier = WebhookVerifier.of(secret()).withTolerance(tolerance);
        WebhookVerification verification = verifier.verify(webhookId, webhookTimestamp, webhookSignature, rawBody());
        if (verification instanceof WebhookVerification.Verified verified) {
            invocation.out().println("verified " + verified.webhookId() + " signed at " + verified.timestamp());
            invocation.out().flush();
            return ExitCode.OK.code();
        }
        WebhookVerification.Rejected rejected = (WebhookVerification.Rejected) verification;
        throw new CommandFailure(ExitCode.NOT_VERIFIED, "not verified (" + rejected.reason() + "): " + rejected.detail());
    }

    private WebhookSecret secret() {
        String text;
        if (secretFile != null) {
            try {
                List<String> lines = Files.readAllLines(secretFile, StandardCharsets.UTF_8);
                text = lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.REJECTED, "--secret-file: cannot read " + secretFile + ": "
                        + e.getClass().getSimpleName());
            }
        } else {
            text = invocation.variable(SECRET_VARIABLE).orElseThrow(() -> new CommandFailure(ExitCode.REJECTED,
                    "no secret: give --secret-file or set " + SECRET_VARIABLE));
        }
        try {
            return WebhookSecret.parse(text);
        } catch (IllegalArgumentException e) {
            // The parser's messages never repeat the secret.
            throw new CommandFailure(ExitCode.REJECTED, "the secret cannot be used: " + e.getMessage());
        }
    }

    private byte[] rawBody() {
        try {
            if (body.equals("-")) {
                InputStream in = invocation.in();
                return in.readAllBytes();
            }
            return Files.readAllBytes(Path.of(body));
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.REJECTED, "--body: cannot read " + body + ": " + e.getMessage());
        }
    }
}
