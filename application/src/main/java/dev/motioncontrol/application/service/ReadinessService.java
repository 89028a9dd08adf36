package dev.motioncontrol.application.service;

import dev.motioncontrol.application.OperatorNotice;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.CheckReadinessUseCase;
import dev.motioncontrol.application.port.out.Scheduler;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.VideoProvider;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Readiness from the store (it answers a ping within {@link #STORE_TIMEOUT}) and from the provider (nothing known
 * against the service's key: see {@link VideoProvider#unreadyBecause()}; the provider itself is not asked).
 */
public final class ReadinessService implements CheckReadinessUseCase {

    /** How long the store has to answer a ping: a load balancer's probe waits a few seconds at most. */
    public static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(ReadinessService.class.getName());

    private final StateStore store;
    private final VideoProvider provider;
    private final Scheduler scheduler;
    private final OperatorNotice storeAway = new OperatorNotice();

    public ReadinessService(StateStore store, VideoProvider provider, Scheduler scheduler) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public CompletionStage<List<Dependency>> checkReadiness() {
        Dependency providerReadiness = new Dependency(Dependency.PROVIDER, provider.unreadyBecause());
        return storeReadiness().thenApply(storeReadiness -> List.of(storeReadiness, providerReadiness));
    }

    private CompletionStage<Dependency> storeReadiness() {
        CompletableFuture<Dependency> answer = new CompletableFuture<>();
        Scheduler.Cancellable timeout = scheduler.schedule(STORE_TIMEOUT, () -> answer.complete(
                unready("it did not answer within " + STORE_TIMEOUT.toSeconds() + " s")));
        CompletionStage<Void> ping;
        try {
            ping = store.ping();
        } catch (RuntimeException e) {
            ping = CompletableFuture.failedFuture(e);
        }
        ping.whenComplete((answered, failure) -> {
            timeout.cancel();
            answer.complete(failure == null ? new Dependency(Dependency.STORE, Optional.empty())
                    : unready(failure instanceof MotionTransferFailure known ? known.getMessage()
                            : failure.getClass().getSimpleName()));
        });
        return answer;
    }

    private Dependency unready(String why) {
        storeAway.log(LOG, System.Logger.Level.ERROR, () -> "The store of the service's state is out of reach: " + why);
        return new Dependency(Dependency.STORE, Optional.of(why));
    }
}
