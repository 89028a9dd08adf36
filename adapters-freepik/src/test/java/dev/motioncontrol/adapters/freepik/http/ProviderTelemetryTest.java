package dev.motioncontrol.adapters.freepik.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the Freepik client tells the telemetry (each call's operation and outcome, each attempt's wait for its turn),
 * and what it learns of its key from the calls it makes anyway: a refused key makes it unready until the provider
 * accepts it again.
 */
class ProviderTelemetryTest extends StubbedProviderTest {

    private final List<String> told = new CopyOnWriteArrayList<>();
    private final Telemetry telemetry = new Telemetry() {
        @Override
        public void taskReached(TaskStatus status) {
        }

        @Override
        public void providerCallEnded(ProviderOperation operation, ProviderOutcome outcome, Duration took) {
            told.add(operation + ":" + outcome);
        }

        @Override
        public void providerTurnWaited(Duration waited) {
            told.add("turn");
        }

        @Override
        public void webhookAttempted(WebhookOutcome outcome) {
        }

        @Override
        public void mediaChecked(PreflightOutcome outcome) {
        }
    };
    private FreepikVideoProvider client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void eachCallIsToldWithItsOperationAndOutcomeAndEachAttemptWithItsWait() {
        client = new FreepikVideoProvider(vertx, fastSettings(), Optional.empty(), telemetry);

        Await.value(client.submit(Transfers.OWNER, Transfers.aTransfer()));
        stub.onNextList(Fault.badRequest("model", "is not known"));
        Await.failure(client.list(Transfers.OWNER, Model.KLING_2_6, Optional.empty()));

        assertThat(told).containsExactly("turn", "SUBMIT:OK", "turn", "LIST:REJECTED");
    }

    @Test
    void aRefusedKeyMakesTheClientUnreadyUntilTheProviderAcceptsItAgain() {
        client = new FreepikVideoProvider(vertx, fastSettings(), Optional.empty(), telemetry);
        assertThat(client.unreadyBecause()).isEmpty();

        stub.onNextList(Fault.unauthorized());
        assertThat(Await.failure(client.list(Transfers.OWNER, Model.KLING_2_6, Optional.empty())))
                .isInstanceOf(MotionTransferFailure.Unauthorized.class);
        Optional<String> refused = client.unreadyBecause();
        Await.value(client.list(Transfers.OWNER, Model.KLING_2_6, Optional.empty()));

        assertThat(refused).hasValueSatisfying(why -> assertThat(why).contains("refused the service's API key")
                .doesNotContain(stub.apiKey()));
        assertThat(told).contains("LIST:UNAUTHORIZED", "LIST:OK");
        assertThat(client.unreadyBecause()).isEmpty();
    }
}
