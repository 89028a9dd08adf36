package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.ClientKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/** Which API keys the service lets in. */
@FunctionalInterface
public interface AcceptedClientKeys {

    /** Whether {@code key} belongs to a client of this service. */
    boolean accepts(ClientKey key);

    /** Any non-blank key: each key is its own client (the default in fake mode, like a sandbox). */
    static AcceptedClientKeys any() {
        return key -> true;
    }

    /** Exactly the given keys, compared in constant time so that response times do not leak them. */
    static AcceptedClientKeys only(Set<String> keys) {
        List<byte[]> accepted = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        return key -> {
            byte[] presented = key.value().getBytes(StandardCharsets.UTF_8);
            boolean found = false;
            for (byte[] candidate : accepted) {
                found |= MessageDigest.isEqual(candidate, presented);
            }
            return found;
        };
    }
}
