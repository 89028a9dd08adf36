package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.Outcome;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.ProviderWebhook;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProviderCallbackTest extends ExtendedApiTestBase {

    private static final String CALLBACK = MotionControlHttpApi.PROVIDER_CALLBACK_PATH;
    private static final TaskId TASK = new TaskId("0b4c8b6e-3f6c-4a43-9d7e-1c2f0a9e5d11");
    private static final String COMPLETED = "{\"task_id\":\"" + TASK + "\",\"status\":\"COMPLETED\","
            + "\"generated\":[\"https://cdn.example.com/out.mp4\"]}";

    @Test
    void theCallbackPathIsTheDocumentedOne() {
        assertThat(CALLBACK).isEqualTo("/v1/callbacks/freepik");
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = "REJECTED", mode = EnumSource.Mode.EXCLUDE)
    void everyOutcomeButARejectionIsOkSoThatTheProviderStopsRetrying(Outcome given, VertxTestContext test) {
        outcome = given;
        expect(test, post(Buffer.buffer(COMPLETED)), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(response.bodyAsJsonObject().fieldNames()).containsExactly("message");
            assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo(messageFor(given));
        });
    }

    @Test
    void aRejectedWebhookIsUnauthorized(VertxTestContext test) {
        outcome = Outcome.REJECTED;
        expect(test, post(Buffer.buffer(COMPLETED)), response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.bodyAsJsonObject())
                    .isEqualTo(new JsonObject().put("message", "Invalid webhook signature"));
        });
    }

    @Test
    void theUseCaseGetsTheExactBytesTheHeadersInAnyCaseAndTheReportedTask(VertxTestContext test) {
        // Spacing and field order a re-encoding would change; the signature covers these exact bytes.
        byte[] raw = ("{ \"generated\" : [\"https://cdn.example.com/out.mp4\"],\n \"status\":\"COMPLETED\", "
                + "\"task_id\":\"" + TASK + "\", \"note\":\"é\" }").getBytes(StandardCharsets.UTF_8);
        expect(test, client.post(CALLBACK)
                .putHeader("Content-Type", "application/json")
                .putHeader("Webhook-Id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")
                .putHeader("WEBHOOK-TIMESTAMP", "1735689600")
                .putHeader("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=")
                .sendBuffer(Buffer.buffer(raw)), response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    ProviderWebhook webhook = onlyReceived();
                    assertThat(webhook.rawBody()).isEqualTo(raw);
                    Map<String, String> headers = webhook.headers();
                    assertThat(headers.get("webhook-id")).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
                    assertThat(headers.get("Webhook-Timestamp")).isEqualTo("1735689600");
                    assertThat(headers.get("WEBHOOK-SIGNATURE"))
                            .isEqualTo("v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=");
                    assertThat(webhook.reported()).contains(new Task(TASK, TaskStatus.COMPLETED,
                            List.of(URI.create("https://cdn.example.com/out.mp4"))));
                });
    }

    @Test
    void aTaskWrappedInDataIsReadToo(VertxTestContext test) {
        expect(test, post(Buffer.buffer("{\"data\":{\"task_id\":\"" + TASK + "\",\"status\":\"IN_PROGRESS\"}}")),
                response -> assertThat(onlyReceived().reported())
                        .contains(new Task(TASK, TaskStatus.IN_PROGRESS, List.of())));
    }

    @Test
    void anUnparseableBodyStillReachesTheUseCaseWithNoTask(VertxTestContext test) {
        outcome = Outcome.MALFORMED;
        byte[] raw = "{\"task_id\": oops".getBytes(StandardCharsets.UTF_8);
        expect(test, post(Buffer.buffer(raw)), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            ProviderWebhook webhook = onlyReceived();
            assertThat(webhook.rawBody()).isEqualTo(raw);
            assertThat(webhook.reported()).isEmpty();
        });
    }

    @Test
    void aBodyThatIsJsonButNoTaskReachesTheUseCaseWithNoTask(VertxTestContext test) {
        expect(test, post(Buffer.buffer("{\"task_id\":\"has spaces\",\"status\":\"COMPLETED\"}")),
                response -> assertThat(onlyReceived().reported()).isEqualTo(Optional.empty()));
    }

    @Test
    void anEmptyBodyReachesTheUseCaseAsNoBytes(VertxTestContext test) {
        expect(test, client.post(CALLBACK).send(), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(onlyReceived().rawBody()).isEmpty();
            assertThat(onlyReceived().reported()).isEmpty();
        });
    }

    @Test
    void aBodyOverTheLimitIsTooLargeAndNeverReachesTheUseCase(VertxTestContext test) {
        byte[] tooLarge = new byte[MotionControlHttpApi.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(tooLarge, (byte) ' ');
        expect(test, post(Buffer.buffer(tooLarge)), response -> {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(received).isEmpty();
        });
    }

    @Test
    void aBodyAtTheLimitIsRead(VertxTestContext test) {
        byte[] atLimit = new byte[MotionControlHttpApi.MAX_BODY_BYTES];
        java.util.Arrays.fill(atLimit, (byte) ' ');
        expect(test, post(Buffer.buffer(atLimit)), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(onlyReceived().rawBody()).hasSize(MotionControlHttpApi.MAX_BODY_BYTES);
        });
    }

    @Test
    void aFailingUseCaseIsServiceUnavailableSoThatTheProviderRetriesNeverAServerError(VertxTestContext test) {
        receiveFailure = new IllegalStateException("a bug in the receiver");
        expect(test, post(Buffer.buffer(COMPLETED)), response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.bodyAsJsonObject().getString("message"))
                    .isEqualTo("Service Unavailable. Please try again later.");
        });
    }

    /** Sent without any API key, as the provider sends it. */
    private Future<HttpResponse<Buffer>> post(Buffer body) {
        return client.post(CALLBACK).putHeader("Content-Type", "application/json").sendBuffer(body);
    }

    private ProviderWebhook onlyReceived() {
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    private static String messageFor(Outcome outcome) {
        switch (outcome) {
            case ACCEPTED:
                return "Webhook accepted";
            case DUPLICATE:
                return "Webhook already received; ignored";
            case UNKNOWN_TASK:
                return "Webhook about no task of this service; ignored";
            case MALFORMED:
                return "Webhook body is not a task; ignored";
            default:
                throw new AssertionError(outcome);
        }
    }

    private static void expect(VertxTestContext test, Future<HttpResponse<Buffer>> response,
            java.util.function.Consumer<HttpResponse<Buffer>> check) {
        HttpApiTestBase.expect(test, response, check);
    }
}
