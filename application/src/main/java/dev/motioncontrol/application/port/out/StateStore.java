package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.TaskId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Everything the service must not forget, in one store: the task records with their webhook deliveries and result copies, the
 * submissions journal, the provider webhooks already seen, and the secret that owners are hashed with. In
 * memory (forgotten at exit), in an embedded file (one instance), or in a database that several instances
 * share.
 *
 * <p>Stages fail only with {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}.
 */
public interface StateStore extends AutoCloseable {

    TaskRecords tasks();

    WebhookOutbox outbox();

    ResultQueue results();

    Submissions submissions();

    SeenProviderWebhooks seenProviderWebhooks();

    /**
     * The secret that owners are hashed with ({@link dev.motioncontrol.application.OwnerHashing}): the one kept
     * in the store, or, the first time, a new one, kept from then on.
     */
    CompletionStage<byte[]> ownerSecret();

    /**
     * Whether several instances may use this store at once (a database server), rather than this one only (memory,
     * an embedded file).
     */
    default boolean shared() {
        return false;
    }

    /**
     * The provider's request rate as the instances sharing this store spend it together; none (by default) for a
     * store that one instance uses, whose own limits are then all there is.
     */
    default Optional<SharedRateBudget> rateBudget() {
        return Optional.empty();
    }

    /**
     * From now on, {@code listener} hears the id of each task whose record another instance changed (a
     * store that only one instance uses never calls it).
     */
    default void onChangesElsewhere(Consumer<TaskId> listener) {
    }

    /**
     * Completes when the store answers a trivial request, fails with {@code StoreUnavailable} when it does not: whether
     * the service can reach its state now. By default (a store in this process) it always can.
     */
    default CompletionStage<Void> ping() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** Releases the store's connections and threads. */
    @Override
    void close();
}
