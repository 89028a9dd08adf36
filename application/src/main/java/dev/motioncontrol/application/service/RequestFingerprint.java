package dev.motioncontrol.application.service;

import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.WebhookUrl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a submission asked, as a SHA-256 digest of its checked fields in a fixed order: two requests that ask the
 * same thing (whatever their JSON's spacing, field order or ignored fields) have the same fingerprint, so that a
 * retry under an idempotency key is told from another request under the same key.
 */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    static String of(MotionTransfer transfer) {
        List<String> fields = List.of(
                transfer.modelTier().model().name(),
                transfer.modelTier().tier().name(),
                transfer.image().url().toString(),
                transfer.video().url().toString(),
                transfer.prompt().map(Prompt::text).orElse(""),
                transfer.orientation().wireName(),
                Double.toString(transfer.cfgScale().value()),
                transfer.webhook().map(WebhookUrl::url).map(Object::toString).orElse(""));
        MessageDigest sha256 = SHA256.get();
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) ':');
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest()); // digest() also resets it for the next use
    }

    /** One digest per thread: looking one up costs more than the hash of a request. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });
}
