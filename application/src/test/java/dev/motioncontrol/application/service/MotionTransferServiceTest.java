package dev.motioncontrol.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.MapTaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.CharacterImage;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.ReferenceVideo;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.Violation;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class MotionTransferServiceTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey STRANGER = new ClientKey("key-unknown");
    private static final String IMAGE = "https://cdn.example.com/character.png";
    private static final String VIDEO = "https://cdn.example.com/dance.mp4";
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");

    private static final ClientKey OTHER_CLIENT = new ClientKey("key-beta");

    @Mock
    private VideoProvider provider;

    private final MapTaskRecords records = new MapTaskRecords();

    private MotionTransferService service() {
        return new MotionTransferService(provider, records, AcceptedClientKeys.only(Set.of("key-alpha", "key-beta")),
                MotionTransferRules.publicOnly());
    }

    private void recorded(ClientKey owner, Task task) {
        records.remember(owner, task);
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
        verify(provider).submit(CALLER, new MotionTransfer(
                new CharacterImage(HttpUrl.of(IMAGE)),
                new ReferenceVideo(HttpUrl.of(VIDEO)),
                Optional.empty(),
                CharacterOrientation.VIDEO,
                CfgScale.DEFAULT,
                Optional.empty(),
                Tier.STANDARD));
        verifyNoMoreInteractions(provider);
    }

    @Test
    void anUnacceptedKeyCannotSubmitAndNeverReachesTheProvider() {
        MotionTransferRequest request = new MotionTransferRequest(IMAGE, VIDEO, null, null, null, null, Tier.PRO);

        Throwable failure = failureOf(service().submit(new SubmitMotionTransferCommand(STRANGER, request)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(provider);
    }

    @Test
    void anUnacceptedKeyIsUnauthorizedBeforeItsRequestIsJudged() {
        MotionTransferRequest invalid = new MotionTransferRequest(null, null, null, null, null, null, Tier.PRO);

        Throwable failure = failureOf(service().submit(new SubmitMotionTransferCommand(STRANGER, invalid)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
    }

    @Test
    void anUnacceptedKeyCannotAskForATaskStatus() {
        Throwable failure = failureOf(service().getStatus(new GetTaskStatusQuery(STRANGER, TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(provider);
    }

    @Test
    void anUnacceptedKeyCannotListTasks() {
        Throwable failure = failureOf(service().listTasks(new ListTasksQuery(STRANGER)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(provider);
    }

    @Test
    void aSubmittedTaskIsRecordedForItsCaller() {
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));
        MotionTransferRequest request = new MotionTransferRequest(IMAGE, VIDEO, null, null, null, null, Tier.PRO);

        resultOf(service().submit(new SubmitMotionTransferCommand(CALLER, request)));

        assertThat(resultOf(records.find(CALLER, TASK_ID))).contains(Task.created(TASK_ID));
        assertThat(resultOf(records.find(OTHER_CLIENT, TASK_ID))).isEmpty();
    }

    @Test
    void statusAsksTheProviderOnBehalfOfTheCaller() {
        recorded(CALLER, Task.created(TASK_ID));
        Task inProgress = new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of());
        when(provider.status(CALLER, TASK_ID)).thenReturn(CompletableFuture.completedFuture(inProgress));

        Task task = resultOf(service().getStatus(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(task).isEqualTo(inProgress);
    }

    @Test
    void anotherClientsTaskIsUnknownAndTheProviderIsNotAsked() {
        recorded(OTHER_CLIENT, Task.created(TASK_ID));

        Throwable failure = failureOf(service().getStatus(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.UnknownTask.class);
        verifyNoInteractions(provider);
    }

    @Test
    void aFinishedTaskIsAnsweredWithoutAskingTheProviderAgain() {
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/out.mp4")));
        recorded(CALLER, Task.created(TASK_ID));
        when(provider.status(CALLER, TASK_ID)).thenReturn(CompletableFuture.completedFuture(completed));
        resultOf(service().getStatus(new GetTaskStatusQuery(CALLER, TASK_ID)));

        Task again = resultOf(service().getStatus(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(again).isEqualTo(completed);
        verify(provider, times(1)).status(CALLER, TASK_ID);
    }

    @Test
    void aStaleReportNeverMovesATaskBackwards() {
        recorded(CALLER, new Task(TASK_ID, TaskStatus.IN_PROGRESS, List.of()));
        when(provider.status(CALLER, TASK_ID)).thenReturn(CompletableFuture.completedFuture(Task.created(TASK_ID)));

        Task task = resultOf(service().getStatus(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(task.status()).isEqualTo(TaskStatus.IN_PROGRESS);
    }

    @Test
    void listShowsOnlyTheCallersTasksWithTheProvidersLatestStates() {
        TaskId theirs = new TaskId("9c1f7a52-1111-4c39-9d43-0d7c1b2f6a55");
        recorded(CALLER, Task.created(TASK_ID));
        recorded(OTHER_CLIENT, Task.created(theirs));
        Task completed = new Task(TASK_ID, TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/out.mp4")));
        when(provider.list(CALLER)).thenReturn(CompletableFuture.completedFuture(
                List.of(completed, new Task(theirs, TaskStatus.COMPLETED, List.of()))));

        List<Task> listed = resultOf(service().listTasks(new ListTasksQuery(CALLER)));

        assertThat(listed).containsExactly(completed);
    }

    @Test
    void anUnknownTaskFromTheProviderSurfacesUnchanged() {
        recorded(CALLER, Task.created(TASK_ID));
        MotionTransferFailure.UnknownTask unknown = new MotionTransferFailure.UnknownTask(TASK_ID);
        when(provider.status(CALLER, TASK_ID)).thenReturn(CompletableFuture.failedFuture(unknown));

        Throwable failure = failureOf(service().getStatus(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isSameAs(unknown);
    }

    @Test
    void anUnavailableProviderSurfacesUnchangedOnSubmit() {
        MotionTransferFailure.ProviderUnavailable unavailable =
                new MotionTransferFailure.ProviderUnavailable("Service Unavailable. Please try again later.");
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.failedFuture(unavailable));
        MotionTransferRequest request = new MotionTransferRequest(IMAGE, VIDEO, null, null, null, null, Tier.PRO);

        Throwable failure = failureOf(service().submit(new SubmitMotionTransferCommand(CALLER, request)));

        assertThat(failure).isSameAs(unavailable);
    }

    @Test
    void aRateLimitedListSurfacesUnchanged() {
        MotionTransferFailure.RateLimited limited = new MotionTransferFailure.RateLimited(Optional.empty());
        when(provider.list(CALLER)).thenReturn(CompletableFuture.failedFuture(limited));

        Throwable failure = failureOf(service().listTasks(new ListTasksQuery(CALLER)));

        assertThat(failure).isSameAs(limited);
    }

    private static <T> T resultOf(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        assertThat(future).isCompleted();
        return future.join();
    }

    /** The failure the stage completed with, unwrapped from the CompletionException a dependent stage adds. */
    private static Throwable failureOf(CompletionStage<?> stage) {
        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        Throwable failure = stage.handle((value, thrown) -> thrown).toCompletableFuture().join();
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }
}
