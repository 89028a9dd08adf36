package dev.motioncontrol.adapters.freepik.http;

import java.util.Optional;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static dev.motioncontrol.adapters.freepik.http.Transfers.OWNER;
import static dev.motioncontrol.adapters.freepik.http.Transfers.aTransfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client lives as long as it is open, not as long as the verticle that made it or that made a call: in
 * Vert.x 5 undeploying a verticle cancels the timers set on its context and closes the HttpClients created on
 * it, so a call (or a client) tied to that context would never complete (or would be closed) afterwards.
 */
class FreepikVideoProviderLifetimeTest extends StubbedProviderTest {

    private static final Duration LONG_DEADLINE = Duration.ofSeconds(4);

    /** A verticle that runs {@code onStart} on its context and is started once what it queued there ran. */
    private static final class Caller extends VerticleBase {
        private final Runnable onStart;

        Caller(Runnable onStart) {
            this.onStart = onStart;
        }

        @Override
        public Future<?> start() {
            onStart.run();
            // The steps the calls queued on this context run first: when the start completes, their timers are set.
            Promise<Void> started = Promise.promise();
            context.runOnContext(v -> started.complete());
            return started.future();
        }
    }

    private static <T> T valueWithin(CompletionStage<T> stage, Duration within) throws Exception {
        return stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void callsMadeInAVerticleCompleteAfterItIsUndeployedAndTheLimitsStillWakeUp() throws Exception {
        TaskId task = Await.value(client().submit(OWNER, aTransfer())).id();
        // One token every 500 ms, one at once: the second call waits for the gate's wake-up timer.
        FreepikVideoProvider limited = client(s -> s.withTotalDeadline(LONG_DEADLINE).withRateLimit(2, 1));
        // The first call is told to come back in 1 s: it waits for its retry timer.
        stub.onNextStatus(Fault.rateLimited("1"));
        List<CompletableFuture<Task>> calls = new ArrayList<>();
        long start = System.nanoTime();
        String deployment = Await.value(vertx.deployVerticle(new Caller(() -> {
            calls.add(limited.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture());
            calls.add(limited.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture());
        })));
        Await.value(vertx.undeploy(deployment));

        Duration left = LONG_DEADLINE.plus(MARGIN).minus(Duration.ofNanos(System.nanoTime() - start));
        assertThat(valueWithin(calls.get(0), left).id()).isEqualTo(task);
        assertThat(valueWithin(calls.get(1), left).id()).isEqualTo(task);
        assertThat(stub.statusCount()).isEqualTo(3); // the 429, its retry, and the queued call

        // Later calls, off any verticle, are served: the second again waits for the gate to wake up.
        CompletableFuture<Task> third = limited.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture();
        CompletableFuture<Task> fourth = limited.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture();
        assertThat(Await.value(third).id()).isEqualTo(task);
        assertThat(Await.value(fourth).id()).isEqualTo(task);
    }

    @Test
    void aClientMadeInAVerticleOutlivesTheVerticle() {
        TaskId task = Await.value(client().submit(OWNER, aTransfer())).id();
        List<FreepikVideoProvider> made = new ArrayList<>();
        String deployment = Await.value(vertx.deployVerticle(new Caller(() -> made.add(client()))));
        Await.value(vertx.undeploy(deployment));

        assertThat(Await.value(made.get(0).status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO))).id()).isEqualTo(task);
    }
}
