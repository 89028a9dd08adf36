package dev.motioncontrol.adapters.freepik.http;

import static dev.motioncontrol.adapters.freepik.http.Transfers.OWNER;
import static dev.motioncontrol.adapters.freepik.http.Transfers.aTransfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikStubServer.Misbehaviour;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the client hands on of a provider that misbehaves ({@link FreepikStubServer#misbehave}): never the key,
 * never a video that is not at an http(s) URL, never an unbounded status, never another task's news.
 */
class FreepikVideoProviderMisbehavingTest extends StubbedProviderTest {

    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);

    private TaskId aCompletedTask() {
        TaskId id = Await.value(client().submit(OWNER, aTransfer())).id();
        stub.complete(id.value());
        return id;
    }

    @Test
    void aStatusCarryingTheKeyIsRelayedWithTheKeyReplaced() {
        TaskId id = Await.value(client().submit(OWNER, aTransfer())).id();
        stub.misbehave(Misbehaviour.KEY_IN_STATUS);

        Task status = Await.value(client().status(OWNER, id, AT));
        List<Task> listed = Await.value(client().list(OWNER, Model.KLING_2_6, Optional.empty()));

        assertThat(status.status()).isEqualTo(TaskStatus.of("QUEUED_REDACTED"));
        assertThat(listed).extracting(Task::status).containsOnly(TaskStatus.of("QUEUED_REDACTED"));
    }

    @Test
    void aGeneratedUrlCarryingTheKeyIsRelayedWithTheKeyReplaced() {
        TaskId id = aCompletedTask();
        stub.misbehave(Misbehaviour.KEY_IN_GENERATED_URL);

        Task status = Await.value(client().status(OWNER, id, AT));

        assertThat(status.generated()).containsExactly(
                URI.create(FreepikStubServer.GENERATED_URL_PREFIX + id.value() + ".mp4?token=REDACTED"));
        assertThat(status.toString()).doesNotContain(stub.apiKey());
    }

    @Test
    void aGeneratedUrlCarryingTheKeyEncodedAnotherWayIsRefusedAndNotQuoted() {
        TaskId id = aCompletedTask();
        stub.misbehave(Misbehaviour.KEY_ENCODED_IN_URL);

        Throwable failure = Await.failure(client().status(OWNER, id, AT));

        assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("carries the service's API key")
                .hasMessageNotContaining("%73%74%75%62");
    }

    @Test
    void aRefusedUrlIsNeverQuotedInTheFailure() {
        TaskId id = aCompletedTask();
        stub.misbehave(Misbehaviour.CREDENTIALS_IN_URL);

        Throwable failure = Await.failure(client().status(OWNER, id, AT));

        assertThat(failure.getMessage()).doesNotContain("hunter2").doesNotContain("cdn.stub.example");
    }

    @Test
    void aSubmitAnswerCarryingTheKeyIsRelayedWithTheKeyReplaced() {
        stub.misbehave(Misbehaviour.KEY_IN_STATUS);

        Task created = Await.value(client().submit(OWNER, aTransfer()));

        assertThat(created.status()).isEqualTo(TaskStatus.of("QUEUED_REDACTED"));
    }

    @Test
    void aHugeStatusIsKeptAsABoundedWordWithoutTheKey() {
        TaskId id = Await.value(client().submit(OWNER, aTransfer())).id();
        stub.misbehave(Misbehaviour.HUGE_STATUS);

        TaskStatus status = Await.value(client().status(OWNER, id, AT)).status();

        assertThat(status.name()).hasSizeLessThanOrEqualTo(TaskStatus.MAX_LENGTH).matches("[A-Za-z0-9_.-]+")
                .startsWith("IN_PROGRESS_script_alert_1_script_").doesNotContain(stub.apiKey());
    }

    @Test
    void scriptFileAndRelativeUrlsAreNoVideosTheAnswerIsRefused() {
        TaskId id = aCompletedTask();
        stub.misbehave(Misbehaviour.SCRIPT_AND_FILE_URLS);

        Throwable failure = Await.failure(client().status(OWNER, id, AT));

        assertThat(failure).isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("generated[0] must use http or https, not javascript");
    }

    @Test
    void aUrlWithCredentialsIsNoVideoTheAnswerIsRefused() {
        TaskId id = aCompletedTask();
        stub.misbehave(Misbehaviour.CREDENTIALS_IN_URL);

        Throwable failure = Await.failure(client().status(OWNER, id, AT));

        assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("must not carry credentials");
    }

    @Test
    void aStatusAnswerAboutAnotherTaskIsTheProvidersFaultNotThatTasksNews() {
        TaskId id = Await.value(client().submit(OWNER, aTransfer())).id();
        stub.misbehave(Misbehaviour.OTHER_TASK_ID);

        Throwable failure = Await.failure(client().status(OWNER, id, AT));

        assertThat(failure).isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("not about task " + id.value() + " that was asked for");
    }

    @Test
    void noFailureMessageCarriesTheKey() {
        TaskId id = aCompletedTask();
        stub.misbehave(Misbehaviour.SCRIPT_AND_FILE_URLS, Misbehaviour.KEY_IN_GENERATED_URL, Misbehaviour.HUGE_STATUS);

        Throwable failure = Await.failure(client().status(OWNER, id, AT));

        assertThat(failure.getMessage()).doesNotContain(stub.apiKey());
    }
}
