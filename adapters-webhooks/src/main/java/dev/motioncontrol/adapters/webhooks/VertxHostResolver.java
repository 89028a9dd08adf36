package dev.motioncontrol.adapters.webhooks;

import com.google.common.net.InetAddresses;
import dev.motioncontrol.application.port.out.HostResolver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Resolves host names with the platform's resolver (hosts file, then DNS) on worker threads of its own (at most
 * {@value #LOOKUP_THREADS}), so no event loop waits for DNS, and a slow name server, which a client can pick by naming
 * its hosts, holds up look-ups only, never the workers the rest of the service shares. An IP literal ({@code 203.0.113.7}, {@code ::1}, {@code [::1]}) is its own only address and is never
 * looked up. A name that does not resolve fails the stage with an {@link UnknownHostException} naming it.
 */
public final class VertxHostResolver implements HostResolver {

    /** Look-ups at once; more wait their turn (each is bounded by its caller's timeout). */
    static final int LOOKUP_THREADS = 8;

    private final WorkerExecutor lookups;

    public VertxHostResolver(Vertx vertx) {
        this.lookups = Objects.requireNonNull(vertx, "vertx")
            .createSharedWorkerExecutor("motion-control-host-lookups", LOOKUP_THREADS);
    }

    /** Releases the look-up threads (shared by the resolvers of one Vert.x: the last to close releases them). */
    public Future<Void> close() {
        return lookups.close();
    }

    @Override
    public CompletionStage<List<InetAddress>> resolve(String host) {
        Objects.requireNonNull(host, "host");
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Optional<InetAddress> literal = literal(name);
        if (literal.isPresent()) {
            return Future.succeededFuture(List.of(literal.get())).toCompletionStage();
        }
        if (name.isEmpty()) {
            return Future.<List<InetAddress>>failedFuture(new UnknownHostException("an empty host name does not resolve"))
                .toCompletionStage();
        }
        // Unordered: look-ups of different hosts need not wait for one another.
        return lookups.executeBlocking(() -> List.of(InetAddress.getAllByName(name)), false)
            .recover(cause -> Future.failedFuture(notResolved(name, cause)))
            .toCompletionStage();
    }

    private static UnknownHostException notResolved(String name, Throwable cause) {
        UnknownHostException failure = new UnknownHostException(name + " does not resolve");
        failure.initCause(cause);
        return failure;
    }

    /**
     * The address a literal names, parsed by Guava so that a literal is never sent to a name service. A zone id
     * ({@code fe80::1%eth0}) is not taken as a literal: the address policy refuses those before any look-up.
     */
    private static Optional<InetAddress> literal(String name) {
        if (name.indexOf('%') >= 0 || !InetAddresses.isInetAddress(name)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(name));
    }
}
