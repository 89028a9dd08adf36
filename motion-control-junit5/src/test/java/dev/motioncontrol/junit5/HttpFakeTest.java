package dev.motioncontrol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.motioncontrol.adapters.freepik.fake.FakeMedia;
import dev.motioncontrol.adapters.freepik.fake.SubmitFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake service over HTTP, driven through its handle, as a client's test suite uses it. */
@MotionControlFake
class HttpFakeTest {

    private static final String HOOK = "https://my-app.example.com/hooks/video";

    private final FakeMotionControl fake;
    private final Api api;

    HttpFakeTest(FakeMotionControl fake) {
        this.fake = fake;
        this.api = new Api(fake);
    }

    @Test
    void aBaseUrlParameterIsTheServicesRootOnTheLoopback(@FakeBaseUrl URI baseUrl) {
        assertThat(baseUrl).isEqualTo(fake.baseUrl());
        assertThat(baseUrl.toString()).matches("http://localhost:\\d+/");
        assertThat(fake.apiKey()).isEqualTo(FakeMotionControl.DEFAULT_API_KEY);
    }

    @Test
    void aTaskStaysCreatedWhileTheClockStandsStill() throws Exception {
        String taskId = api.submitted(null);

        assertThat(Api.statusIn(api.status(taskId).body())).isEqualTo("CREATED");
    }

    @Test
    void aCompletedTaskIsAnsweredCompletedAtOnceAndItsVideoIsServed() throws Exception {
        String taskId = api.submitted(null);

        Task completed = fake.complete(taskId);

        HttpResponse<String> status = api.status(taskId);
        assertThat(Api.statusIn(status.body())).isEqualTo("COMPLETED");
        URI video = completed.generated().get(0);
        assertThat(status.body()).contains(video.toString());
        assertThat(Api.statusIn(api.get(Api.TASKS).body())).as("the list, newest first").isEqualTo("COMPLETED");
        HttpResponse<byte[]> download = api.download(video);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(FakeMedia.bytes());
    }

    @Test
    void aFailedTaskIsAnsweredFailedAtOnce() throws Exception {
        String taskId = api.submitted(null);

        fake.fail(taskId);

        assertThat(Api.statusIn(api.status(taskId).body())).isEqualTo("FAILED");
    }

    @Test
    void advancingTheClockMovesATaskAlongItsDelaysAndSendsItsWebhook() throws Exception {
        String taskId = api.submitted(HOOK);

        fake.advanceClock(Duration.ofSeconds(2));
        assertThat(Api.statusIn(api.status(taskId).body())).isEqualTo("IN_PROGRESS");
        fake.advanceClock(Duration.ofSeconds(5));

        assertThat(Api.statusIn(api.status(taskId).body())).isEqualTo("COMPLETED");
        assertThat(fake.awaitWebhook(taskId).taskStatus()).isEqualTo("COMPLETED");
    }

    @Test
    void theWebhookOfACompletedTaskIsRecordedSignedAsTheServiceSendsIt() throws Exception {
        String taskId = api.submitted(HOOK);

        fake.complete(taskId);
        SentWebhook webhook = fake.awaitWebhook(taskId);

        assertThat(webhook.url()).isEqualTo(URI.create(HOOK));
        assertThat(webhook.taskStatus()).isEqualTo("COMPLETED");
        assertThat(webhook.responseStatus()).isEqualTo(200);
        assertThat(webhook.sentAt()).isEqualTo(fake.now());
        assertThat(webhook.body()).startsWith("{\"task_id\":\"" + taskId + "\",\"status\":\"COMPLETED\",\"generated\":[");
        assertThat(webhook.headers()).containsEntry("webhook-id", "msg_" + taskId + "_COMPLETED")
                .containsEntry("content-type", "application/json");
        assertThat(fake.webhookVerifier().verify(webhook.headers(), webhook.rawBody()).isVerified()).isTrue();
        assertThat(fake.webhooksSent()).containsExactly(webhook);
        assertThat(api.get(Api.TASKS + "/" + taskId + "/webhook").body()).contains("\"state\":\"DELIVERED\"");
    }

    @Test
    void aWebhookAnsweredWithAnErrorIsRetriedOnceTheClockHasPassedItsWait() throws Exception {
        String taskId = api.submitted(HOOK);
        fake.answerWebhooksWith(503);

        fake.complete(taskId);
        assertThat(fake.awaitWebhook(taskId).responseStatus()).isEqualTo(503);
        fake.answerWebhooksWith(204);
        fake.advanceClock(Duration.ofSeconds(5));

        SentWebhook retried = fake.awaitWebhook(webhook -> webhook.responseStatus() == 204);
        assertThat(retried.taskId()).isEqualTo(taskId);
        assertThat(fake.webhooksSent()).extracting(SentWebhook::responseStatus).containsExactly(503, 204);
        assertThat(fake.webhooksSent()).extracting(webhook -> webhook.headers().get("webhook-id")).as("one message")
                .containsOnly("msg_" + taskId + "_COMPLETED");
    }

    @Test
    void aLiveStatusStreamHearsACompletionAsItIsMade() throws Exception {
        String taskId = api.submitted(null);
        HttpResponse<Stream<String>> stream = api.liveStatus(taskId);
        Iterator<String> events = stream.body().filter(line -> line.startsWith("data:")).iterator();
        assertThat(Api.statusIn(events.next())).isEqualTo("CREATED");

        fake.complete(taskId);

        assertThat(Api.statusIn(events.next())).isEqualTo("COMPLETED");
        assertThat(events.hasNext()).as("the stream ends after the last state").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"RATE_LIMITED, 429", "UNAVAILABLE, 503", "OUT_OF_CREDITS, 402", "UNCERTAIN, 502"})
    void anArmedSubmitFailureIsAnsweredAsTheServiceAnswersTheProviders(SubmitFailure failure, int answered)
            throws Exception {
        fake.failNextSubmit(failure);

        HttpResponse<String> refused = api.submit(null);

        assertThat(refused.statusCode()).isEqualTo(answered);
        assertThat(refused.body()).contains("\"message\"");
        assertThat(api.submit(null).statusCode()).as("the next one").isEqualTo(200);
    }

    @Test
    void aRateLimitedSubmitSaysWhenToTryAgain() throws Exception {
        fake.failNextSubmit(SubmitFailure.RATE_LIMITED);

        assertThat(api.submit(null).headers().firstValue("retry-after")).hasValue("1");
    }

    @Test
    void theLibraryIsTheOneBehindTheApi() throws Exception {
        String taskId = api.submitted(null);
        fake.complete(taskId);

        Task task = fake.library().getStatus(new GetTaskStatusQuery(fake.clientKey(), new TaskId(taskId)))
                .toCompletableFuture().join();

        assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void endingATaskTheFakeDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> fake.complete(TaskId.random())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failingACompletedTaskIsRefused() throws Exception {
        String taskId = api.submitted(null);
        fake.complete(taskId);

        assertThatThrownBy(() -> fake.fail(taskId)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ended COMPLETED");
    }

    @Test
    void theClockOnlyMovesForward() {
        assertThatThrownBy(() -> fake.advanceClock(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(fake.clock().instant()).isEqualTo(fake.now());
    }
}
