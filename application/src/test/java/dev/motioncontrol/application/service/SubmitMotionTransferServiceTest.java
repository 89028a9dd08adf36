package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.Submissions;
import dev.motioncontrol.application.port.out.Submissions.Begun;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.CharacterImage;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.ReferenceVideo;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.Answers;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class SubmitMotionTransferServiceTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey OTHER_CLIENT = new ClientKey("key-beta");
    private static final Owner OWNER = MapStateStore.owner(CALLER);
    private static final Owner OTHER_OWNER = MapStateStore.owner(OTHER_CLIENT);
    private static final String IMAGE = "https://cdn.example.com/character.png";
    private static final String VIDEO = "https://cdn.example.com/dance.mp4";
    private static final String HOOK = "https://hooks.example.com/done";
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");

    // The default methods (with a cancellation) reach the stubbed ones, which strict stubs would take for a
    // mismatch of the same method.
    @Mock(answer = Answers.CALLS_REAL_METHODS, strictness = Mock.Strictness.LENIENT)
    private VideoProvider provider;
    @Mock
    private HostResolver resolver;

    private final MapStateStore store = new MapStateStore();
    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-27T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final TaskChanges changes = new TaskChanges();
    private final TaskReports reports = new TaskReports(store, changes, time);
    private TaskPolling polling;
    private UrlAccessPolicy policy = UrlAccessPolicy.publicOnly();
    private Optional<WebhookUrl> providerCallback = Optional.empty();

    private SubmitMotionTransferService service() {
        return service(WebhookUrlCheck.resolvingWith(resolver, policy, scheduler));
    }

    private SubmitMotionTransferService service(WebhookUrlCheck webhookUrls) {
        return service(webhookUrls, provider);
    }

    private SubmitMotionTransferService service(WebhookUrlCheck webhookUrls, VideoProvider provider) {
        polling = new TaskPolling(new StatusChecks(store, provider, reports, time, StatusFreshness.ALWAYS),
                new TaskWatchers(), scheduler, PollingPlan.DEFAULT);
        return new SubmitMotionTransferService(new MotionTransferRules(policy), webhookUrls, provider, store, store,
                reports, polling, MapStateStore.OWNERS, time, SubmissionPlan.DEFAULT, providerCallback);
    }

    @Test
    void anInvalidRequestFailsListingEveryViolationAndNeverReachesTheProvider() {
        MotionTransferRequest request = new MotionTransferRequest(
                null, "http://localhost/dance.mp4", null, "sideways", 2.0, null, Tier.PRO);

        Throwable failure = failureOf(service().submit(new SubmitMotionTransferCommand(CALLER, request)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.InvalidRequest.class);
        assertThat(((MotionTransferFailure.InvalidRequest) failure).violations())
                .extracting(Violation::field)
                .containsExactly("image_url", "video_url", "character_orientation", "cfg_scale");
        verifyNoInteractions(provider);
    }

    @Test
    void aValidRequestIsSubmittedOnceForTheCallerWithTheDefaultsApplied() {
        Task created = Task.created(TASK_ID);
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(created));
        MotionTransferRequest request = new MotionTransferRequest(IMAGE, VIDEO, null, null, null, null, Tier.STANDARD);

        Task task = resultOf(service().submit(new SubmitMotionTransferCommand(CALLER, request)));

        assertThat(task).isSameAs(created);
        MotionTransfer expected = new MotionTransfer(
                new CharacterImage(HttpUrl.of(IMAGE)),
                new ReferenceVideo(HttpUrl.of(VIDEO)),
                Optional.empty(),
                CharacterOrientation.VIDEO,
                CfgScale.DEFAULT,
                Optional.empty(),
                new ModelTier(Model.KLING_2_6, Tier.STANDARD));
        verify(provider).submit(OWNER, expected, Cancellation.never());
        verify(provider).submit(OWNER, expected);
        verifyNoMoreInteractions(provider);
    }

    @Test
    void aSubmittedTaskIsRecordedForItsCaller() {
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        resultOf(service().submit(command(null)));

        assertThat(resultOf(store.find(OWNER, TASK_ID)).map(TaskRecords.TaskRecord::task)).contains(Task.created(TASK_ID));
        assertThat(resultOf(store.find(OTHER_OWNER, TASK_ID)).map(TaskRecords.TaskRecord::task)).isEmpty();
    }

    @Test
    void aSubmitAnsweredWithAnotherClientsTaskIdIsUncertainAndNeverHandsThatTaskOver() {
        store.remember(OTHER_CLIENT, Task.created(TASK_ID));
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));
        List<TaskRecords.Change> heard = new ArrayList<>();
        changes.subscribe(heard::add);
        MotionTransferRequest request = new MotionTransferRequest(IMAGE, VIDEO, null, null, null, null, Tier.PRO);

        Throwable failure = failureOf(service().submit(new SubmitMotionTransferCommand(CALLER, request,
                Optional.of("once"))));
        Throwable again = failureOf(service().submit(new SubmitMotionTransferCommand(CALLER, request,
                Optional.of("once"))));

        assertThat(failure).isInstanceOf(MotionTransferFailure.SubmissionUncertain.class)
                .hasMessage(SubmitMotionTransferService.TASK_ID_REPEATED);
        assertThat(again).as("the same key again: the same answer, nothing paid")
                .isInstanceOf(MotionTransferFailure.SubmissionUncertain.class)
                .hasMessage(SubmitMotionTransferService.TASK_ID_REPEATED);
        verify(provider, times(1)).submit(any(), any());
        assertThat(resultOf(store.find(OWNER, TASK_ID))).isEmpty();
        assertThat(resultOf(store.find(OTHER_OWNER, TASK_ID)).map(TaskRecords.TaskRecord::task))
                .contains(Task.created(TASK_ID));
        assertThat(heard).as("the other client's watchers hear nothing").isEmpty();
    }

    @Test
    void aTaskRecordedThoughItsSubmissionWasNoLongerPendingIsCreatedAllTheSame() {
        // A store that records the task but answers false, as PostgreSQL does for a submission settled meanwhile.
        Submissions settledMeanwhile = new Submissions() {
            @Override
            public CompletionStage<Begun> begin(Submission submission) {
                return store.begin(submission);
            }

            @Override
            public CompletionStage<Boolean> created(Submission submission, TaskRecords.TaskRecord task) {
                return store.created(submission, task).thenApply(recorded -> false);
            }

            @Override
            public CompletionStage<Void> uncertain(Submission submission, String reason) {
                return store.uncertain(submission, reason);
            }

            @Override
            public CompletionStage<Void> abandon(String submissionId) {
                return store.abandon(submissionId);
            }

            @Override
            public CompletionStage<List<Submission>> settleStale(Instant now) {
                return store.settleStale(now);
            }

            @Override
            public CompletionStage<Void> forgetExpired(Instant now) {
                return store.forgetExpired(now);
            }
        };
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));
        polling = new TaskPolling(new StatusChecks(store, provider, reports, time, StatusFreshness.ALWAYS),
                new TaskWatchers(), scheduler, PollingPlan.DEFAULT);
        SubmitMotionTransferService service = new SubmitMotionTransferService(new MotionTransferRules(policy),
                WebhookUrlCheck.refusingAll(), provider, settledMeanwhile, store, reports, polling,
                MapStateStore.OWNERS, time, SubmissionPlan.DEFAULT, providerCallback);

        Task task = resultOf(service.submit(command(null)));

        assertThat(task).isEqualTo(Task.created(TASK_ID));
        assertThat(resultOf(store.find(OWNER, TASK_ID)).map(TaskRecords.TaskRecord::task)).contains(task);
    }

    @Test
    void anUnavailableProviderSurfacesUnchangedOnSubmit() {
        MotionTransferFailure.ProviderUnavailable unavailable =
                new MotionTransferFailure.ProviderUnavailable("Service Unavailable. Please try again later.");
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.failedFuture(unavailable));

        Throwable failure = failureOf(service().submit(command(null)));

        assertThat(failure).isSameAs(unavailable);
    }

    @Test
    void theProviderNeverGetsTheClientsWebhook() {
        resolvesTo(93, 184, 216, 34);
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        resultOf(service().submit(command(HOOK)));

        verify(provider).submit(any(), transferWithWebhook(Optional.empty()));
    }

    @Test
    void theProviderGetsTheServicesOwnCallbackInstead() {
        WebhookUrl callback = new WebhookUrl(HttpUrl.of("https://motion.example.com/v1/callbacks/freepik"));
        providerCallback = Optional.of(callback);
        resolvesTo(93, 184, 216, 34);
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        resultOf(service().submit(command(HOOK)));

        verify(provider).submit(any(), transferWithWebhook(Optional.of(callback)));
    }

    @Test
    void aWebhookHostResolvingToAPrivateAddressIsRefusedBeforeAnythingIsPaidFor() {
        resolvesTo(10, 0, 0, 5);

        Throwable failure = failureOf(service().submit(command(HOOK)));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.InvalidRequest.class,
                invalid -> assertThat(invalid.violations()).singleElement().satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("webhook_url");
                    assertThat(violation.reason()).contains("10.0.0.5").contains("private");
                }));
        verifyNoInteractions(provider);
    }

    @Test
    void anAllowListedPrivateWebhookHostIsAccepted() {
        resolvesTo(10, 0, 0, 5);
        policy = UrlAccessPolicy.publicOnlyExcept(List.of("10.0.0.0/8"));
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        Task task = resultOf(service().submit(command(HOOK)));

        assertThat(task.status()).isEqualTo(TaskStatus.CREATED);
    }

    @Test
    void aWebhookIsRefusedBeforeAnythingIsPaidForWhenTheServiceCannotDeliverIt() {
        Throwable failure = failureOf(service(WebhookUrlCheck.refusingAll()).submit(command(HOOK)));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.InvalidRequest.class,
                invalid -> assertThat(invalid.violations()).extracting(Violation::field)
                        .containsExactly("webhook_url"));
        verifyNoInteractions(provider, resolver);
    }

    @Test
    void aRequestWithoutAWebhookNeedsNoWebhookDelivery() {
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        Task task = resultOf(service(WebhookUrlCheck.refusingAll()).submit(command(null)));

        assertThat(task).isEqualTo(Task.created(TASK_ID));
    }

    @Test
    void aTaskWithAWebhookIsPolledUntilItFinishes() {
        resolvesTo(93, 184, 216, 34);
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        resultOf(service().submit(command(HOOK)));

        assertThat(polling.polledTasks()).isEqualTo(1);
    }

    @Test
    void aTaskWithoutAWebhookIsNotPolled() {
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        resultOf(service().submit(command(null)));

        assertThat(polling.polledTasks()).isZero();
    }

    @Test
    void aTaskAlreadyFinishedAtSubmitIsPublishedAsAMoveAndNotPolled() {
        resolvesTo(93, 184, 216, 34);
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")));
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(completed));
        List<Task> published = new ArrayList<>();
        changes.subscribe(change -> published.add(change.after().task()));

        resultOf(service().submit(command(HOOK)));

        assertThat(published).containsExactly(completed);
        assertThat(polling.polledTasks()).isZero();
    }

    /** A submission is written down before it is paid for, and settled after. */
    @Nested
    class WriteBeforePay {

        @Test
        void theJournalHoldsAPendingSubmissionWhileTheProviderIsAsked() {
            CompletableFuture<Task> answer = new CompletableFuture<>();
            when(provider.submit(any(), any())).thenReturn(answer);

            CompletionStage<Task> submitted = service().submit(command(null, "key-1"));

            assertThat(store.journal()).singleElement().satisfies(pending -> {
                assertThat(pending.state()).isEqualTo(Submission.State.PENDING);
                assertThat(pending.owner()).isEqualTo(OWNER);
                assertThat(pending.idempotencyKey()).contains("key-1");
                assertThat(pending.modelTier()).isEqualTo(new ModelTier(Model.KLING_2_6, Tier.PRO));
            });
            assertThat(resultOf(store.findById(TASK_ID))).isEmpty();
            answer.complete(Task.created(TASK_ID));
            assertThat(resultOf(submitted)).isEqualTo(Task.created(TASK_ID));
            assertThat(store.journal()).singleElement().satisfies(created -> {
                assertThat(created.state()).isEqualTo(Submission.State.CREATED);
                assertThat(created.taskId()).contains(TASK_ID);
            });
        }

        @Test
        void aSubmissionWithoutKeyIsWrittenDownToo() {
            CompletableFuture<Task> answer = new CompletableFuture<>();
            when(provider.submit(any(), any())).thenReturn(answer);

            service().submit(command(null));

            assertThat(store.journal()).singleElement().satisfies(pending -> {
                assertThat(pending.state()).isEqualTo(Submission.State.PENDING);
                assertThat(pending.idempotencyKey()).isEmpty();
            });
        }

        @Test
        @SuppressWarnings("unchecked") // thenReturn(first, next...) of a generic type
        void aRefusalByTheProviderFreesTheKeyForTheNextTry() {
            MotionTransferFailure.RateLimited limited = new MotionTransferFailure.RateLimited(Optional.empty());
            when(provider.submit(any(), any())).thenReturn(CompletableFuture.failedFuture(limited),
                    CompletableFuture.completedFuture(Task.created(TASK_ID)));

            Throwable first = failureOf(service().submit(command(null, "key-1")));
            assertThat(store.journal()).isEmpty();
            Task second = resultOf(service().submit(command(null, "key-1")));

            assertThat(first).isSameAs(limited);
            assertThat(second).isEqualTo(Task.created(TASK_ID));
            verify(provider, times(2)).submit(any(), any());
        }

        @Test
        void aStoreThatCannotBeReachedFailsTheSubmissionBeforeTheProviderIsAsked() {
            store.becomeUnavailable();

            Throwable failure = failureOf(service().submit(command(null, "key-1")));

            assertThat(failure).isInstanceOf(MotionTransferFailure.StoreUnavailable.class);
            verifyNoInteractions(provider);
        }

        @Test
        void aTaskCreatedButNotRecordedIsUncertainAndNamesTheTask() {
            when(provider.submit(any(), any())).thenAnswer(invocation -> {
                store.becomeUnavailable();
                return CompletableFuture.completedFuture(Task.created(TASK_ID));
            });

            Throwable failure = failureOf(service().submit(command(null, "key-1")));

            assertThat(failure).isInstanceOf(MotionTransferFailure.SubmissionUncertain.class)
                    .hasMessageContaining(TASK_ID.toString());
        }
    }

    /** The same Idempotency-Key with the same request is answered once; with another, refused. */
    @Nested
    class IdempotencyKeys {

        @Test
        void theSameKeyAndRequestAgainGetTheFirstTaskAndPayNothingMore() {
            when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));
            Task first = resultOf(service().submit(command(null, "key-1")));

            Task again = resultOf(service().submit(command(null, "key-1")));

            assertThat(again).isEqualTo(first);
            verify(provider, times(1)).submit(any(), any());
        }

        @Test
        void aRetryGetsTheFirstTaskAsItNowStands() {
            when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));
            resultOf(service().submit(command(null, "key-1")));
            Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/v.mp4")));
            resultOf(reports.apply(completed));

            Task again = resultOf(service().submit(command(null, "key-1")));

            assertThat(again).isEqualTo(completed);
        }

        @Test
        void theSameKeyWithAnotherRequestIsRefusedAndNotPaidFor() {
            when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));
            resultOf(service().submit(command(null, "key-1")));
            SubmitMotionTransferCommand another = new SubmitMotionTransferCommand(CALLER,
                    new MotionTransferRequest(IMAGE, VIDEO, "another prompt", null, null, null, Tier.PRO),
                    Optional.of("key-1"));

            Throwable failure = failureOf(service().submit(another));

            assertThat(failure).isInstanceOf(MotionTransferFailure.IdempotencyKeyReused.class);
            verify(provider, times(1)).submit(any(), any());
        }

        @Test
        @SuppressWarnings("unchecked") // thenReturn(first, next...) of a generic type
        void anotherCallersSameKeyIsTheirsAlone() {
            TaskId theirs = TaskId.random();
            when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)),
                    CompletableFuture.completedFuture(Task.created(theirs)));
            resultOf(service().submit(command(null, "key-1")));

            Task task = resultOf(service().submit(new SubmitMotionTransferCommand(OTHER_CLIENT,
                    command(null).request(), Optional.of("key-1"))));

            assertThat(task.id()).isEqualTo(theirs);
            verify(provider).submit(eq(OTHER_OWNER), any());
        }

        @Test
        void whileTheFirstIsBeingMadeTheSecondIsToldToComeBack() {
            when(provider.submit(any(), any())).thenReturn(new CompletableFuture<>());
            service().submit(command(null, "key-1"));

            Throwable failure = failureOf(service().submit(command(null, "key-1")));

            assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.IdempotencyKeyInUse.class,
                    inUse -> assertThat(inUse.retryAfter()).isPositive());
            verify(provider, times(1)).submit(any(), any());
        }

        @Test
        void aFirstStillPendingPastItsTimeWasInterruptedAndIsUncertain() {
            when(provider.submit(any(), any())).thenReturn(new CompletableFuture<>());
            service().submit(command(null, "key-1"));
            time.advance(SubmissionPlan.DEFAULT.pendingFor().plusSeconds(1));

            Throwable failure = failureOf(service().submit(command(null, "key-1")));

            assertThat(failure).isInstanceOf(MotionTransferFailure.SubmissionUncertain.class)
                    .hasMessage(Submissions.INTERRUPTED);
            verify(provider, times(1)).submit(any(), any());
        }

        @Test
        void anUncertainFirstIsUncertainAgainAndNeverPaidTwice() {
            when(provider.submit(any(), any())).thenReturn(CompletableFuture.failedFuture(
                    new MotionTransferFailure.SubmissionUncertain("The provider did not answer within 60 s")));
            failureOf(service().submit(command(null, "key-1")));

            Throwable again = failureOf(service().submit(command(null, "key-1")));

            assertThat(again).isInstanceOf(MotionTransferFailure.SubmissionUncertain.class)
                    .hasMessage("The provider did not answer within 60 s");
            verify(provider, times(1)).submit(any(), any());
        }

        @Test
        void ofManyRacingUnderOneKeyExactlyOneReachesTheProvider() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<Task> answer = new CompletableFuture<>();
            VideoProvider counting = new CountingProvider(calls, answer);
            SubmitMotionTransferService service = service(WebhookUrlCheck.refusingAll(), counting);
            int racers = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(racers);
            List<CompletableFuture<Task>> outcomes = new ArrayList<>();
            try {
                List<Future<CompletionStage<Task>>> submitted = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    submitted.add(threads.submit(() -> {
                        start.await();
                        return service.submit(command(null, "racing"));
                    }));
                }
                start.countDown();
                for (Future<CompletionStage<Task>> one : submitted) {
                    outcomes.add(one.get(10, TimeUnit.SECONDS).toCompletableFuture());
                }
            } finally {
                threads.shutdownNow();
            }
            answer.complete(Task.created(TASK_ID));

            assertThat(calls).hasValue(1);
            assertThat(outcomes).filteredOn(outcome -> !outcome.isCompletedExceptionally())
                    .singleElement().satisfies(won -> assertThat(won.join()).isEqualTo(Task.created(TASK_ID)));
            assertThat(outcomes).filteredOn(CompletableFuture::isCompletedExceptionally).hasSize(racers - 1)
                    .allSatisfy(lost -> assertThat(failureOf(lost))
                            .isInstanceOf(MotionTransferFailure.IdempotencyKeyInUse.class));
        }

        @Test
        void aKeyOfTheLongestLengthIsAccepted() {
            when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

            Task task = resultOf(service().submit(command(null, "k".repeat(255))));

            assertThat(task).isEqualTo(Task.created(TASK_ID));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"empty", "256 characters", "a control character"})
        void anInvalidKeyIsRefusedWithTheRequestsOwnViolationsAndNothingIsWrittenOrPaid(String which) {
            String key = switch (which) {
                case "empty" -> "";
                case "256 characters" -> "k".repeat(256);
                default -> "key\u0007one";
            };
            SubmitMotionTransferCommand invalid = new SubmitMotionTransferCommand(CALLER,
                    new MotionTransferRequest(null, VIDEO, null, null, 2.0, null, Tier.PRO), Optional.of(key));

            Throwable failure = failureOf(service().submit(invalid));

            assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.InvalidRequest.class,
                    refused -> assertThat(refused.violations()).extracting(Violation::field)
                            .containsExactly("image_url", "cfg_scale", SubmitMotionTransferCommand.IDEMPOTENCY_KEY));
            assertThat(store.journal()).isEmpty();
            verifyNoInteractions(provider);
        }
    }

    /** Counts the submissions and answers every one with the same stage. */
    private record CountingProvider(AtomicInteger calls, CompletableFuture<Task> answer) implements VideoProvider {

        @Override
        public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
            calls.incrementAndGet();
            return answer;
        }

        @Override
        public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
            throw new UnsupportedOperationException("not asked in these tests");
        }

        @Override
        public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
            throw new UnsupportedOperationException("not asked in these tests");
        }
    }

    private void resolvesTo(int... bytes) {
        byte[] address = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            address[i] = (byte) bytes[i];
        }
        try {
            when(resolver.resolve("hooks.example.com")).thenReturn(CompletableFuture.completedFuture(
                    List.of(InetAddress.getByAddress(address))));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MotionTransfer transferWithWebhook(Optional<WebhookUrl> webhook) {
        return argThat(transfer -> transfer.webhook().equals(webhook));
    }

    private static SubmitMotionTransferCommand command(String webhook) {
        return new SubmitMotionTransferCommand(CALLER,
                new MotionTransferRequest(IMAGE, VIDEO, null, null, null, webhook, Tier.PRO));
    }

    private static SubmitMotionTransferCommand command(String webhook, String idempotencyKey) {
        return new SubmitMotionTransferCommand(CALLER, command(webhook).request(), Optional.of(idempotencyKey));
    }
}
