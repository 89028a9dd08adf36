package dev.motioncontrol.adapters.freepik.http;

import java.util.Optional;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static dev.motioncontrol.adapters.freepik.http.Transfers.OWNER;
import static dev.motioncontrol.adapters.freepik.http.Transfers.aTransfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives every kind of failure with a recognisable upstream key and looks for it everywhere the client
 * produces text: failure messages and stack traces, toString()s, and every log record (at every level).
 */
class UpstreamKeyStaysSecretTest {

    private static final String SECRET = "upstream-secret-key-XYZ";

    private static Vertx vertx;
    private static FreepikStubServer stub;

    @BeforeAll
    static void startStub() {
        vertx = Vertx.vertx();
        stub = Await.value(FreepikStubServer.start(vertx, FreepikSettings.FREEPIK_API_KEY_HEADER, SECRET));
        StubbedProviderTest.warmUp(vertx, stub);
    }

    @AfterAll
    static void stopStub() {
        Await.value(vertx.close());
    }

    @Test
    void theKeyAppearsInNoFailureToStringOrLogLine() {
        List<String> texts = new ArrayList<>();
        FreepikSettings settings = stub.settings()
                .withConnectTimeout(Duration.ofMillis(300))
                .withRequestTimeout(Duration.ofMillis(200))
                .withTotalDeadline(Duration.ofMillis(800))
                .withRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
        try (LogCapture log = new LogCapture();
                FreepikVideoProvider client = new FreepikVideoProvider(vertx, settings);
                FreepikVideoProvider wrongKey = new FreepikVideoProvider(vertx, settings.withApiKey("other-" + SECRET));
                FreepikVideoProvider nowhere = new FreepikVideoProvider(vertx,
                        settings.withBaseUrl(URI.create("http://127.0.0.1:1")))) {
            TaskId task = Await.value(client.submit(OWNER, aTransfer())).id();
            stub.onNextSubmit(Fault.serverError());
            texts.addAll(describe(Await.failure(client.submit(OWNER, aTransfer()))));
            stub.onNextSubmit(Fault.delay(Duration.ofSeconds(2)));
            texts.addAll(describe(Await.failure(client.submit(OWNER, aTransfer()))));
            stub.onNextSubmit(Fault.reset());
            texts.addAll(describe(Await.failure(client.submit(OWNER, aTransfer()))));
            stub.onNextSubmit(Fault.badRequest("image_url", "bad"));
            texts.addAll(describe(Await.failure(client.submit(OWNER, aTransfer()))));
            stub.onNextStatus(Fault.malformedJson());
            texts.addAll(describe(Await.failure(client.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)))));
            stub.always(Route.LIST, Fault.serverError());
            texts.addAll(describe(Await.failure(client.list(OWNER, Model.KLING_2_6, Optional.empty()))));
            stub.onNextStatus(Fault.rateLimited("60"));
            texts.addAll(describe(Await.failure(client.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)))));
            texts.addAll(describe(Await.failure(wrongKey.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)))));
            texts.addAll(describe(Await.failure(nowhere.submit(OWNER, aTransfer()))));
            texts.addAll(describe(Await.failure(nowhere.list(OWNER, Model.KLING_2_6, Optional.empty()))));
            texts.add(settings.toString());
            texts.add(client.toString());
            texts.addAll(log.lines());
        }

        assertThat(stub.requests()).anySatisfy(r -> assertThat(r.header("x-freepik-api-key")).contains(SECRET));
        assertThat(texts).hasSizeGreaterThan(20).noneSatisfy(text -> assertThat(text).contains(SECRET));
    }

    @Test
    void invalidSettingsNeverQuoteTheKey() {
        assertThatThrownBy(() -> FreepikSettings.freepik(SECRET + " with a space"))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> FreepikSettings.freepik(SECRET).withBaseUrl(URI.create("ftp://" + SECRET + "@x")))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(SECRET);
    }

    private static List<String> describe(Throwable failure) {
        assertThat(failure).isInstanceOf(MotionTransferFailure.class);
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        List<String> texts = new ArrayList<>(List.of(String.valueOf(failure.getMessage()), failure.toString(),
                trace.toString()));
        if (failure instanceof MotionTransferFailure.InvalidRequest invalid) {
            texts.add(invalid.violations().toString());
        }
        return texts;
    }
}
