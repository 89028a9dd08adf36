package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportErrorsTest extends HttpApiTestBase {

    @Test
    void anUnknownPathIsNotFoundInJson(VertxTestContext test) {
        expect(test, get("/v1/ai/nothing-here", KEY_A), response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "Not found"));
        });
    }

    @Test
    void getOnASubmitPathIsMethodNotAllowedAllowingPost(VertxTestContext test) {
        expect(test, get(PRO, KEY_A), response -> {
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.getHeader("Allow")).isEqualTo("POST");
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(response.bodyAsJsonObject().getString("message")).isNotBlank();
        });
    }

    @Test
    void deleteOnATaskIsMethodNotAllowedAllowingGetAndHead(VertxTestContext test) {
        expect(test, client.request(HttpMethod.DELETE, STATUS_PATH + "/some-task").putHeader(FREEPIK_KEY, KEY_A).send(),
                response -> {
                    assertThat(response.statusCode()).isEqualTo(405);
                    assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD");
                });
    }

    @Test
    void routesAddedAfterTheApiAreStillReached(VertxTestContext test) {
        router.get("/fake-media/*").handler(ctx -> ctx.response().end("media"));
        expect(test, client.get("/fake-media/clip.mp4").send(), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsString()).isEqualTo("media");
        });
    }

    @Test
    void theAllowHeaderCoversRoutesAddedAfterTheApi(VertxTestContext test) {
        router.get("/fake-media/*").handler(ctx -> ctx.response().end("media"));
        expect(test, client.post("/fake-media/clip.mp4").send(),
                response -> assertThat(response.getHeader("Allow")).isEqualTo("GET"));
    }

    @Test
    void aBodyOverTheLimitIsTooLarge(VertxTestContext test) {
        Buffer body = Buffer.buffer(" ".repeat(MotionControlHttpApi.MAX_BODY_BYTES - 2) + "{}" + " ");
        expect(test, submit(PRO, KEY_A, body), response -> {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.bodyAsJsonObject().getString("message")).contains("65536");
        });
    }

    @Test
    void aBodyExactlyAtTheLimitIsRead(VertxTestContext test) {
        String json = validBody();
        Buffer body = Buffer.buffer(" ".repeat(MotionControlHttpApi.MAX_BODY_BYTES - json.length()) + json);
        expect(test, submit(PRO, KEY_A, body),
                response -> assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200));
    }

    @Test
    void aSubmitInAnotherMediaTypeIsUnsupported(VertxTestContext test) {
        expect(test, client.post(PRO).putHeader(FREEPIK_KEY, KEY_A).putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer(validBody())), response -> {
                    assertThat(response.statusCode()).isEqualTo(415);
                    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
                    assertThat(response.bodyAsJsonObject().getString("message")).contains("application/json");
                });
    }

    @Test
    void aSubmitWithoutContentTypeIsUnsupported(VertxTestContext test) {
        expect(test, client.post(PRO).putHeader(FREEPIK_KEY, KEY_A).sendBuffer(Buffer.buffer(validBody())),
                response -> assertThat(response.statusCode()).isEqualTo(415));
    }

    @Test
    void aSubmitInACharsetOtherThanUtf8IsUnsupported(VertxTestContext test) {
        expect(test, client.post(PRO).putHeader(FREEPIK_KEY, KEY_A)
                .putHeader("Content-Type", "application/json; charset=ISO-8859-1")
                .sendBuffer(Buffer.buffer(validBody())),
                response -> assertThat(response.statusCode()).isEqualTo(415));
    }

    @Test
    void aRateLimitedProviderIsTooManyRequestsWithRetryAfter(VertxTestContext test) {
        provider.failWith(new MotionTransferFailure.RateLimited(Optional.of(Duration.ofMillis(2500))));
        expect(test, submit(PRO, KEY_A, validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.getHeader("Retry-After")).isEqualTo("3");
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "Too many requests"));
        });
    }

    @Test
    void aRateLimitWithoutAKnownWaitSaysToRetryAfterASecond(VertxTestContext test) {
        // A list asks the provider only while the caller has an unfinished task.
        createdTask(KEY_A).onComplete(test.succeeding(id -> {
            provider.failWith(new MotionTransferFailure.RateLimited(Optional.empty()));
            expect(test, get(STATUS_PATH, KEY_A), response -> {
                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.getHeader("Retry-After")).isEqualTo("1");
            });
        }));
    }

    @Test
    void anUnavailableProviderIsServiceUnavailable(VertxTestContext test) {
        // A list asks the provider only while the caller has an unfinished task.
        createdTask(KEY_A).onComplete(test.succeeding(id -> {
            provider.failWith(new MotionTransferFailure.ProviderUnavailable("connection refused to 10.0.0.7"));
            expect(test, get(STATUS_PATH, KEY_A), response -> {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.getHeader("Retry-After")).isEqualTo("5");
                assertThat(response.bodyAsJsonObject()).isEqualTo(
                        new JsonObject().put("message", "Service Unavailable. Please try again later."));
            });
        }));
    }

    @Test
    void aRefusalByTheProviderKeepsItsStatusAndWords(VertxTestContext test) {
        provider.failWith(new MotionTransferFailure.ProviderRefused(402, "Not enough credits"));
        expect(test, submit(PRO, KEY_A, validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(402);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "Not enough credits"));
        });
    }

    @Test
    void aSubmissionOfUnknownOutcomeIsABadGatewayThatSaysTheTaskMayExist(VertxTestContext test) {
        provider.failWith(new MotionTransferFailure.SubmissionUncertain(
                "The provider may have created the task; list your tasks before submitting again."));
        expect(test, submit(PRO, KEY_A, validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.bodyAsJsonObject().getString("message")).contains("may have created the task");
        });
    }

    @Test
    void theProvidersRefusalOfTheServicesKeyIsUnauthorizedAndSaysWhose(VertxTestContext test) {
        // A list asks the provider only while the caller has an unfinished task.
        createdTask(KEY_A).onComplete(test.succeeding(id -> {
            provider.failWith(new MotionTransferFailure.Unauthorized("The provider rejected the service's API key"));
            expect(test, get(STATUS_PATH, KEY_A), response -> {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("The provider rejected the service's API key");
            });
        }));
    }

    @Test
    void aBugIsAnInternalServerErrorThatTellsNothing(VertxTestContext test) {
        provider.failWith(new IllegalStateException("stack detail that must stay inside"));
        expect(test, submit(PRO, KEY_A, validBody()), response -> {
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "Internal Server Error"));
        });
    }
}
