package dev.motioncontrol.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key shared by the sender and the receiver of webhooks.
 *
 * <p>Two encodings are accepted by {@link #parse(String)}, because the provider's is not documented: the Standard
 * Webhooks form {@code whsec_<base64 key>}, and any other text, whose UTF-8 bytes are the key. Whatever the
 * encoding, {@link #encoded()} gives the same key in the {@code whsec_} form.
 *
 * <p>A secret never shows its key in {@link #toString()}, so it can be logged or put in an exception message
 * by mistake without leaking. Two secrets are equal when their key bytes are.
 */
public final class WebhookSecret {

    /** The prefix of the Standard Webhooks encoding; what follows it is the base64 of the key. */
    public static final String PREFIX = "whsec_";

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final int GENERATED_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Reads a secret as configured or as shown by the provider.
     *
     * @param value {@code whsec_} followed by standard base64 of the key, or any other non-blank text used as
     *              the UTF-8 bytes of the key, exactly as given
     * @throws IllegalArgumentException when the value is blank, or starts with {@code whsec_} and is not followed
     *                                  by valid, non-empty base64; the message never repeats the value
     */
    public static WebhookSecret parse(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a webhook secret cannot be blank");
        }
        if (!value.startsWith(PREFIX)) {
            return new WebhookSecret(value.getBytes(StandardCharsets.UTF_8));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // The decoder's own message quotes the offending character: part of the secret.
            throw new IllegalArgumentException(
                "a webhook secret starting with '" + PREFIX + "' must continue with standard base64 (A-Z, a-z, 0-9,"
                    + " '+', '/', '=' padding), without spaces or line breaks");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("a webhook secret starting with '" + PREFIX + "' has no key after it");
        }
        return new WebhookSecret(key);
    }

    /** A fresh random secret of 32 bytes, for a service that issues its own; share it with {@link #encoded()}. */
    public static WebhookSecret generate() {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        RANDOM.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** The key in the Standard Webhooks form, {@code whsec_<base64>}, which {@link #parse(String)} reads back. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key bytes; package-private so the key never leaves the package unencoded. */
    byte[] keyBytes() {
        return key.clone();
    }

    /**
     * A fresh HMAC-SHA256 keyed with this secret, for one message. {@link #parse(String)} and {@link #generate()}
     * never make an empty key, the one key {@link SecretKeySpec} refuses.
     */
    Mac hmacSha256() {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java platform is required to provide HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is unavailable on this Java runtime", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret that && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** Always {@code WebhookSecret[redacted]}: the key is never shown. */
    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
