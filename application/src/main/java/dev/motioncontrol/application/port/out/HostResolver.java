package dev.motioncontrol.application.port.out;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Looks a host name up (asynchronously), so the core can tell where a URL really points before using it. */
@FunctionalInterface
public interface HostResolver {

    /** Every address {@code host} resolves to now; fails when it does not resolve. */
    CompletionStage<List<InetAddress>> resolve(String host);
}
