package dev.motioncontrol.adapters.http;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags (RFC 9110, 8.8.3) for what the API serves unchanged (its document, the playground's files, the copies
 * of generated videos), and the one reading of {@code If-None-Match} they are all checked with.
 */
final class EntityTags {

    private EntityTags() {
    }

    /** The strong tag of {@code body}: its SHA-256 in hex, quoted. */
    static String of(Buffer body) {
        try {
            return quoted(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code opaque} as a strong tag: quoted. */
    static String quoted(String opaque) {
        return "\"" + opaque + "\"";
    }

    /**
     * Whether an {@code If-None-Match} value (none: {@code null}) is {@code *} or names {@code etag}, compared weakly
     * as RFC 9110 compares for it: then the client's copy is current, a 304.
     */
    static boolean named(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
