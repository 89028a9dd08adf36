package dev.motioncontrol.application.service;

import dev.motioncontrol.application.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Calls that requests at once share (single flight): the first request for a key makes the call, those that come
 * while it runs wait for the same answer. The call is cancelled only when every request waiting for it has gone;
 * a request that comes after that starts another.
 *
 * @param <K> what names a call
 * @param <V> its answer
 */
final class SingleFlight<K, V> {

    private final ConcurrentMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

    /**
     * The answer of the call for {@code key}: of the one under way, or of {@code call} made now, given a cancellation
     * that fires when every request waiting for it has gone. A call that throws fails its requests.
     */
    CompletionStage<V> join(K key, Cancellation caller, Function<Cancellation, CompletionStage<V>> call) {
        while (true) {
            Flight<V> flight = flights.computeIfAbsent(key, started -> new Flight<>());
            if (flight.join(caller)) {
                if (flight.starter()) {
                    // Composed, so that a call that throws still lands the flight.
                    CompletableFuture.completedFuture(flight.shared).thenCompose(call)
                            .whenComplete((answer, failure) -> {
                                flights.remove(key, flight);
                                flight.complete(answer, failure);
                            });
                }
                return flight.result;
            }
            // That flight had ended (everyone left) as this request came: start another.
            flights.remove(key, flight);
        }
    }

    /**
     * One call and the requests waiting for it. The call is cancelled when the last of them goes; a flight every
     * request has left takes no one more.
     */
    private static final class Flight<V> {
        final Cancellation shared = Cancellation.create();
        final CompletableFuture<V> result = new CompletableFuture<>();
        /** What stops each waiting request's cancellation from telling this flight, once it has landed. */
        private final List<Runnable> forgetCallers = new ArrayList<>();
        private int waiting;
        private boolean started;
        private boolean abandoned;

        /** Adds a waiting request; false when the flight was abandoned. */
        synchronized boolean join(Cancellation caller) {
            if (abandoned) {
                return false;
            }
            waiting++;
            forgetCallers.add(caller.onCancel(this::left));
            return true;
        }

        /** True once, for the request that is to make the call. */
        synchronized boolean starter() {
            if (started) {
                return false;
            }
            started = true;
            return true;
        }

        private void left() {
            boolean last;
            synchronized (this) {
                last = --waiting == 0 && !result.isDone();
                abandoned |= last;
            }
            if (last) {
                shared.cancel();
            }
        }

        void complete(V answer, Throwable failure) {
            List<Runnable> forget;
            synchronized (this) {
                forget = List.copyOf(forgetCallers);
                forgetCallers.clear();
            }
            forget.forEach(Runnable::run);
            if (failure == null) {
                result.complete(answer);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }
}
