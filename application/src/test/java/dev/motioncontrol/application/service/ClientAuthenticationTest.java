package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.AwaitCompletionQuery;
import dev.motioncontrol.application.port.in.AwaitCompletionUseCase;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class ClientAuthenticationTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey STRANGER = new ClientKey("key-unknown");
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");
    private static final MotionTransferRequest REQUEST = new MotionTransferRequest(
            "https://cdn.example.com/character.png", "https://cdn.example.com/dance.mp4", null, null, null, null,
            Tier.PRO);

    private final ClientAuthentication authentication =
            new ClientAuthentication(AcceptedClientKeys.only(Set.of("key-alpha", "key-beta")));

    @Mock
    private SubmitMotionTransferUseCase submit;
    @Mock
    private GetTaskStatusUseCase status;
    @Mock
    private ListTasksUseCase list;
    @Mock
    private WatchTaskUseCase watch;
    @Mock
    private AwaitCompletionUseCase await;
    @Mock
    private GetWebhookDeliveryUseCase deliveries;

    @Test
    void anAcceptedKeyGetsTheUseCasesOwnAnswer() {
        CompletionStage<Task> answer = CompletableFuture.completedFuture(Task.created(TASK_ID));
        GetTaskStatusQuery query = new GetTaskStatusQuery(CALLER, TASK_ID);
        when(status.getStatus(query)).thenReturn(answer);

        assertThat(authentication.getStatus(status).getStatus(query)).isSameAs(answer);
    }

    @Test
    void anUnacceptedKeyCannotSubmitAndNeverReachesTheUseCase() {
        Throwable failure = failureOf(authentication.submit(submit).submit(new SubmitMotionTransferCommand(STRANGER,
                REQUEST)));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.Unauthorized.class,
                unauthorized -> assertThat(unauthorized.getMessage()).isEqualTo("Invalid API key"));
        verifyNoInteractions(submit);
    }

    @Test
    void anUnacceptedKeyIsUnauthorizedBeforeItsRequestIsJudged() {
        MotionTransferRequest invalid = new MotionTransferRequest(null, null, null, null, null, null, Tier.PRO);

        Throwable failure = failureOf(authentication.submit(submit).submit(new SubmitMotionTransferCommand(STRANGER,
                invalid)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(submit);
    }

    @Test
    void anUnacceptedKeyCannotAskForATaskStatus() {
        Throwable failure = failureOf(authentication.getStatus(status).getStatus(new GetTaskStatusQuery(STRANGER,
                TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(status);
    }

    @Test
    void anUnacceptedKeyCannotListTasks() {
        Throwable failure = failureOf(authentication.listTasks(list).listTasks(new ListTasksQuery(STRANGER)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(list);
    }

    @Test
    void anUnacceptedKeyCannotWatchATask() {
        Throwable failure = failureOf(authentication.watch(watch).watch(new GetTaskStatusQuery(STRANGER, TASK_ID),
                task -> { }));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(watch);
    }

    @Test
    void anUnacceptedKeyCannotAwaitATask() {
        Throwable failure = failureOf(authentication.awaitCompletion(await).awaitCompletion(
                new AwaitCompletionQuery(STRANGER, TASK_ID, Duration.ofMinutes(1))));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(await);
    }

    @Test
    void anUnacceptedKeyCannotSeeAWebhookDelivery() {
        Throwable failure = failureOf(authentication.getWebhookDelivery(deliveries).getWebhookDelivery(
                new GetTaskStatusQuery(STRANGER, TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.Unauthorized.class);
        verifyNoInteractions(deliveries);
    }
}
