package dev.motioncontrol.adapters.sql;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to one caller of an engine, worked out on a thread of the engine and delivered on the caller's Vert.x
 * context (a new one when the caller has none). The answers of a batch are delivered together, with one task per
 * context rather than one per answer: the engine's thread, which every write waits for, hands over a batch of
 * answers with a hop or two instead of dozens.
 */
final class Answer<T> {

    private final Context context;
    private final CompletableFuture<T> delivered = new CompletableFuture<>();
    /**
     * Bound to the caller's context, so that what the caller chains to it (a {@code timeout} above all) runs there,
     * rather than on Netty's one global thread that a future without a context falls back to.
     */
    private final Future<T> future;
    private AsyncResult<T> outcome;

    /** An answer for the caller on the current thread. */
    Answer(Vertx vertx) {
        this.context = vertx.getOrCreateContext();
        this.future = Future.fromCompletionStage(delivered, context);
    }

    /** Completes, on the caller's context, once the answer is delivered. */
    Future<T> future() {
        return future;
    }

    /** Keeps {@code result} as the answer, delivered later. */
    void succeed(T result) {
        outcome = Future.succeededFuture(result);
    }

    /** Keeps {@code failure} as the answer, delivered later. */
    void fail(Throwable failure) {
        outcome = Future.failedFuture(failure);
    }

    /** Delivers the outcome kept. */
    void deliver() {
        AsyncResult<T> kept = outcome;
        context.runOnContext(any -> settle(kept));
    }

    /** Delivers each answer's outcome kept, one task per context. */
    static void deliver(List<? extends Answer<?>> answers) {
        if (answers.size() == 1) {
            answers.get(0).deliver();
            return;
        }
        Map<Context, List<Answer<?>>> byContext = new IdentityHashMap<>();
        for (Answer<?> answer : answers) {
            byContext.computeIfAbsent(answer.context, any -> new ArrayList<>()).add(answer);
        }
        byContext.forEach((context, theirs) -> context.runOnContext(any -> theirs.forEach(Answer::settleKept)));
    }

    private void settleKept() {
        settle(outcome);
    }

    private void settle(AsyncResult<T> kept) {
        if (kept.succeeded()) {
            delivered.complete(kept.result());
        } else {
            delivered.completeExceptionally(kept.cause());
        }
    }
}
