package dev.motioncontrol.adapters.freepik.http;

import static dev.motioncontrol.adapters.freepik.http.Transfers.OWNER;
import static dev.motioncontrol.adapters.freepik.http.Transfers.aTransfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A caller that goes away costs the shared account nothing more: its calls still waiting for their turn leave the
 * queue unsent, its reads in flight are cut, and only a submit already on the wire is seen through.
 */
class FreepikVideoProviderCancellationTest extends StubbedProviderTest {

    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);
    private static final Duration SLOW = Duration.ofMillis(800);

    /** One request at a time, and a patient deadline: whatever comes second waits for the first. */
    private FreepikVideoProvider oneAtATime() {
        return client(settings -> settings.withMaxConcurrentRequests(1).withRequestTimeout(Duration.ofSeconds(5))
                .withTotalDeadline(Duration.ofSeconds(5)));
    }

    @Test
    void aSubmitWaitingForItsTurnIsNeverSentWhenItsCallerGoes() {
        FreepikVideoProvider client = oneAtATime();
        TaskId first = Await.value(client.submit(OWNER, aTransfer())).id();
        stub.onNextStatus(Fault.delay(SLOW));
        CompletionStage<Task> occupying = client.status(OWNER, first, AT);
        Cancellation gone = Cancellation.create();
        CompletionStage<Task> waiting = client.submit(OWNER, aTransfer(), gone);
        awaitQueued(client, 1);

        gone.cancel();

        assertThat(Await.failure(waiting)).isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("nothing was created");
        Await.value(occupying);
        Await.value(client.list(OWNER, Model.KLING_2_6, Optional.empty()));
        assertThat(stub.submitCount()).as("the abandoned submit never reached the provider").isEqualTo(1);
    }

    @Test
    void aReadWaitingForItsTurnLeavesTheQueueAndTheNextOneTakesItsPlace() {
        FreepikVideoProvider client = oneAtATime();
        TaskId task = Await.value(client.submit(OWNER, aTransfer())).id();
        stub.onNextList(Fault.delay(SLOW));
        CompletionStage<?> occupying = client.list(OWNER, Model.KLING_2_6, Optional.empty());
        Cancellation gone = Cancellation.create();
        CompletionStage<Task> abandoned = client.status(OWNER, task, AT, gone);
        CompletionStage<?> next = client.list(OWNER, Model.KLING_2_6, Optional.empty());
        awaitQueued(client, 2);

        gone.cancel();

        assertThat(Await.failure(abandoned)).isInstanceOf(ProviderUnavailable.class);
        assertThat(Await.value(client.waitingForTurn())).as("out of the queue at once").isEqualTo(1);
        Await.value(occupying);
        Await.value(next);
        assertThat(stub.statusCount()).isZero();
        assertThat(stub.requests(Route.LIST)).hasSize(2);
    }

    @Test
    void aReadInFlightIsCutWhenItsCallerGoes() {
        FreepikVideoProvider client = oneAtATime();
        TaskId task = Await.value(client.submit(OWNER, aTransfer())).id();
        stub.onNextStatus(Fault.delay(Duration.ofSeconds(4)));
        Cancellation gone = Cancellation.create();
        CompletionStage<Task> reading = client.status(OWNER, task, AT, gone);
        awaitRequests(Route.STATUS, 1);
        long start = System.nanoTime();

        gone.cancel();

        assertThat(Await.failure(reading)).isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("caller went away");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(Await.value(client.status(OWNER, task, AT)).id()).as("its slot is free again").isEqualTo(task);
    }

    @Test
    void aSubmitOnTheWireIsSeenThroughWhateverItsCallerDoes() {
        FreepikVideoProvider client = oneAtATime();
        stub.onNextSubmit(Fault.delay(SLOW));
        Cancellation gone = Cancellation.create();
        CompletionStage<Task> submitting = client.submit(OWNER, aTransfer(), gone);
        awaitRequests(Route.SUBMIT, 1);

        gone.cancel();

        assertThat(Await.value(submitting).id().value()).isEqualTo(stub.taskIds().get(0));
    }

    @Test
    void aCallWhoseCallerHadGoneAlreadyIsNeverMade() {
        Cancellation gone = Cancellation.create();
        gone.cancel();

        assertThat(Await.failure(client().submit(OWNER, aTransfer(), gone))).isInstanceOf(ProviderUnavailable.class);
        assertThat(Await.failure(client().list(OWNER, Model.KLING_2_6, Optional.empty(), gone)))
                .isInstanceOf(ProviderUnavailable.class);
        assertThat(stub.requests()).isEmpty();
    }

    /** Waits (spinning, without a fixed sleep) until {@code count} calls of {@code client} wait for their turn. */
    private static void awaitQueued(FreepikVideoProvider client, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Await.value(client.waitingForTurn()) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " calls never waited for their turn together");
            }
            Thread.onSpinWait();
        }
    }

    /** Waits (briefly, without sleeping a fixed time) until the stub has received {@code count} of {@code route}. */
    private static void awaitRequests(Route route, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stub.requests(route).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the stub did not receive " + count + " " + route + " requests");
            }
            Thread.onSpinWait();
        }
    }
}
