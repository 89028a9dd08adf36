package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static dev.motioncontrol.adapters.freepik.http.Transfers.OWNER;
import static dev.motioncontrol.adapters.freepik.http.Transfers.aTransfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.RecordedRequest;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.InvalidRequest;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import dev.motioncontrol.application.MotionTransferFailure.SubmissionUncertain;
import dev.motioncontrol.application.MotionTransferFailure.Unauthorized;
import dev.motioncontrol.application.MotionTransferFailure.UnknownTask;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Violation;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The error policy of {@link FreepikVideoProvider}, one line at a time, against the stub's faults. */
class FreepikVideoProviderFaultsTest extends StubbedProviderTest {

    /** A task at the stub; the submit is recorded, the status reads of the test are counted apart. */
    private TaskId aSubmittedTask() {
        return Await.value(client().submit(OWNER, aTransfer())).id();
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static long arrivalGapMillis(List<RecordedRequest> requests) {
        return (requests.get(requests.size() - 1).arrivedAtNanos() - requests.get(0).arrivedAtNanos()) / 1_000_000;
    }

    @Nested
    class Reads {

        @Test
        void statusSucceedsAfterA500() {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.serverError());

            Task status = Await.value(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(status.id()).isEqualTo(task);
            assertThat(stub.statusCount()).isEqualTo(2);
        }

        @Test
        void listSucceedsAfterA502And504() {
            TaskId task = aSubmittedTask();
            stub.onNextList(Fault.badGateway(), Fault.gatewayTimeout());

            List<Task> tasks = Await.value(client().list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(tasks).extracting(Task::id).containsExactly(task);
            assertThat(stub.requests(Route.LIST)).hasSize(3);
        }

        @Test
        void statusFailsProviderUnavailableWithinTheDeadlineWhenThe500sGoOn() {
            TaskId task = aSubmittedTask();
            stub.always(Route.STATUS, Fault.serverError());
            long start = System.nanoTime();

            Throwable failure = Await.failure(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("500");
            assertThat(elapsedSince(start)).isLessThan(DEADLINE.plus(MARGIN));
            assertThat(stub.statusCount()).isGreaterThan(2);
        }

        @Test
        void statusIsRetriedAfterTheRetryAfterOfA429() {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.rateLimited("1"));

            Task status = Await.value(client(s -> s.withTotalDeadline(Duration.ofSeconds(3))).status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(status.id()).isEqualTo(task);
            List<RecordedRequest> reads = stub.requests(Route.STATUS);
            assertThat(reads).hasSize(2);
            assertThat(arrivalGapMillis(reads)).isGreaterThanOrEqualTo(950);
        }

        @Test
        void statusFailsRateLimitedAtOnceWhenRetryAfterExceedsTheDeadline() {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.rateLimited("30"));
            long start = System.nanoTime();

            Throwable failure = Await.failure(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOfSatisfying(RateLimited.class,
                    limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30)));
            assertThat(elapsedSince(start)).isLessThan(DEADLINE);
            assertThat(stub.statusCount()).isEqualTo(1);
        }

        @Test
        void statusThatIsRateLimitedWithoutRetryAfterIsRetriedWithBackoff() {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.rateLimited(null), Fault.rateLimited(null));

            Await.value(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(stub.statusCount()).isEqualTo(3);
        }

        @Test
        void statusIsRetriedAfterAnAnswerSlowerThanTheRequestTimeout() {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.delay(Duration.ofSeconds(3)));

            Task status = Await.value(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(status.id()).isEqualTo(task);
            assertThat(stub.statusCount()).isEqualTo(2);
        }

        @Test
        void statusThatIsAlwaysTooSlowFailsProviderUnavailableWithinTheDeadline() {
            TaskId task = aSubmittedTask();
            stub.always(Route.STATUS, Fault.delay(Duration.ofSeconds(5)));
            long start = System.nanoTime();

            Throwable failure = Await.failure(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class);
            assertThat(elapsedSince(start)).isLessThan(DEADLINE.plus(MARGIN));
        }

        @Test
        void aRequestTimeoutLongerThanTheDeadlineStillEndsAtTheDeadline() {
            TaskId task = aSubmittedTask();
            stub.always(Route.STATUS, Fault.delay(Duration.ofSeconds(5)));
            long start = System.nanoTime();

            Throwable failure = Await.failure(client(s -> s.withRequestTimeout(Duration.ofSeconds(30))
                    .withTotalDeadline(Duration.ofMillis(700))).status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class);
            assertThat(elapsedSince(start)).isLessThan(Duration.ofMillis(700).plus(MARGIN));
        }

        @Test
        void statusIsRetriedAfterAResetConnection() {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.reset());

            Task status = Await.value(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(status.id()).isEqualTo(task);
            assertThat(stub.statusCount()).isEqualTo(2);
        }

        @Test
        void malformedJsonIsProviderUnavailableSayingSo() {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.malformedJson());

            Throwable failure = Await.failure(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("not a JSON object");
            assertThat(stub.statusCount()).isEqualTo(1);
        }

        @ParameterizedTest
        @MethodSource("dev.motioncontrol.adapters.freepik.http.FreepikVideoProviderFaultsTest#unexpectedShapes")
        void anAnswerOfAnUnexpectedShapeIsProviderUnavailableNamingWhatWasWrong(String body, String what) {
            TaskId task = aSubmittedTask();
            stub.onNextStatus(Fault.unexpectedShape(body));

            Throwable failure = Await.failure(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining(what);
        }

        @Test
        void aListEntryOfAnUnexpectedShapeIsProviderUnavailable() {
            stub.onNextList(Fault.unexpectedShape("{\"data\":[{\"task_id\":\"abc\",\"status\":\"CREATED\"},\"x\"]}"));

            Throwable failure = Await.failure(client().list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("data[1] is not an object");
        }

        @Test
        void anUndocumentedStatusIsKeptVisibleNotAFailure() {
            TaskId task = aSubmittedTask();
            stub.setStatus(task.value(), "CANCELLED");

            Task status = Await.value(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(status.status()).isEqualTo(TaskStatus.of("CANCELLED"));
            assertThat(status.status().isKnown()).isFalse();
        }

        @Test
        void a404IsAnUnknownTask() {
            TaskId neverIssued = new TaskId("00000000-0000-4000-8000-000000000000");

            Throwable failure = Await.failure(client().status(OWNER, neverIssued, new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOfSatisfying(UnknownTask.class,
                    unknown -> assertThat(unknown.taskId()).isEqualTo(neverIssued));
            assertThat(stub.statusCount()).isEqualTo(1);
        }

        @Test
        void a404OnTheListIsProviderUnavailable() {
            stub.onNextList(Fault.notFound());

            Throwable failure = Await.failure(client().list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("404");
        }

        @Test
        void a3xxOnAReadIsProviderUnavailableAndNotFollowed() {
            stub.onNextList(Fault.respond(302, "{}"));

            Throwable failure = Await.failure(client().list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("302");
            assertThat(stub.requests()).hasSize(1);
        }
    }

    @Nested
    class Rejections {

        @Test
        void a400WithTopLevelInvalidParamsIsAnInvalidRequestWithTheProvidersReasons() {
            stub.onNextSubmit(Fault.badRequest("image_url", "Image must be at least 300x300"));

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOfSatisfying(InvalidRequest.class, invalid -> assertThat(invalid.violations())
                    .containsExactly(new Violation("image_url", "Image must be at least 300x300")));
            assertThat(stub.submitCount()).isEqualTo(1);
        }

        @Test
        void a400InTheProblemShapeIsAnInvalidRequestWithTheProvidersReasons() {
            stub.onNextSubmit(Fault.badRequestInProblemShape("video_url", "Video must be 3 to 30 s long"));

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOfSatisfying(InvalidRequest.class, invalid -> assertThat(invalid.violations())
                    .containsExactly(new Violation("video_url", "Video must be 3 to 30 s long")));
        }

        @Test
        void a400WithSeveralInvalidParamsKeepsEveryOne() {
            stub.onNextSubmit(Fault.respond(400, "{\"message\":\"Your request parameters didn't validate.\","
                    + "\"invalid_params\":[{\"name\":\"image_url\",\"reason\":\"a\"},{\"name\":\"cfg_scale\",\"reason\":\"b\"}]}"));

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOfSatisfying(InvalidRequest.class, invalid -> assertThat(invalid.violations())
                    .containsExactly(new Violation("image_url", "a"), new Violation("cfg_scale", "b")));
        }

        @Test
        void a400WithoutInvalidParamsIsOneViolationOfTheRequestWithTheMessage() {
            stub.onNextSubmit(Fault.respond(400, "{\"message\":\"Prompt contains forbidden words\"}"));

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOfSatisfying(InvalidRequest.class, invalid -> assertThat(invalid.violations())
                    .containsExactly(new Violation("request", "Prompt contains forbidden words")));
        }

        @Test
        void a401IsUnauthorizedAndNotRetried() {
            FreepikVideoProvider wrongKey = client(s -> s.withApiKey("not-the-stubs-key"));

            Throwable failure = Await.failure(wrongKey.status(OWNER, new TaskId("abc"), new ModelTier(Model.KLING_2_6, Tier.PRO)));

            assertThat(failure).isInstanceOf(Unauthorized.class)
                    .hasMessageContaining("The provider rejected the service's API key");
            assertThat(stub.requests()).hasSize(1);
        }

        @Test
        void a401OnSubmitIsUnauthorizedAndNotRetried() {
            stub.onNextSubmit(Fault.unauthorized());

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOf(Unauthorized.class);
            assertThat(stub.submitCount()).isEqualTo(1);
        }

        @Test
        void a403IsUnauthorizedAndNotRetried() {
            stub.onNextList(Fault.forbidden());

            Throwable failure = Await.failure(client().list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(failure).isInstanceOf(Unauthorized.class);
            assertThat(stub.requests()).hasSize(1);
        }

        @Test
        void a402OnSubmitIsARefusalWithTheProvidersStatusAndWordsNotRetried() {
            stub.onNextSubmit(Fault.respond(402, "{\"message\":\"Not enough credits\"}"));

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.ProviderRefused.class,
                    refused -> assertThat(refused.status()).isEqualTo(402)).hasMessage("Not enough credits");
            assertThat(stub.submitCount()).isEqualTo(1);
        }
    }

    @Nested
    class Submits {

        @ParameterizedTest
        @MethodSource("dev.motioncontrol.adapters.freepik.http.FreepikVideoProviderFaultsTest#serverErrorsButUnavailable")
        void aServerErrorOtherThan503IsUncertainAndNeverRetried(Fault fault) {
            stub.onNextSubmit(fault);

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOf(SubmissionUncertain.class)
                    .hasMessageContaining("may have created a task").hasMessageContaining("List the tasks");
            assertThat(stub.submitCount()).isEqualTo(1);
        }

        @Test
        void aSubmitWhoseAnswerIsTooSlowIsUncertainAndSentOnce() {
            stub.onNextSubmit(Fault.delay(Duration.ofSeconds(2)));

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOf(SubmissionUncertain.class).hasMessageContaining("timeout");
            assertThat(stub.submitCount()).isEqualTo(1);
            assertThat(stub.taskIds()).as("the provider did create the task").hasSize(1);
        }

        @Test
        void aSubmitStillInFlightAtTheDeadlineIsUncertain() {
            stub.onNextSubmit(Fault.delay(Duration.ofSeconds(3)));
            long start = System.nanoTime();

            Throwable failure = Await.failure(client(s -> s.withRequestTimeout(Duration.ofSeconds(30))
                    .withTotalDeadline(Duration.ofMillis(600))).submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOf(SubmissionUncertain.class);
            assertThat(elapsedSince(start)).isLessThan(Duration.ofMillis(600).plus(MARGIN));
            assertThat(stub.submitCount()).isEqualTo(1);
        }

        @Test
        void aSubmitWhoseConnectionIsResetAfterTheRequestWasReadIsUncertainAndSentOnce() {
            stub.onNextSubmit(Fault.reset());

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOf(SubmissionUncertain.class);
            assertThat(stub.submitCount()).isEqualTo(1);
        }

        @Test
        void anUnreadable2xxAnswerToASubmitIsUncertain() {
            stub.onNextSubmit(Fault.malformedJson());

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOf(SubmissionUncertain.class).hasMessageContaining("not a JSON object");
            assertThat(stub.submitCount()).isEqualTo(1);
        }

        @Test
        void aSubmitAnswered429IsRetriedAndCreatesOneTask() {
            stub.onNextSubmit(Fault.rateLimited(null));

            Task task = Await.value(client().submit(OWNER, aTransfer()));

            assertThat(stub.submitCount()).isEqualTo(2);
            assertThat(stub.taskIds()).containsExactly(task.id().value());
        }

        @Test
        void aSubmitAnswered503IsRetriedAndCreatesOneTask() {
            stub.onNextSubmit(Fault.unavailable());

            Task task = Await.value(client().submit(OWNER, aTransfer()));

            assertThat(stub.submitCount()).isEqualTo(2);
            assertThat(stub.taskIds()).containsExactly(task.id().value());
        }

        @Test
        void aSubmitAnswered503UntilTheDeadlineIsProviderUnavailableWithNoTask() {
            stub.always(Route.SUBMIT, Fault.unavailable());

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("503");
            assertThat(stub.taskIds()).isEmpty();
        }

        @Test
        void aSubmitIsRetriedOnlyWhileItsWholeRequestTimeoutFitsBeforeTheDeadline() {
            stub.always(Route.SUBMIT, Fault.unavailable());

            Throwable failure = Await.failure(client(s -> s.withRequestTimeout(Duration.ofMillis(1000))
                    .withTotalDeadline(Duration.ofMillis(1500))).submit(OWNER, aTransfer()));

            // A retry sent with less than its request timeout left could be cut into an uncertain submit.
            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("503");
            List<RecordedRequest> submits = stub.requests(Route.SUBMIT);
            assertThat(submits).hasSizeGreaterThan(1);
            assertThat(arrivalGapMillis(submits)).isLessThanOrEqualTo(500 + 150);
        }

        @Test
        void aSubmitRateLimitedBeyondTheDeadlineIsRateLimitedAndSentOnce() {
            stub.onNextSubmit(Fault.rateLimited("120"));

            Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

            assertThat(failure).isInstanceOfSatisfying(RateLimited.class,
                    limited -> assertThat(limited.retryAfter()).contains(Duration.ofMinutes(2)));
            assertThat(stub.submitCount()).isEqualTo(1);
        }

        @Test
        void aRefusedConnectionIsRetriedThenProviderUnavailable() throws Exception {
            int closedPort = aClosedPort();
            long start = System.nanoTime();
            Throwable failure;
            List<String> log;
            try (LogCapture capture = new LogCapture()) {
                failure = Await.failure(client(s -> s.withBaseUrl(URI.create("http://127.0.0.1:" + closedPort)))
                        .submit(OWNER, aTransfer()));
                log = capture.lines();
            }

            assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("Could not connect");
            assertThat(log).anySatisfy(line -> assertThat(line).contains("Retrying POST"));
            assertThat(elapsedSince(start)).isLessThan(DEADLINE.plus(MARGIN));
            assertThat(stub.submitCount()).isZero();
        }

        @Test
        void aSubmitPostsTheTransferToItsTiersPathWithTheUpstreamKeyAndNotTheCallers() {
            Await.value(client().submit(OWNER, aTransfer(dev.motioncontrol.domain.Tier.STANDARD)));

            RecordedRequest submit = stub.requests(Route.SUBMIT).get(0);
            assertThat(submit.path()).isEqualTo("/v1/ai/video/kling-v2-6-motion-control-std");
            assertThat(submit.header("x-freepik-api-key")).contains(stub.apiKey());
            assertThat(submit.headers().toString() + submit.body()).doesNotContain(OWNER.value());
            assertThat(new io.vertx.core.json.JsonObject(submit.body()).getMap()).containsOnly(
                    org.assertj.core.api.Assertions.entry("image_url", "https://cdn.example.com/character.png"),
                    org.assertj.core.api.Assertions.entry("video_url", "https://cdn.example.com/dance.mp4"),
                    org.assertj.core.api.Assertions.entry("prompt", "a character dancing"),
                    org.assertj.core.api.Assertions.entry("character_orientation", "video"),
                    org.assertj.core.api.Assertions.entry("cfg_scale", 0.5));
        }

        private int aClosedPort() {
            HttpServer server = Await.value(vertx.createHttpServer().requestHandler(r -> r.response().end())
                    .listen(0, "127.0.0.1"));
            int port = server.actualPort();
            Await.value(server.close());
            return port;
        }
    }

    static Stream<Arguments> unexpectedShapes() {
        String id = "\"task_id\":\"0b9a5a5e-0000-4000-8000-000000000001\"";
        return Stream.of(
                Arguments.of("{\"result\":\"ok\"}", "no \"data\" object"),
                Arguments.of("[1,2,3]", "not a JSON object"),
                Arguments.of("{\"data\":[]}", "no \"data\" object"),
                Arguments.of("{\"data\":{\"status\":\"CREATED\"}}", "task_id is missing"),
                Arguments.of("{\"data\":{\"task_id\":42,\"status\":\"CREATED\"}}", "data.task_id is not a string"),
                Arguments.of("{\"data\":{\"task_id\":\"not/an id\",\"status\":\"CREATED\"}}", "not a valid task id"),
                Arguments.of("{\"data\":{" + id + "}}", "status is missing"),
                Arguments.of("{\"data\":{" + id + ",\"status\":\"COMPLETED\",\"generated\":\"x\"}}",
                        "generated is not an array"),
                Arguments.of("{\"data\":{" + id + ",\"status\":\"COMPLETED\",\"generated\":[7]}}",
                        "generated[0] is not a string"),
                Arguments.of("{\"data\":{" + id + ",\"status\":\"COMPLETED\",\"generated\":[\"not a url\"]}}",
                        "generated[0] is not a valid URL"),
                Arguments.of("", "no body"));
    }

    static Stream<Fault> serverErrorsButUnavailable() {
        return Stream.of(Fault.serverError(), Fault.badGateway(), Fault.gatewayTimeout(),
                Fault.respond(501, "{\"message\":\"Not Implemented\"}"));
    }

    @Nested
    class Limits {

        @Test
        void theRateLimitSpacesRequestsAtTheProvider() {
            FreepikVideoProvider limited = client(s -> s.withRateLimit(5, 1).withTotalDeadline(Duration.ofSeconds(5)));

            List<CompletionStage<List<Task>>> calls = IntStream.range(0, 10).mapToObj(i -> limited.list(OWNER, Model.KLING_2_6, Optional.empty())).toList();
            calls.forEach(Await::value);

            List<RecordedRequest> arrivals = stub.requests(Route.LIST);
            assertThat(arrivals).hasSize(10);
            assertThat(arrivalGapMillis(arrivals)).isGreaterThanOrEqualTo(1750);
        }

        @Test
        void aBurstGoesOutAtOnce() {
            FreepikVideoProvider limited = client(s -> s.withRateLimit(1, 5));

            List<CompletionStage<List<Task>>> calls = IntStream.range(0, 5).mapToObj(i -> limited.list(OWNER, Model.KLING_2_6, Optional.empty())).toList();
            calls.forEach(Await::value);

            assertThat(arrivalGapMillis(stub.requests(Route.LIST))).isLessThan(500);
        }

        @Test
        void withOneConcurrentRequestTheProviderNeverSeesTwoAtOnce() {
            stub.always(Route.LIST, Fault.delay(Duration.ofMillis(100)));
            FreepikVideoProvider oneAtATime = client(s -> s.withMaxConcurrentRequests(1));

            List<CompletionStage<List<Task>>> calls = IntStream.range(0, 5).mapToObj(i -> oneAtATime.list(OWNER, Model.KLING_2_6, Optional.empty())).toList();
            calls.forEach(Await::value);

            assertThat(stub.requests(Route.LIST)).hasSize(5);
            assertThat(stub.maxInFlight()).isEqualTo(1);
        }

        @Test
        void withThreeConcurrentRequestsTheProviderSeesThreeAtOnceAtMost() {
            stub.always(Route.LIST, Fault.delay(Duration.ofMillis(150)));
            FreepikVideoProvider three = client(s -> s.withMaxConcurrentRequests(3));

            List<CompletionStage<List<Task>>> calls = IntStream.range(0, 7).mapToObj(i -> three.list(OWNER, Model.KLING_2_6, Optional.empty())).toList();
            calls.forEach(Await::value);

            assertThat(stub.maxInFlight()).isEqualTo(3);
        }

        @Test
        void aFullWaitQueueFailsRateLimitedAtOnce() {
            stub.always(Route.LIST, Fault.delay(Duration.ofMillis(150)));
            FreepikVideoProvider noQueue = client(s -> s.withMaxConcurrentRequests(1).withMaxWaitingRequests(0));

            CompletionStage<List<Task>> first = noQueue.list(OWNER, Model.KLING_2_6, Optional.empty());
            long start = System.nanoTime();
            Throwable second = Await.failure(noQueue.list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(second).isInstanceOf(RateLimited.class);
            assertThat(elapsedSince(start)).isLessThan(Duration.ofMillis(200));
            Await.value(first);
            assertThat(stub.requests(Route.LIST)).hasSize(1);
        }

        @Test
        void aCallThatCannotStartBeforeItsDeadlineFailsRateLimited() {
            FreepikVideoProvider slowRate = client(s -> s.withRateLimit(0.5, 1).withTotalDeadline(Duration.ofMillis(500)));

            Await.value(slowRate.list(OWNER, Model.KLING_2_6, Optional.empty()));
            long start = System.nanoTime();
            Throwable second = Await.failure(slowRate.list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(second).isInstanceOf(RateLimited.class);
            assertThat(elapsedSince(start)).isLessThan(Duration.ofMillis(500).plus(MARGIN));
            assertThat(stub.requests(Route.LIST)).hasSize(1);
        }

        @Test
        void aClosedClientFailsProviderUnavailable() {
            FreepikVideoProvider closed = client();
            closed.close();

            Throwable failure = Await.failure(closed.list(OWNER, Model.KLING_2_6, Optional.empty()));

            assertThat(failure).isInstanceOf(ProviderUnavailable.class);
        }
    }

    @Nested
    class RetryAfterHeader {

        @Test
        void readsSeconds() {
            assertThat(RetryAfter.parse("7")).contains(Duration.ofSeconds(7));
        }

        @Test
        void readsAnHttpDate() {
            String inTenSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(10));

            Optional<Duration> retryAfter = RetryAfter.parse(inTenSeconds);

            assertThat(retryAfter).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
        }

        @Test
        void aDateInThePastIsNow() {
            assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        }

        @Test
        void ignoresWhatItCannotRead() {
            assertThat(RetryAfter.parse("soon")).isEmpty();
            assertThat(RetryAfter.parse("-3")).isEmpty();
            assertThat(RetryAfter.parse(null)).isEmpty();
        }
    }
}
