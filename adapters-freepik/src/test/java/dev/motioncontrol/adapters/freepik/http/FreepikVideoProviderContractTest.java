package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.VideoProviderContract;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The provider contract, kept by the Freepik client talking to the stub over real HTTP. */
class FreepikVideoProviderContractTest extends VideoProviderContract {

    private static Vertx vertx;
    private static FreepikStubServer stub;

    private FreepikVideoProvider client;

    @BeforeAll
    static void startStub() {
        vertx = Vertx.vertx();
        stub = Await.value(FreepikStubServer.start(vertx));
    }

    @AfterAll
    static void stopStub() {
        Await.value(vertx.close());
    }

    @Override
    protected VideoProvider newProvider() {
        stub.reset();
        client = new FreepikVideoProvider(vertx, stub.settings().withTotalDeadline(Duration.ofSeconds(5)));
        return client;
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    /** One upstream key: isolation is the application's job. */
    @Override
    protected boolean isolatesOwners() {
        return false;
    }

    @Override
    protected void letSubmittedTasksComplete() {
        stub.completeAll();
    }
}
