package dev.motioncontrol.application.port.out;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.ClientLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which API keys the service lets in, and what each may ask of it. */
@FunctionalInterface
public interface AcceptedClientKeys {

    /** Whether {@code key} belongs to a client of this service. */
    boolean accepts(ClientKey key);

    /** The limits of an accepted {@code key}; none by default. */
    default ClientLimits limitsOf(ClientKey key) {
        return ClientLimits.NONE;
    }

    /** Any non-blank key: each key is its own client (the default in fake mode, like a sandbox). */
    static AcceptedClientKeys any() {
        return any(ClientLimits.NONE);
    }

    /** Any non-blank key, each its own client held to {@code limits}. */
    static AcceptedClientKeys any(ClientLimits limits) {
        Objects.requireNonNull(limits, "limits");
        return new AcceptedClientKeys() {
            @Override
            public boolean accepts(ClientKey key) {
                return true;
            }

            @Override
            public ClientLimits limitsOf(ClientKey key) {
                return limits;
            }
        };
    }

    /** Exactly the given keys, without limits (see {@link #only(Map)}). */
    static AcceptedClientKeys only(Set<String> keys) {
        return only(keys.stream().collect(Collectors.toMap(Function.identity(), key -> ClientLimits.NONE)));
    }

    /**
     * Exactly the given keys, each held to its limits; compared in constant time so that response times do not leak
     * them (the limits of a key are looked up only once it is accepted).
     */
    static AcceptedClientKeys only(Map<String, ClientLimits> keys) {
        Map<String, ClientLimits> limits = Map.copyOf(keys);
        List<byte[]> accepted = limits.keySet().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        return new AcceptedClientKeys() {
            @Override
            public boolean accepts(ClientKey key) {
                byte[] presented = key.value().getBytes(StandardCharsets.UTF_8);
                boolean found = false;
                for (byte[] candidate : accepted) {
                    found |= MessageDigest.isEqual(candidate, presented);
                }
                return found;
            }

            @Override
            public ClientLimits limitsOf(ClientKey key) {
                return limits.getOrDefault(key.value(), ClientLimits.NONE);
            }
        };
    }
}
