package dev.motioncontrol.domain.webhook;

import dev.motioncontrol.domain.webhook.WebhookVerification.Rejected;
import dev.motioncontrol.domain.webhook.WebhookVerification.Rejected.Reason;
import dev.motioncontrol.domain.webhook.WebhookVerification.Verified;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that a received webhook was signed, recently, with one of the receiver's secrets, following the Standard
 * Webhooks scheme (see {@link WebhookSigner} for what is signed).
 *
 * <p>What it promises:
 * <ul>
 *   <li>the signature is computed over the raw body bytes as received, so verify <em>before</em> parsing the body,
 *       and never over a re-serialized copy;</li>
 *   <li>every {@code v1,} entry of {@code webhook-signature} is tried against every secret, and any single match is
 *       enough, so a sender and a receiver can rotate secrets without a gap; entries of other versions and malformed
 *       entries are ignored;</li>
 *   <li>signatures are compared in constant time;</li>
 *   <li>{@code webhook-timestamp} must lie within the tolerance (by default {@link #DEFAULT_TOLERANCE}) of the clock,
 *       in both directions, bounds included;</li>
 *   <li>any input, however malformed, oversized or hostile, gives a {@link WebhookVerification} and never an
 *       exception.</li>
 * </ul>
 *
 * <p>What it leaves to the caller: <strong>de-duplication</strong>. A sender retries with the same
 * {@code webhook-id}, and an attacker can replay a captured webhook within the tolerance, so a receiver must remember
 * the ids it has processed (for at least twice the tolerance) and acknowledge a repeated id without acting on it
 * again.
 *
 * <p>A receiver, given the request's headers and its raw body:
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of(WebhookSecret.parse(System.getenv("WEBHOOK_SECRET")));
 *
 * WebhookVerification outcome = verifier.verify(headers, rawBody);   // header names in any case
 * if (outcome instanceof WebhookVerification.Verified verified) {
 *     if (processedIds.add(verified.webhookId())) {
 *         handle(rawBody);                                          // parse the body only now
 *     }
 *     return 204;                                                   // a repeated id is acknowledged, not redone
 * }
 * log.warn("webhook rejected: {}", outcome);
 * return 400;
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class WebhookVerifier {

    /** How far a webhook's timestamp may be from now, in either direction, when no tolerance is given. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** More digits than any Unix time in seconds that {@link Instant} can hold; longer values are malformed. */
    private static final int MAX_TIMESTAMP_DIGITS = 18;

    private final List<WebhookSecret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    /**
     * A verifier accepting signatures made with any of {@code secrets}.
     *
     * @param secrets   one or more secrets; several while a secret is being rotated
     * @param tolerance how far the timestamp may be from the clock in either direction, not negative
     * @param clock     the receiver's notion of now
     */
    public WebhookVerifier(List<WebhookSecret> secrets, Duration tolerance, Clock clock) {
        this.secrets = List.copyOf(secrets);
        if (this.secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook verifier needs at least one secret");
        }
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("the timestamp tolerance cannot be negative");
        }
        this.tolerance = tolerance;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A verifier for these secrets, with the {@linkplain #DEFAULT_TOLERANCE default tolerance} and the system
     * clock; adjust either with {@link #withTolerance(Duration)} and {@link #withClock(Clock)}.
     */
    public static WebhookVerifier of(WebhookSecret secret, WebhookSecret... moreSecrets) {
        List<WebhookSecret> all = new ArrayList<>();
        all.add(Objects.requireNonNull(secret, "secret"));
        for (WebhookSecret more : moreSecrets) {
            all.add(Objects.requireNonNull(more, "secret"));
        }
        return new WebhookVerifier(all, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /** The same verifier with another tolerance. */
    public WebhookVerifier withTolerance(Duration tolerance) {
        return new WebhookVerifier(secrets, tolerance, clock);
    }

    /** The same verifier reading now from another clock. */
    public WebhookVerifier withClock(Clock clock) {
        return new WebhookVerifier(secrets, tolerance, clock);
    }

    /**
     * Verifies a webhook from its request headers.
     *
     * @param headers the request's headers; {@code webhook-id}, {@code webhook-timestamp} and
     *                {@code webhook-signature} are found whatever the case of their names
     * @param rawBody the body bytes exactly as received; {@code null} is taken as an empty body
     */
    public WebhookVerification verify(Map<String, String> headers, byte[] rawBody) {
        if (headers == null) {
            return verify(null, null, null, rawBody);
        }
        return verify(header(headers, SignedWebhook.ID_HEADER), header(headers, SignedWebhook.TIMESTAMP_HEADER),
            header(headers, SignedWebhook.SIGNATURE_HEADER), rawBody);
    }

    /**
     * Verifies a webhook from the values of its three headers.
     *
     * @param webhookId       the {@code webhook-id} value, or {@code null} when absent
     * @param timestamp       the {@code webhook-timestamp} value, or {@code null} when absent
     * @param signatureHeader the {@code webhook-signature} value, or {@code null} when absent
     * @param rawBody         the body bytes exactly as received; {@code null} is taken as an empty body
     */
    public WebhookVerification verify(String webhookId, String timestamp, String signatureHeader, byte[] rawBody) {
        List<String> missing = new ArrayList<>();
        if (isBlank(webhookId)) {
            missing.add(SignedWebhook.ID_HEADER);
        }
        if (isBlank(timestamp)) {
            missing.add(SignedWebhook.TIMESTAMP_HEADER);
        }
        if (isBlank(signatureHeader)) {
            missing.add(SignedWebhook.SIGNATURE_HEADER);
        }
        if (!missing.isEmpty()) {
            return new Rejected(Reason.MISSING_HEADERS, "missing or blank: " + String.join(", ", missing));
        }

        String digits = timestamp.strip();
        if (digits.length() > MAX_TIMESTAMP_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Rejected(Reason.MALFORMED_TIMESTAMP,
                SignedWebhook.TIMESTAMP_HEADER + " is not a non-negative whole number of Unix seconds");
        }
        long seconds = Long.parseLong(digits);
        if (seconds > Instant.MAX.getEpochSecond()) {
            return new Rejected(Reason.TIMESTAMP_TOO_NEW, SignedWebhook.TIMESTAMP_HEADER + " is beyond any date");
        }
        Instant signedAt = Instant.ofEpochSecond(seconds);
        Instant now = clock.instant();
        Duration age = Duration.between(signedAt, now);
        if (age.compareTo(tolerance) > 0) {
            return new Rejected(Reason.TIMESTAMP_TOO_OLD,
                "signed at " + signedAt + ", " + age.toSeconds() + " s before now; the tolerance is "
                    + tolerance.toSeconds() + " s");
        }
        if (age.negated().compareTo(tolerance) > 0) {
            return new Rejected(Reason.TIMESTAMP_TOO_NEW,
                "signed at " + signedAt + ", " + age.negated().toSeconds() + " s after now; the tolerance is "
                    + tolerance.toSeconds() + " s");
        }

        byte[] body = rawBody == null ? new byte[0] : rawBody;
        List<byte[]> expected = new ArrayList<>(secrets.size());
        for (WebhookSecret secret : secrets) {
            expected.add(WebhookSigner.digest(secret, webhookId, seconds, body));
        }
        if (anyEntryMatches(signatureHeader, expected)) {
            return new Verified(webhookId, signedAt);
        }
        return new Rejected(Reason.NO_VALID_SIGNATURE, "no " + WebhookSigner.VERSION + " signature in "
            + SignedWebhook.SIGNATURE_HEADER + " matches the content under any of the " + secrets.size()
            + " secret(s)");
    }

    /** Whether any {@code v1,<base64>} entry decodes to one of the expected digests; other entries are skipped. */
    private static boolean anyEntryMatches(String signatureHeader, List<byte[]> expected) {
        boolean matched = false;
        for (String entry : signatureHeader.split(" ")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals(WebhookSigner.VERSION)) {
                continue;
            }
            byte[] received;
            try {
                received = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            for (byte[] digest : expected) {
                matched |= MessageDigest.isEqual(digest, received);
            }
        }
        return matched;
    }

    /** The value of the first header named {@code name} in any case; {@code null} when there is none. */
    private static String header(Map<String, String> headers, String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                return header.getValue();
            }
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "WebhookVerifier[" + secrets.size() + " secret(s), tolerance " + tolerance + ", " + clock + "]";
    }
}
