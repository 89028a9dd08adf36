package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether the service can honour a submission's {@code webhook_url}, decided before anything is paid for.
 * A service that cannot deliver webhooks refuses every one rather than silently never calling back. One that
 * can looks the host up through the {@link HostResolver} port (the core's only way to learn where a name
 * points) and refuses it when any address it resolves to is one the {@link UrlAccessPolicy} refuses. A host
 * that does not resolve, or not within {@value #RESOLUTION_TIMEOUT_SECONDS} s, cannot be judged here and is
 * let through: the delivery judges the address again when it is made.
 */
public final class WebhookUrlCheck {

    static final int RESOLUTION_TIMEOUT_SECONDS = 5;
    private static final Duration RESOLUTION_TIMEOUT = Duration.ofSeconds(RESOLUTION_TIMEOUT_SECONDS);
    private static final String FIELD = "webhook_url";

    private static final WebhookUrlCheck REFUSING_ALL = new WebhookUrlCheck(null, null, null, false);
    private static final WebhookUrlCheck ACCEPTING_ALL = new WebhookUrlCheck(null, null, null, true);

    private final HostResolver resolver;
    private final UrlAccessPolicy policy;
    private final Scheduler scheduler;
    /** Without a resolver: whether every URL is honoured, or none. */
    private final boolean honoursAll;

    private WebhookUrlCheck(HostResolver resolver, UrlAccessPolicy policy, Scheduler scheduler, boolean honoursAll) {
        this.resolver = resolver;
        this.policy = policy;
        this.scheduler = scheduler;
        this.honoursAll = honoursAll;
    }

    /** For a service that delivers no webhooks (it has no secret to sign them with): refuses every one. */
    public static WebhookUrlCheck refusingAll() {
        return REFUSING_ALL;
    }

    /**
     * For a service whose webhooks go through a sender that reaches no address it was not meant to (a test's, that
     * records them): no look-up, every URL the request's rules let through is honoured.
     */
    public static WebhookUrlCheck acceptingAll() {
        return ACCEPTING_ALL;
    }

    /**
     * For a service that delivers webhooks: refuses a host that resolves, through {@code resolver}, to an
     * address {@code policy} refuses; the look-up's time limit runs on {@code scheduler}.
     */
    public static WebhookUrlCheck resolvingWith(HostResolver resolver, UrlAccessPolicy policy, Scheduler scheduler) {
        return new WebhookUrlCheck(Objects.requireNonNull(resolver, "resolver"),
                Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(scheduler, "scheduler"), false);
    }

    /** Why {@code webhook} cannot be honoured, as a violation of {@code webhook_url}; empty when it can. */
    public CompletionStage<Optional<Violation>> problemWith(WebhookUrl webhook) {
        Objects.requireNonNull(webhook, "webhook");
        if (honoursAll) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (resolver == null) {
            return CompletableFuture.completedFuture(Optional.of(new Violation(FIELD,
                    "cannot be honoured: this service has no webhook secret to sign webhooks with")));
        }
        HttpUrl url = webhook.url();
        return addressesOf(url).thenApply(addresses -> addresses.stream()
                .map(address -> policy.problemWithResolved(url, address))
                .flatMap(Optional::stream)
                .findFirst()
                .map(problem -> new Violation(FIELD, problem)));
    }

    /** Where the host points now; no address when it does not resolve in time. */
    private CompletionStage<List<InetAddress>> addressesOf(HttpUrl url) {
        CompletableFuture<List<InetAddress>> addresses = new CompletableFuture<>();
        Scheduler.Cancellable timeout = scheduler.schedule(RESOLUTION_TIMEOUT, () -> addresses.complete(List.of()));
        addresses.whenComplete((done, failure) -> timeout.cancel());
        try {
            resolver.resolve(url.host()).whenComplete((found, failure) ->
                    addresses.complete(failure == null && found != null ? List.copyOf(found) : List.of()));
        } catch (RuntimeException e) {
            addresses.complete(List.of());
        }
        return addresses;
    }
}
