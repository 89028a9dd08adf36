package dev.motioncontrol.application;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, for the service's own keyed digests (owners, download links). One initialised MAC per
 * thread: {@link Mac#getInstance} and {@code init} cost more than the hash itself, and these run on every request.
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::mac);

    /** @param key the key's bytes (copied); not empty */
    public HmacSha256(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        mac(); // fails now, not on the first request, if the JDK lacks HMAC-SHA256
    }

    /** The HMAC of {@code message}. */
    public byte[] of(byte[] message) {
        return macs.get().doFinal(message);
    }

    /** The HMAC of {@code message} in UTF-8. */
    public byte[] of(String message) {
        return of(message.getBytes(StandardCharsets.UTF_8));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "HmacSha256[key redacted]";
    }
}
