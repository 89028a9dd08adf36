package dev.motioncontrol.adapters.media;

import dev.motioncontrol.application.port.out.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers from a table instead of DNS; a name not in it does not resolve. Counts the look-ups. */
final class FakeHostResolver implements HostResolver {

    private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    /** {@code host} resolves to {@code addresses} (IP literals). */
    FakeHostResolver map(String host, String... addresses) {
        try {
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);   // literals only: no look-up
            }
            answers.put(host, List.of(resolved));
            return this;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public CompletionStage<List<InetAddress>> resolve(String host) {
        lookups.incrementAndGet();
        List<InetAddress> addresses = answers.get(host);
        return addresses == null
            ? CompletableFuture.failedFuture(new UnknownHostException(host + " does not resolve"))
            : CompletableFuture.completedFuture(addresses);
    }
}
