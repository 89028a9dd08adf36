package dev.motioncontrol.adapters.freepik.http;

import java.util.Optional;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.VideoProviderContract;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider contract, kept by the Freepik client talking to the stub over real HTTP. */
class FreepikVideoProviderContractTest extends VideoProviderContract {

    private static Vertx vertx;
    private static FreepikStubServer stub;

    private FreepikVideoProvider client;

    @BeforeAll
    static void startStub() {
        vertx = Vertx.vertx();
        stub = Await.value(FreepikStubServer.start(vertx));
    }

    @AfterAll
    static void stopStub() {
        Await.value(vertx.close());
    }

    @Override
    protected VideoProvider newProvider() {
        stub.reset();
        client = new FreepikVideoProvider(vertx, stub.settings().withTotalDeadline(Duration.ofSeconds(5)));
        return client;
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    /** One upstream key: the provider sees one account, and isolation is the application's job. */
    @Test
    void withoutOwnerIsolationEveryOwnerSeesEveryTask() {
        Task othersTask = done(provider.submit(SOMEONE_ELSE, aTransfer()));

        Task status = done(provider.status(OWNER, othersTask.id(), new ModelTier(Model.KLING_2_6, Tier.PRO)));
        List<TaskId> listed = done(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).stream().map(Task::id).toList();

        assertThat(status.id()).isEqualTo(othersTask.id());
        assertThat(listed).contains(othersTask.id());
    }

    @Override
    protected void letSubmittedTasksComplete() {
        stub.completeAll();
    }
}
