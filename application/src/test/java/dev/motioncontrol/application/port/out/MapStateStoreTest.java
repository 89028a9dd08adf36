package dev.motioncontrol.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The test double passes the contract of every store, so that tests over it test the use cases, not the double. */
class MapStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore openStore() {
        return new MapStateStore();
    }

    /** What only the double offers: the switch that makes it unavailable, and the shorthands. */
    @Nested
    class ForTests {

        private final MapStateStore map = new MapStateStore();

        @Test
        void anUnavailableStoreFailsEveryStageUntilItIsAvailableAgain() {
            TaskId id = TaskId.random();
            map.remember(new ClientKey("caller"), Task.created(id));

            map.becomeUnavailable();

            assertThat(failureOf(map.findById(id))).isInstanceOf(MotionTransferFailure.StoreUnavailable.class);
            assertThat(failureOf(map.begin(pending(OWNER, Optional.of("key"), "fp", T0))))
                    .isInstanceOf(MotionTransferFailure.StoreUnavailable.class);
            assertThat(failureOf(map.claimDue(T0, T0, 1))).isInstanceOf(MotionTransferFailure.StoreUnavailable.class);
            map.becomeAvailable();
            assertThat(await(map.findById(id))).isPresent();
            assertThat(map.journal()).isEmpty();
        }

        @Test
        void aTaskRememberedForAClientKeyIsFoundUnderItsOwner() {
            ClientKey caller = new ClientKey("caller");
            TaskId id = TaskId.random();

            map.remember(caller, Task.created(id));

            assertThat(await(map.find(MapStateStore.OWNERS.of(caller), id)).orElseThrow().modelTier())
                    .isEqualTo(MapStateStore.KLING_26_PRO);
            assertThat(await(map.find(MapStateStore.owner(new ClientKey("someone-else")), id))).isEmpty();
        }

        private static Throwable failureOf(CompletionStage<?> stage) {
            try {
                stage.toCompletableFuture().join();
                throw new AssertionError("the stage did not fail");
            } catch (CompletionException e) {
                return e.getCause();
            }
        }
    }
}
