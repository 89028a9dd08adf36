package dev.motioncontrol.adapters.freepik.http;

import java.util.Optional;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One Vert.x and one {@link FreepikStubServer} per test class, reset before each test, and clients of it
 * with short timeouts (closed after each test) so that a fault costs milliseconds, not minutes.
 */
abstract class StubbedProviderTest {

    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);
    static final Duration DEADLINE = Duration.ofMillis(1500);
    /** What a test allows beyond a deadline for timers and scheduling. */
    static final Duration MARGIN = Duration.ofMillis(500);

    static Vertx vertx;
    static FreepikStubServer stub;

    private final List<FreepikVideoProvider> clients = new ArrayList<>();

    @BeforeAll
    static void startStub() {
        vertx = Vertx.vertx();
        stub = Await.value(FreepikStubServer.start(vertx));
        warmUp(vertx, stub);
    }

    /**
     * One submit and one read with patient settings, so that the first test of a fresh JVM does not spend its
     * short request timeout loading the classes of the client and of the stub.
     */
    static void warmUp(Vertx vertx, FreepikStubServer stub) {
        try (FreepikVideoProvider patient = new FreepikVideoProvider(vertx, stub.settings())) {
            Await.value(patient.status(Transfers.OWNER, Await.value(patient.submit(Transfers.OWNER, Transfers.aTransfer())).id(), new ModelTier(Model.KLING_2_6, Tier.PRO)));
            Await.value(patient.list(Transfers.OWNER, Model.KLING_2_6, Optional.empty()));
        }
    }

    @AfterAll
    static void stopStub() {
        Await.value(vertx.close());
    }

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(FreepikVideoProvider::close);
    }

    /** Short timeouts, fast backoff, and limits high enough not to matter. */
    static FreepikSettings fastSettings() {
        return stub.settings()
                .withConnectTimeout(CONNECT_TIMEOUT)
                .withRequestTimeout(REQUEST_TIMEOUT)
                .withTotalDeadline(DEADLINE)
                .withRetryBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .withRateLimit(1000, 1000)
                .withMaxConcurrentRequests(10);
    }

    FreepikVideoProvider client() {
        return client(settings -> settings);
    }

    FreepikVideoProvider client(UnaryOperator<FreepikSettings> tuning) {
        FreepikVideoProvider client = new FreepikVideoProvider(vertx, tuning.apply(fastSettings()));
        clients.add(client);
        return client;
    }
}
