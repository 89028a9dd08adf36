package dev.motioncontrol.domain.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256, for one message fed in parts.
 *
 * <p>Why not {@code javax.crypto.Mac}: the domain may depend on {@code java..} packages only (the hexagon's
 * ArchUnit fence), and HMAC over {@link MessageDigest} is a few lines. The tests check it against
 * {@code javax.crypto.Mac} and the RFC 4231 vectors. Single-use and not thread-safe, like {@code Mac}.
 */
final class HmacSha256 {

    private static final int BLOCK_SIZE = 64;
    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5c;

    private final byte[] blockKey;
    private final MessageDigest inner;

    HmacSha256(byte[] key) {
        byte[] shortKey = key.length > BLOCK_SIZE ? sha256().digest(key) : key;
        this.blockKey = Arrays.copyOf(shortKey, BLOCK_SIZE);
        this.inner = sha256();
        inner.update(xor(blockKey, INNER_PAD));
    }

    HmacSha256 update(byte[] part) {
        inner.update(part);
        return this;
    }

    HmacSha256 update(byte part) {
        inner.update(part);
        return this;
    }

    /** The 32-byte authentication code of everything given to {@link #update}. */
    byte[] doFinal() {
        MessageDigest outer = sha256();
        outer.update(xor(blockKey, OUTER_PAD));
        outer.update(inner.digest());
        byte[] code = outer.digest();
        Arrays.fill(blockKey, (byte) 0);
        return code;
    }

    private static byte[] xor(byte[] key, byte pad) {
        byte[] padded = new byte[key.length];
        for (int i = 0; i < key.length; i++) {
            padded[i] = (byte) (key[i] ^ pad);
        }
        return padded;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 is unavailable on this Java runtime", e);
        }
    }
}
