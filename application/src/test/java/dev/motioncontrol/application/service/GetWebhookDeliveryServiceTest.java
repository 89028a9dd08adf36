package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.WebhookUrl;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetWebhookDeliveryServiceTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final ClientKey OTHER_CLIENT = new ClientKey("key-beta");
    private static final TaskId TASK_ID = new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");
    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));

    private final MapStateStore records = new MapStateStore();
    private final GetWebhookDeliveryService service = new GetWebhookDeliveryService(records, MapStateStore.OWNERS);

    @Test
    void showsHowTheDeliveryOfTheCallersWebhookStands() {
        records.remember(CALLER, Task.created(TASK_ID), MapStateStore.KLING_26_PRO, Optional.of(HOOK));

        WebhookDelivery delivery = resultOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(delivery).isEqualTo(WebhookDelivery.waiting(HOOK));
    }

    @Test
    void aTaskWithoutAWebhookHasNoDeliveryToShow() {
        records.remember(CALLER, Task.created(TASK_ID));

        Throwable failure = failureOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.UnknownTask.class);
    }

    @Test
    void anotherClientsWebhookIsAnUnknownTask() {
        records.remember(OTHER_CLIENT, Task.created(TASK_ID), MapStateStore.KLING_26_PRO, Optional.of(HOOK));

        Throwable failure = failureOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isInstanceOf(MotionTransferFailure.UnknownTask.class);
    }

    @Test
    void aTaskTheServiceNeverRecordedIsUnknown() {
        Throwable failure = failureOf(service.getWebhookDelivery(new GetTaskStatusQuery(CALLER, TASK_ID)));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.UnknownTask.class,
                unknown -> assertThat(unknown.taskId()).isEqualTo(TASK_ID));
    }
}
