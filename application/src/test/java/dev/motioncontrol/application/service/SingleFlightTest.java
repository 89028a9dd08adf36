package dev.motioncontrol.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final SingleFlight<String, String> flights = new SingleFlight<>();
    private final List<Cancellation> calls = new ArrayList<>();
    private final CompletableFuture<String> answer = new CompletableFuture<>();

    private CompletionStage<String> join(Cancellation caller) {
        return flights.join("key", caller, shared -> {
            calls.add(shared);
            return answer;
        });
    }

    @Test
    void requestsAtOnceShareOneCallAndItsAnswer() {
        CompletionStage<String> first = join(Cancellation.never());
        CompletionStage<String> second = join(Cancellation.never());
        answer.complete("answer");

        assertThat(calls).hasSize(1);
        assertThat(first.toCompletableFuture().join()).isEqualTo("answer");
        assertThat(second.toCompletableFuture().join()).isEqualTo("answer");
        join(Cancellation.never());
        assertThat(calls).as("a request after the answer makes a call of its own").hasSize(2);
    }

    @Test
    void theCallIsDroppedOnlyWhenEveryRequestWaitingForItHasGone() {
        Cancellation first = Cancellation.create();
        Cancellation second = Cancellation.create();
        join(first);
        join(second);

        first.cancel();
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.isCancelled()).isFalse());
        second.cancel();
        assertThat(calls.get(0).isCancelled()).isTrue();
        join(Cancellation.never());
        assertThat(calls).as("an abandoned flight takes no one more").hasSize(2);
    }

    @Test
    void aCallThatThrowsFailsItsRequestsAndLandsTheFlight() {
        CompletionStage<String> failed = flights.join("key", Cancellation.never(), shared -> {
            throw new IllegalStateException("boom");
        });

        assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
        join(Cancellation.never());
        assertThat(calls).hasSize(1);
    }
}
