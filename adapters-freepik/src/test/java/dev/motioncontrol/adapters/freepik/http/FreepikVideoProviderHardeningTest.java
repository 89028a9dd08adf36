package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.FreepikPaths;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.freepik.api.WireMapper;
import static dev.motioncontrol.adapters.freepik.http.Transfers.OWNER;
import static dev.motioncontrol.adapters.freepik.http.Transfers.aTransfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Route;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import dev.motioncontrol.application.MotionTransferFailure.SubmissionUncertain;
import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.CharacterImage;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.ReferenceVideo;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * What the reviewer found in the client, each as the behaviour that must hold: races between an answer and
 * the deadline, answers that trickle or are too large, overflowing headers, and provider text that could
 * leak part of the key or forge a log line.
 */
class FreepikVideoProviderHardeningTest extends StubbedProviderTest {

    /** Two verticles' contexts on different event-loop threads, so that two calls of one client really race. */
    private static Context[] twoEventLoops() {
        Context first = aVerticlesContext();
        Context second;
        do {
            second = aVerticlesContext();
        } while (threadOf(second) == threadOf(first));
        return new Context[] {first, second};
    }

    private static Context aVerticlesContext() {
        Context[] deployedOn = new Context[1];
        Await.value(vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                deployedOn[0] = context;
                return Future.succeededFuture();
            }
        }));
        return deployedOn[0];
    }

    private static Thread threadOf(Context context) {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        context.runOnContext(v -> thread.complete(Thread.currentThread()));
        return Await.value(thread);
    }

    private static MotionTransfer aTransferPrompted(String prompt) {
        return new MotionTransfer(
                new CharacterImage(HttpUrl.of("https://cdn.example.com/character.png")),
                new ReferenceVideo(HttpUrl.of("https://cdn.example.com/dance.mp4")),
                Optional.of(new Prompt(prompt)),
                CharacterOrientation.VIDEO,
                CfgScale.DEFAULT,
                Optional.empty(),
                new ModelTier(Model.KLING_2_6, Tier.PRO));
    }

    /** The value or the failure of {@code stage}, once it completes. */
    private static <T> Object outcome(CompletionStage<T> stage) {
        try {
            return Await.value(stage);
        } catch (AssertionError failed) {
            return Await.failure(stage);
        }
    }

    private static <T> CompletionStage<T> on(Context context, java.util.function.Supplier<CompletionStage<T>> call) {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> call.get().whenComplete((value, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(value);
            }
        }));
        return done;
    }

    /** Waits {@code millis} on a Vert.x timer, for what must not happen in that time. */
    private static void quietFor(long millis) {
        Promise<Void> waited = Promise.promise();
        vertx.setTimer(millis, id -> waited.complete());
        Await.value(waited.future());
    }

    /** A 2xx answer to a submit that takes a while to parse (some hundreds of kB). */
    private static String aLargeSubmitAnswer() {
        StringBuilder body = new StringBuilder(
                "{\"data\":{\"task_id\":\"0b9a5a5e-0000-4000-8000-000000000001\",\"status\":\"CREATED\"},\"pad\":[");
        for (int i = 0; i < 30_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"k\":").append(i).append('}');
        }
        return body.append("]}").toString();
    }

    /**
     * Runs rounds of two calls on two event loops through a client with one slot: a list that holds the slot,
     * then a submit that gets it when the list ends; returns each round's submit outcome.
     */
    private List<Object> raceRounds(int rounds, Duration deadline) {
        List<CompletionStage<Task>> submits = new ArrayList<>();
        List<CompletionStage<List<Task>>> lists = new ArrayList<>();
        Context[] loops = twoEventLoops();
        for (int round = 0; round < rounds; round++) {
            FreepikVideoProvider oneSlot = client(s -> s.withMaxConcurrentRequests(1)
                    .withRequestTimeout(Duration.ofSeconds(10)).withTotalDeadline(deadline));
            lists.add(on(loops[0], () -> oneSlot.list(OWNER, Model.KLING_2_6, Optional.empty())));
            String prompt = "round-" + round;
            submits.add(on(loops[1], () -> oneSlot.submit(OWNER, aTransferPrompted(prompt))));
        }
        List<Object> outcomes = submits.stream().map(FreepikVideoProviderHardeningTest::outcome).toList();
        lists.forEach(FreepikVideoProviderHardeningTest::outcome);
        // A POST sent after its call already failed would arrive now.
        quietFor(300);
        return outcomes;
    }

    private void assertNoSubmitReportedNotSentReachedTheProvider(List<Object> outcomes) {
        for (int round = 0; round < outcomes.size(); round++) {
            String prompt = "round-" + round + "\"";
            boolean arrived = stub.requests(Route.SUBMIT).stream().anyMatch(r -> r.body().contains(prompt));
            Object outcome = outcomes.get(round);
            if (arrived) {
                assertThat(outcome).as("round %d: a submit that reached the provider", round)
                        .isInstanceOfAny(Task.class, SubmissionUncertain.class);
            } else {
                assertThat(outcome).as("round %d: a submit that never reached the provider", round)
                        .isNotInstanceOf(SubmissionUncertain.class).isNotInstanceOf(Task.class);
            }
        }
    }

    @Test
    void aSubmitWhoseAnswerArrivesAtTheDeadlineIsNeverReportedAsNotSent() {
        // The list holds the slot 50 ms; each submit's answer (slow to parse) comes close to its deadline.
        stub.always(Route.LIST, Fault.delay(Duration.ofMillis(50)));
        String large = aLargeSubmitAnswer();
        for (int i = 0; i < 24; i++) {
            stub.onNextSubmit(Fault.late(Duration.ofMillis(300 + i * 3L), 200, large));
        }

        List<Object> outcomes = raceRounds(24, Duration.ofMillis(400));

        assertNoSubmitReportedNotSentReachedTheProvider(outcomes);
    }

    @Test
    void aSubmitAdmittedAtItsDeadlineIsEitherSentAndUncertainOrNotSentAtAll() {
        // Each list holds the slot until about the submit's deadline: the submit gets its turn just before,
        // or just after, the deadline passes.
        for (int i = 0; i < 24; i++) {
            stub.onNextList(Fault.delay(Duration.ofMillis(370 + i * 3L)));
        }
        stub.always(Route.SUBMIT, Fault.delay(Duration.ofMillis(200)));

        List<Object> outcomes = raceRounds(24, Duration.ofMillis(400));

        assertNoSubmitReportedNotSentReachedTheProvider(outcomes);
    }

    @Test
    void aTricklingAnswerIsCutAtTheDeadlineAndFreesItsSlot() {
        TaskId task = Await.value(client().submit(OWNER, aTransfer())).id();
        stub.onNextStatus(Fault.trickle(Duration.ofMillis(50)));
        FreepikVideoProvider oneSlot = client(s -> s.withMaxConcurrentRequests(1)
                .withTotalDeadline(Duration.ofMillis(700)));
        long start = System.nanoTime();

        Throwable trickled = Await.failure(oneSlot.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));
        List<Task> next = Await.value(oneSlot.list(OWNER, Model.KLING_2_6, Optional.empty()));

        assertThat(trickled).isInstanceOf(ProviderUnavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700).plus(MARGIN).plus(MARGIN));
        assertThat(next).extracting(Task::id).containsExactly(task);
    }

    @Test
    void anAnswerLargerThanAMebibyteIsUnreadableAndItsSlotFreed() {
        TaskId task = Await.value(client().submit(OWNER, aTransfer())).id();
        String huge = "{\"data\":{\"task_id\":\"" + task.value() + "\",\"status\":\"CREATED\"},\"pad\":\""
                + "x".repeat(FreepikVideoProvider.MAX_ANSWER_BYTES) + "\"}";
        stub.onNextStatus(Fault.respond(200, huge));
        stub.onNextSubmit(Fault.respond(200, huge));
        FreepikVideoProvider oneSlot = client(s -> s.withMaxConcurrentRequests(1));

        Throwable read = Await.failure(oneSlot.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));
        Throwable submitted = Await.failure(oneSlot.submit(OWNER, aTransfer()));

        assertThat(read).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("larger than");
        assertThat(submitted).isInstanceOf(SubmissionUncertain.class).hasMessageContaining("larger than");
        assertThat(Await.value(oneSlot.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO))).id()).isEqualTo(task);
    }

    @Test
    void aCallThatThrowsWhileHandlingItsAnswerStillFreesItsSlot() {
        TaskId task = Await.value(client().submit(OWNER, aTransfer())).id();
        FreepikVideoProvider oneSlot = client(s -> s.withMaxConcurrentRequests(1));
        ErrorPolicy.AnswerReader<Task> blowsUp = body -> {
            throw new StackOverflowError("a reader that blows up");
        };

        Throwable read = Await.failure(oneSlot.call(OWNER,
                Operation.status(FreepikPaths.of(Model.KLING_2_6, Tier.PRO).status(task.value()), task), null, blowsUp,
                Cancellation.never()));
        Throwable submitted = Await.failure(oneSlot.call(OWNER,
                Operation.submit(FreepikPaths.of(Model.KLING_2_6, Tier.PRO).submit()),
                ProviderJson.encode(WireMapper.INSTANCE.toSubmitBody(aTransfer())), blowsUp, Cancellation.never()));

        assertThat(read).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("blows up");
        assertThat(submitted).as("the task was created: not knowing what it is, the submit is uncertain")
                .isInstanceOf(SubmissionUncertain.class);
        assertThat(Await.value(oneSlot.status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO))).id()).isEqualTo(task);
    }

    @Test
    void aRetryAfterTooLargeForAnyClockIsRateLimitedAtOnce() {
        TaskId task = Await.value(client().submit(OWNER, aTransfer())).id();
        stub.onNextStatus(Fault.rateLimited(String.valueOf(Long.MAX_VALUE)));
        long start = System.nanoTime();

        Throwable failure = Await.failure(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

        assertThat(failure).isInstanceOfSatisfying(RateLimited.class,
                limited -> assertThat(limited.retryAfter()).contains(RetryAfter.MAX));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE);
    }

    @Test
    void retryAfterReadsAnyNumberOfDigitsAsAtMostADay() {
        assertThat(RetryAfter.parse("99999999999999999999999")).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("86401")).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("86400")).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("007")).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT")).contains(Duration.ofDays(1));
    }

    @Test
    void aQuoteCutShortNeverKeepsPartOfTheKey() {
        TaskId task = Await.value(client().submit(OWNER, aTransfer())).id();
        // Not JSON; the key starts 110 characters in, where a 120-character quote would cut it.
        stub.onNextStatus(Fault.respond(200, "x".repeat(110) + stub.apiKey() + " and more"));

        Throwable failure = Await.failure(client().status(OWNER, task, new ModelTier(Model.KLING_2_6, Tier.PRO)));

        assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("not a JSON object");
        assertThat(failure.getMessage()).doesNotContain(stub.apiKey().substring(0, 6));
    }

    @Test
    void theProvidersMessageCannotForgeALogLine() {
        stub.onNextSubmit(Fault.respond(500, "{\"message\":\"boom\\nSEVERE: forged line\\r\\u2028x\"}"));
        Throwable failure;
        List<String> log;
        try (LogCapture capture = new LogCapture()) {
            failure = Await.failure(client().submit(OWNER, aTransfer()));
            log = capture.lines();
        }

        assertThat(failure).isInstanceOf(SubmissionUncertain.class).hasMessageContaining("boom SEVERE: forged line x");
        assertThat(failure.getMessage()).doesNotContain("\n", "\r", "\u2028");
        assertThat(log).noneSatisfy(line -> assertThat(line).startsWith("SEVERE: forged"));
    }

    @Test
    void aLongProviderMessageIsCutShort() {
        stub.onNextSubmit(Fault.respond(402, "{\"message\":\"" + "credits ".repeat(100_000) + "\"}"));

        Throwable failure = Await.failure(client().submit(OWNER, aTransfer()));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.ProviderRefused.class,
                refused -> assertThat(refused.status()).isEqualTo(402));
        assertThat(failure.getMessage()).startsWith("credits credits").hasSizeLessThan(1000);
    }

    @Test
    void aCallOnAClosedClientFailsProviderUnavailableAndNeverUncertain() {
        FreepikVideoProvider closed = client();
        closed.close();

        Throwable failure = Await.failure(closed.submit(OWNER, aTransfer()));

        assertThat(failure).isInstanceOf(ProviderUnavailable.class);
        quietFor(100);
        assertThat(stub.submitCount()).isZero();
    }
}
