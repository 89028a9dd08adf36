package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.Model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.CharacterImage;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.ReferenceVideo;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider contract, plus what a provider that sees the owner of each call promises: one owner never
 * sees another's tasks.
 */
public abstract class OwnerIsolatingVideoProviderContract extends VideoProviderContract {

    @Test
    void anotherOwnerIsToldTheTaskIsUnknown() {
        Task submitted = done(provider.submit(OWNER, aTransfer()));

        Throwable failure = failureOf(provider.status(SOMEONE_ELSE, submitted.id(), AT));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.UnknownTask.class,
                unknown -> assertThat(unknown.taskId()).isEqualTo(submitted.id()));
    }

    @Test
    void listShowsNoOneElsesTasks() {
        done(provider.submit(OWNER, aTransfer()));
        Task othersTask = done(provider.submit(SOMEONE_ELSE, aTransfer()));

        List<TaskId> listed = done(provider.list(OWNER, Model.KLING_2_6, java.util.Optional.empty())).stream().map(Task::id).toList();

        assertThat(listed).doesNotContain(othersTask.id());
    }

    @Test
    void listOfAnOwnerWithoutTasksIsEmpty() {
        done(provider.submit(SOMEONE_ELSE, aTransfer()));

        List<Task> listed = done(provider.list(OWNER, Model.KLING_2_6, java.util.Optional.empty()));

        assertThat(listed).isEmpty();
    }
}
