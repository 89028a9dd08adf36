package dev.motioncontrol.application.port.out;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Looks a host up (asynchronously), so the core can tell where a URL really points before using it: the
 * only way the core learns a host's addresses.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * Every address {@code host} resolves to now; fails when it does not resolve. {@code host} is written as
     * in a URL: a name, an IPv4 literal, or an IPv6 literal with or without its brackets; a literal is its
     * own only address and is not looked up.
     */
    CompletionStage<List<InetAddress>> resolve(String host);
}
