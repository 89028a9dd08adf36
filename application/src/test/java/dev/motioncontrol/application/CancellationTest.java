package dev.motioncontrol.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationTest {

    private final List<String> told = new ArrayList<>();

    @Test
    void eachListenerIsToldOnceWhenTheCallerGoes() {
        Cancellation cancellation = Cancellation.create();
        cancellation.onCancel(() -> told.add("a"));
        cancellation.onCancel(() -> told.add("b"));

        cancellation.cancel();
        cancellation.cancel();

        assertThat(told).containsExactly("a", "b");
        assertThat(cancellation.isCancelled()).isTrue();
    }

    @Test
    void aListenerAddedAfterTheCallerWentIsToldAtOnce() {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();

        cancellation.onCancel(() -> told.add("late"));

        assertThat(told).containsExactly("late");
    }

    @Test
    void aForgottenListenerIsNotToldNorKept() {
        Cancellation cancellation = Cancellation.create();
        Runnable forget = cancellation.onCancel(() -> told.add("ended before"));
        cancellation.onCancel(() -> told.add("still waiting"));

        forget.run();
        cancellation.cancel();

        assertThat(told).containsExactly("still waiting");
    }

    @Test
    void everyListenerIsToldWhateverAnotherThrows() {
        Cancellation cancellation = Cancellation.create();
        cancellation.onCancel(() -> {
            throw new IllegalStateException("a listener that fails");
        });
        cancellation.onCancel(() -> told.add("second"));

        try {
            cancellation.cancel();
        } catch (IllegalStateException expected) {
            told.add("thrown after all were told");
        }

        assertThat(told).containsExactly("second", "thrown after all were told");
    }

    @Test
    void neverIsNeverCancelled() {
        Cancellation.never().onCancel(() -> told.add("never"));

        Cancellation.never().cancel();

        assertThat(told).isEmpty();
        assertThat(Cancellation.never().isCancelled()).isFalse();
    }
}
