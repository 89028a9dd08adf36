package dev.motioncontrol.outbound;

import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.UrlAccessPolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an outbound request to a client's URL may go, and how it gets there, for every adapter that makes one
 * (webhooks, media probes): the URL is judged by the {@link UrlAccessPolicy}, its host is resolved through the
 * {@link HostResolver} port within a time limit, <em>every</em> address it resolves to is judged too, and the request
 * is sent to the first checked address ({@link #requestTo}), never to the name again, so that a name that resolves
 * elsewhere a moment later (DNS rebinding) changes nothing; the authority (the {@code host} header, TLS SNI and the
 * certificate check) stays the URL's host.
 */
public final class CheckedDialling {

    /** What the check found: an address to dial, or why there is none. */
    public sealed interface Checked {
    }

    /** Every address allowed: dial this one. */
    public record Allowed(InetAddress address) implements Checked {
    }

    /** The policy refuses the URL or an address its host resolves to; {@code reason} says which and why. */
    public record Refused(String reason) implements Checked {
    }

    /**
     * The host did not resolve: {@code timedOut} when it gave no answer within the limit; {@code cause} otherwise
     * (null when it answered no address).
     */
    public record Unresolved(String host, boolean timedOut, Throwable cause) implements Checked {
    }

    private final Vertx vertx;
    private final HostResolver resolver;
    private final UrlAccessPolicy policy;

    public CheckedDialling(Vertx vertx, HostResolver resolver, UrlAccessPolicy policy) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public UrlAccessPolicy policy() {
        return policy;
    }

    /**
     * Judges {@code url} and the addresses of its host, looked up within {@code timeoutMillis}; the future never fails.
     * Its callbacks run on {@code context} when one is given.
     */
    public Future<Checked> check(HttpUrl url, long timeoutMillis, Context context) {
        Optional<String> refusal = policy.problemWith(url);
        if (refusal.isPresent()) {
            return Future.succeededFuture(new Refused(refusal.get()));
        }
        String host = url.uri().getHost();
        String lookupName = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Future<List<InetAddress>> answer;
        try {
            answer = context == null
                ? Future.fromCompletionStage(Objects.requireNonNull(resolver.resolve(lookupName), "resolver answer"))
                : Future.fromCompletionStage(Objects.requireNonNull(resolver.resolve(lookupName), "resolver answer"),
                    context);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        Promise<Checked> checked = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> checked.tryComplete(new Unresolved(lookupName, true, null)));
        answer.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.failed()) {
                checked.tryComplete(new Unresolved(lookupName, false, result.cause()));
            } else if (result.result() == null || result.result().isEmpty()) {
                checked.tryComplete(new Unresolved(lookupName, false, null));
            } else {
                checked.tryComplete(judged(url, List.copyOf(result.result())));
            }
        });
        return checked.future();
    }

    private Checked judged(HttpUrl url, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Optional<String> problem = policy.problemWithResolved(url, address);
            if (problem.isPresent()) {
                return new Refused(problem.get());
            }
        }
        return new Allowed(addresses.get(0));
    }

    /**
     * A request to {@code url} that goes to {@code address} (which was checked): the connection to the address, the
     * authority the URL's host, redirects not followed (a caller that follows them checks each one). The method,
     * timeouts and headers are the caller's.
     */
    public static RequestOptions requestTo(HttpUrl url, InetAddress address) {
        URI uri = url.uri();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new RequestOptions()
            // The connection goes here, to the checked address; Vert.x does no look-up of an IP literal.
            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
            // ...while the authority (the host header, SNI and the certificate check) stays the URL's host.
            .setHost(url.host())
            .setPort(port)
            .setSsl(https)
            .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
            .setFollowRedirects(false);
    }
}
