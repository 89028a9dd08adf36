package dev.motioncontrol.adapters.webhooks;

import dev.motioncontrol.application.port.out.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers from a table instead of DNS: each name maps to a sequence of answers, the last of which repeats; a name not
 * in the table does not resolve. Counts the look-ups.
 */
final class FakeHostResolver implements HostResolver {

    private final Map<String, Deque<List<InetAddress>>> answers = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    /** {@code host} resolves to {@code addresses} (IP literals) from now on. */
    FakeHostResolver map(String host, String... addresses) {
        answers.computeIfAbsent(host, h -> new ArrayDeque<>()).add(addressesOf(addresses));
        return this;
    }

    /** Then, on the next look-up of {@code host}, to these. */
    FakeHostResolver thenMap(String host, String... addresses) {
        return map(host, addresses);
    }

    @Override
    public synchronized CompletionStage<List<InetAddress>> resolve(String host) {
        lookups.incrementAndGet();
        Deque<List<InetAddress>> queue = answers.get(host);
        if (queue == null) {
            return CompletableFuture.failedFuture(new UnknownHostException(host + " does not resolve"));
        }
        return CompletableFuture.completedFuture(queue.size() > 1 ? queue.poll() : queue.peek());
    }

    private static List<InetAddress> addressesOf(String... literals) {
        try {
            InetAddress[] addresses = new InetAddress[literals.length];
            for (int i = 0; i < literals.length; i++) {
                addresses[i] = InetAddress.getByName(literals[i]);   // literals only: no look-up
            }
            return List.of(addresses);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
