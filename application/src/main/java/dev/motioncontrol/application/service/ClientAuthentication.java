package dev.motioncontrol.application.service;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.AwaitCompletionUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.in.GetResultCopiesUseCase;
import dev.motioncontrol.application.port.in.GetTaskMediaUseCase;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The edge of the core that a client's call crosses once: it lets the call through to the use case only when
 * the caller's key is one of the {@link AcceptedClientKeys} (compared in constant time), and otherwise fails it
 * with {@code Unauthorized} before the use case is touched: nothing is validated, recorded or sent to the
 * provider for a caller that was not let in. With {@link ClientQuotas}, an accepted caller beyond its rate fails
 * {@code RateLimited} there too, as early. The use cases behind it act for the caller their query names.
 *
 * <p>Each method wraps one use case; wire every client-facing use case through it, and only once.
 */
public final class ClientAuthentication {

    private final AcceptedClientKeys accepted;
    private final Optional<ClientQuotas> quotas;

    public ClientAuthentication(AcceptedClientKeys accepted) {
        this(accepted, Optional.empty());
    }

    /** As above, each accepted caller then held to its rate by {@code quotas}. */
    public ClientAuthentication(AcceptedClientKeys accepted, Optional<ClientQuotas> quotas) {
        this.accepted = Objects.requireNonNull(accepted, "accepted");
        this.quotas = Objects.requireNonNull(quotas, "quotas");
    }

    /** {@code useCase}, for accepted callers only. */
    public SubmitMotionTransferUseCase submit(SubmitMotionTransferUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return command -> admitted(command.caller(), () -> useCase.submit(command));
    }

    /** {@code useCase}, for accepted callers only. */
    public GetTaskStatusUseCase getStatus(GetTaskStatusUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return query -> admitted(query.caller(), () -> useCase.getStatus(query));
    }

    /** {@code useCase}, for accepted callers only. */
    public ListTasksUseCase listTasks(ListTasksUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return query -> admitted(query.caller(), () -> useCase.listTasks(query));
    }

    /** {@code useCase}, for accepted callers only. */
    public WatchTaskUseCase watch(WatchTaskUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return (query, observer) -> admitted(query.caller(), () -> useCase.watch(query, observer));
    }

    /** {@code useCase}, for accepted callers only. */
    public AwaitCompletionUseCase awaitCompletion(AwaitCompletionUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return query -> admitted(query.caller(), () -> useCase.awaitCompletion(query));
    }

    /** {@code useCase}, for accepted callers only. */
    public GetWebhookDeliveryUseCase getWebhookDelivery(GetWebhookDeliveryUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return query -> admitted(query.caller(), () -> useCase.getWebhookDelivery(query));
    }

    /** {@code useCase}, for accepted callers only. */
    public GetTaskMediaUseCase getTaskMedia(GetTaskMediaUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return query -> admitted(query.caller(), () -> useCase.getTaskMedia(query));
    }

    /** {@code useCase}, for accepted callers only. */
    public GetResultCopiesUseCase getResultCopies(GetResultCopiesUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return query -> admitted(query.caller(), () -> useCase.getResultCopies(query));
    }

    /**
     * {@code useCase}, for accepted callers asking by key, and for anyone with a signed link (which the use case
     * checks: the link is the permission).
     */
    public DownloadResultUseCase downloadResult(DownloadResultUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return query -> query.access() instanceof DownloadResultUseCase.ByKey byKey
                ? admitted(byKey.caller(), () -> useCase.download(query)) : useCase.download(query);
    }

    /**
     * The one check: the use case's answer for an accepted caller within its rate, {@code Unauthorized} for any other
     * caller, {@code RateLimited} (naming the limit) for one beyond its rate.
     */
    private <T> CompletionStage<T> admitted(ClientKey caller, Supplier<CompletionStage<T>> useCase) {
        if (!accepted.accepts(caller)) {
            return CompletableFuture.failedStage(new MotionTransferFailure.Unauthorized("Invalid API key"));
        }
        Optional<MotionTransferFailure.RateLimited> beyond = quotas.flatMap(limits -> limits.beyondRate(caller));
        if (beyond.isPresent()) {
            return CompletableFuture.failedStage(beyond.get());
        }
        return useCase.get();
    }
}
