package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.MapTaskRecords;
import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.WebhookUrl;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class GetWebhookDeliveryServiceTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey OTHER_CLIENT = new ClientKey("key-beta");
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");
    private static final WebhookDelivery WAITING =
            WebhookDelivery.waiting(new WebhookUrl(HttpUrl.of("https://hooks.example.com/done")));

    @Mock
    private TaskRecords records;

    private GetWebhookDeliveryService service;

    @BeforeEach
    void wire() {
        service = new GetWebhookDeliveryService(records);
    }

    @Test
    void showsHowTheDeliveryOfTheCallersWebhookStands() {
        recorded(new TaskRecord(CALLER, Task.created(TASK_ID), MapTaskRecords.KLING_26_PRO, Optional.of(WAITING)));

        WebhookDelivery delivery = resultOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(delivery).isEqualTo(WAITING);
    }

    @Test
    void aTaskWithoutAWebhookHasNoDeliveryToShow() {
        recorded(new TaskRecord(CALLER, Task.created(TASK_ID), MapTaskRecords.KLING_26_PRO, Optional.empty()));

        Throwable failure = failureOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.UnknownTask.class);
    }

    @Test
    void anotherClientsWebhookIsAnUnknownTask() {
        recorded(new TaskRecord(OTHER_CLIENT, Task.created(TASK_ID), MapTaskRecords.KLING_26_PRO, Optional.of(WAITING)));

        Throwable failure = failureOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.UnknownTask.class);
    }

    @Test
    void aTaskTheServiceNeverRecordedIsUnknown() {
        when(records.findById(TASK_ID)).thenReturn(CompletableFuture.completedFuture(Optional.empty()));

        Throwable failure = failureOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.UnknownTask.class,
                unknown -> assertThat(unknown.taskId()).isEqualTo(TASK_ID));
    }

    private void recorded(TaskRecord record) {
        when(records.findById(TASK_ID)).thenReturn(CompletableFuture.completedFuture(Optional.of(record)));
    }
}
