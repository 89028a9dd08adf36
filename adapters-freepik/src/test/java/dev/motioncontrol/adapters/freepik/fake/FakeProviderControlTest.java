package dev.motioncontrol.adapters.freepik.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeProviderControlTest {

    private static final Owner OWNER = MapStateStore.owner(new ClientKey("owner-key"));
    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);
    private static final Duration QUEUE = Duration.ofSeconds(2);
    private static final Duration GENERATION = Duration.ofSeconds(5);

    private final ManualTimeSource clock = ManualTimeSource.standingStill();
    private final FakeProviderControl control = new FakeProviderControl();
    private final FakeVideoProvider provider = new FakeVideoProvider(
            FakeProviderSettings.defaults(URI.create("http://localhost:8080")).withControl(control), clock);
    private final List<Task> reported = new ArrayList<>();

    FakeProviderControlTest() {
        provider.reportMovesTo(task -> {
            reported.add(task);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void completeEndsACreatedTaskCompletedAtOnceWithItsVideo() {
        TaskId id = submit("a dancer").id();

        Task ended = control.complete(id).toCompletableFuture().join();

        assertThat(ended.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(ended.generated()).containsExactly(URI.create("http://localhost:8080/fake-media/" + id.value() + ".mp4"));
        assertThat(statusOf(id)).isEqualTo(ended);
        assertThat(list()).containsExactly(ended);
    }

    @Test
    void failEndsATaskFailedWithoutAVideo() {
        TaskId id = submit("a dancer").id();
        clock.advance(QUEUE);

        Task ended = control.fail(id).toCompletableFuture().join();

        assertThat(ended.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(ended.generated()).isEmpty();
        assertThat(statusOf(id).status()).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void anEndedTaskStaysAsItEndedWhateverItsDelaysAndMarkersSay() {
        TaskId id = submit("a dancer " + FakeVideoProvider.FAIL_MARKER).id();

        control.complete(id).toCompletableFuture().join();
        clock.advance(QUEUE.plus(GENERATION).multipliedBy(10));

        assertThat(statusOf(id).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(provider.nextMoveWithin(OWNER, id, AT)).as("it will not move again").isEmpty();
    }

    @Test
    void endingATaskReportsItToTheListenersAndCompletesOnlyWhenTheyHaveTakenIt() {
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        provider.reportMovesTo(task -> recorded);
        TaskId id = submit("a dancer").id();

        CompletionStage<Task> ended = control.complete(id);

        assertThat(reported).extracting(Task::status).containsExactly(TaskStatus.COMPLETED);
        assertThat(ended.toCompletableFuture()).isNotDone();
        recorded.complete(null);
        assertThat(ended.toCompletableFuture()).isCompleted();
    }

    @Test
    void aListenerThatFailsFailsTheControlsCall() {
        provider.reportMovesTo(task -> CompletableFuture.failedFuture(new IllegalStateException("store away")));
        TaskId id = submit("a dancer").id();

        assertThat(failureOf(control.complete(id))).hasMessage("store away");
    }

    @Test
    void failingACompletedTaskIsRefused() {
        TaskId id = submit("a dancer").id();
        clock.advance(QUEUE.plus(GENERATION));

        assertThatThrownBy(() -> control.fail(id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ended COMPLETED");
    }

    @Test
    void completingACompletedTaskReportsItAgainUnchanged() {
        TaskId id = submit("a dancer").id();
        clock.advance(QUEUE.plus(GENERATION));

        Task ended = control.complete(id).toCompletableFuture().join();

        assertThat(ended).isEqualTo(statusOf(id));
        assertThat(reported).containsExactly(ended);
    }

    @Test
    void endingATaskTheFakeDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> control.complete(TaskId.random())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the fake has no task");
        assertThatThrownBy(() -> control.complete(new TaskId("not-a-uuid"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(SubmitFailure.class)
    void theNextSubmitFailsAsArmedCreatesNothingAndTheOneAfterSucceeds(SubmitFailure armed) {
        control.failNextSubmit(armed);

        Throwable failure = failureOf(provider.submit(OWNER, FakeVideoProviderTest.transfer(Optional.empty())));

        assertThat(failure).isInstanceOf(MotionTransferFailure.class).isExactlyInstanceOf(armed.failure().getClass());
        assertThat(list()).isEmpty();
        assertThat(submit("again").status()).isEqualTo(TaskStatus.CREATED);
    }

    @Test
    void eachFailureMapsOntoWhatTheFreepikClientMakesOfItsStatus() {
        assertThat(SubmitFailure.RATE_LIMITED.failure()).isInstanceOfSatisfying(MotionTransferFailure.RateLimited.class,
                limited -> assertThat(limited.retryAfter()).contains(SubmitFailure.RETRY_AFTER));
        assertThat(SubmitFailure.UNAVAILABLE.failure()).isInstanceOf(MotionTransferFailure.ProviderUnavailable.class);
        assertThat(SubmitFailure.OUT_OF_CREDITS.failure()).isInstanceOfSatisfying(
                MotionTransferFailure.ProviderRefused.class, refused -> assertThat(refused.status()).isEqualTo(402));
        assertThat(SubmitFailure.UNCERTAIN.failure()).isInstanceOf(MotionTransferFailure.SubmissionUncertain.class);
        assertThat(SubmitFailure.values()).extracting(SubmitFailure::providerStatus).containsExactly(429, 503, 402, 500);
    }

    @Test
    void armedFailuresAreUsedOneASubmitInTheOrderArmed() {
        control.failNextSubmit(SubmitFailure.UNAVAILABLE);
        control.failNextSubmit(SubmitFailure.OUT_OF_CREDITS);

        assertThat(failureOf(provider.submit(OWNER, FakeVideoProviderTest.transfer(Optional.empty()))))
                .isInstanceOf(MotionTransferFailure.ProviderUnavailable.class);
        assertThat(failureOf(provider.submit(OWNER, FakeVideoProviderTest.transfer(Optional.empty()))))
                .isInstanceOf(MotionTransferFailure.ProviderRefused.class);
        assertThat(submit("third").status()).isEqualTo(TaskStatus.CREATED);
    }

    @Test
    void resetForgetsTheFailuresNotYetUsed() {
        control.failNextSubmit(SubmitFailure.UNAVAILABLE);

        control.reset();

        assertThat(submit("a dancer").status()).isEqualTo(TaskStatus.CREATED);
    }

    @Test
    void aMovedClockReportsEachTaskItMovedOnce() {
        TaskId first = submit("first").id();
        clock.advance(Duration.ofSeconds(1));
        TaskId second = submit("second").id();
        TaskId ended = submit("ended").id();
        control.fail(ended).toCompletableFuture().join();
        reported.clear();

        clock.advance(Duration.ofSeconds(1));
        control.clockMoved().toCompletableFuture().join();
        assertThat(reported).containsExactly(new Task(first, TaskStatus.IN_PROGRESS, List.of()));

        reported.clear();
        control.clockMoved().toCompletableFuture().join();
        assertThat(reported).as("nothing moved since").isEmpty();

        clock.advance(GENERATION.plus(QUEUE));
        control.clockMoved().toCompletableFuture().join();
        assertThat(reported).extracting(Task::id).containsExactly(first, second);
        assertThat(reported).extracting(Task::status).containsOnly(TaskStatus.COMPLETED);
    }

    @Test
    void aTaskThatEndedTheMomentItWasSubmittedIsReportedAtTheNextMoveOfTheClock() {
        FakeProviderControl immediate = new FakeProviderControl();
        FakeVideoProvider withoutDelays = new FakeVideoProvider(FakeProviderSettings.defaults(
                URI.create("http://localhost:8080")).withoutDelays().withControl(immediate), clock);
        withoutDelays.reportMovesTo(task -> {
            reported.add(task);
            return CompletableFuture.completedFuture(null);
        });
        TaskId id = withoutDelays.submit(OWNER, FakeVideoProviderTest.transfer(Optional.empty())).toCompletableFuture()
                .join().id();

        immediate.clockMoved().toCompletableFuture().join();
        immediate.clockMoved().toCompletableFuture().join();

        assertThat(reported).as("once").extracting(Task::id, Task::status)
                .containsExactly(tuple(id, TaskStatus.COMPLETED));
    }

    @Test
    void aControlWithoutAFakeSaysHowToGiveItOne() {
        assertThatThrownBy(() -> new FakeProviderControl().complete(TaskId.random()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("withControl");
    }

    @Test
    void aFakeWithoutAControlHasNone() {
        assertThat(FakeProviderSettings.defaults(URI.create("http://localhost:8080")).control()).isEmpty();
        assertThat(FakeProviderSettings.defaults(URI.create("http://localhost:8080")).withControl(control)
                .withoutDelays().control()).contains(control);
    }

    private Task submit(String prompt) {
        return provider.submit(OWNER, FakeVideoProviderTest.transfer(Optional.of(new Prompt(prompt))))
                .toCompletableFuture().join();
    }

    private Task statusOf(TaskId id) {
        return provider.status(OWNER, id, AT).toCompletableFuture().join();
    }

    private List<Task> list() {
        return provider.list(OWNER, Model.KLING_2_6, Optional.empty()).toCompletableFuture().join();
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get();
            throw new AssertionError("expected the stage to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
