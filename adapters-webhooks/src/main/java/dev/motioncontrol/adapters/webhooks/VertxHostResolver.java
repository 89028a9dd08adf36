package dev.motioncontrol.adapters.webhooks;

import dev.motioncontrol.application.port.out.HostResolver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Resolves host names with the platform's resolver (hosts file, then DNS) on a Vert.x worker thread, so no event loop
 * waits for DNS. An IP literal ({@code 203.0.113.7}, {@code ::1}, {@code [::1]}) is its own only address and is never
 * looked up. A name that does not resolve fails the stage with an {@link UnknownHostException} naming it.
 */
public final class VertxHostResolver implements HostResolver {

    private final Vertx vertx;

    public VertxHostResolver(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
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
        return vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(name)), false)
            .recover(cause -> Future.failedFuture(notResolved(name, cause)))
            .toCompletionStage();
    }

    private static UnknownHostException notResolved(String name, Throwable cause) {
        UnknownHostException failure = new UnknownHostException(name + " does not resolve");
        failure.initCause(cause);
        return failure;
    }

    /** The address a literal names, parsed here so that a literal is never sent to a name service. */
    private static Optional<InetAddress> literal(String name) {
        Optional<byte[]> ipv4 = dottedQuad(name);
        if (ipv4.isPresent()) {
            try {
                return Optional.of(InetAddress.getByAddress(ipv4.get()));
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        if (name.contains(":") && (name.charAt(0) == ':' || Character.digit(name.charAt(0), 16) >= 0)) {
            try {
                // The JDK parses a text that starts like a number and contains ':' as IPv6 and never looks it up.
                return Optional.of(InetAddress.getByName(name));
            } catch (UnknownHostException notIpv6) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> dottedQuad(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            // A leading zero means octal to inet_aton: such a text is left to the platform, which reads it its way.
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return Optional.of(bytes);
    }
}
