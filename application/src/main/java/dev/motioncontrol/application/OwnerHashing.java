package dev.motioncontrol.application;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a client's API key into the {@link Owner} its tasks are recorded under: HMAC-SHA256 of the key with a
 * server secret. The same key always gives the same owner under the same secret; without the secret, the
 * records do not tell which key made a task, nor let one guess keys offline. A store keeps its secret with it
 * (a new store makes one on first start), so that owners still match after a restart.
 */
public final class OwnerHashing {

    /** The least secret length accepted, and the length of a generated one. */
    public static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How many keys' owners are kept at hand: a service has few clients, each sending many requests. */
    static final int REMEMBERED_OWNERS = 10_000;

    private final HmacSha256 secret;
    private final ConcurrentHashMap<String, Owner> remembered = new ConcurrentHashMap<>();

    public OwnerHashing(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < SECRET_BYTES) {
            throw new IllegalArgumentException("an owner secret has at least " + SECRET_BYTES + " bytes, this one has "
                    + secret.length);
        }
        this.secret = new HmacSha256(secret);
    }

    /** A secret of {@value #SECRET_BYTES} random bytes, for a store that has none yet. */
    public static byte[] newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Owners under a secret made for this process only: for stores that forget everything when it stops. */
    public static OwnerHashing forThisProcess() {
        return new OwnerHashing(newSecret());
    }

    /** The owner of the tasks that {@code key} creates. */
    public Owner of(ClientKey key) {
        Objects.requireNonNull(key, "key");
        Owner known = remembered.get(key.value());
        if (known != null) {
            return known;
        }
        Owner owner = new Owner(HexFormat.of().formatHex(secret.of(key.value())));
        if (remembered.size() >= REMEMBERED_OWNERS) {
            remembered.clear(); // many keys (any key is accepted in fake mode): start over rather than grow
        }
        remembered.put(key.value(), owner);
        return owner;
    }

    @Override
    public String toString() {
        return "OwnerHashing[secret redacted]";
    }
}
