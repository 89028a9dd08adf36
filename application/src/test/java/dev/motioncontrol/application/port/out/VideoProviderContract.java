package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
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
 * What every {@link VideoProvider} promises, written against the port alone. Each implementation (the
 * in-memory fake, the Freepik HTTP client against a stub) runs it by subclassing and building the
 * instance; failures are checked as the typed {@code MotionTransferFailure} the stage fails with.
 *
 * <p>Keeping one owner's tasks from another is promised only by implementations that see the owner (the
 * fake): they run {@link OwnerIsolatingVideoProviderContract} instead. The Freepik client calls the
 * provider with the service's one key and leaves that to the application's task records.
 */
public abstract class VideoProviderContract {

    protected static final Owner OWNER = owner("owner-key");
    protected static final Owner SOMEONE_ELSE = owner("someone-else-key");
    private static final long TIMEOUT_SECONDS = 10;

    protected VideoProvider provider;

    /** A new provider for each test, with no task of {@link #OWNER} or {@link #SOMEONE_ELSE} yet. */
    protected abstract VideoProvider newProvider();

    /** Lets the time pass (or the stub move on) until every task submitted so far has completed. */
    protected abstract void letSubmittedTasksComplete();

    /** Where {@link #aTransfer()} runs: Kling 2.6, Pro. */
    protected static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);

    /** A valid Kling 2.6 Pro transfer. */
    protected final MotionTransfer aTransfer() {
        return aTransfer(AT);
    }

    /** A valid transfer to {@code at}; override when the implementation needs particular URLs. */
    protected MotionTransfer aTransfer(ModelTier at) {
        return new MotionTransfer(
                new CharacterImage(HttpUrl.of("https://example.com/a.png")),
                new ReferenceVideo(HttpUrl.of("https://example.com/motion.mp4")),
                Optional.of(new Prompt("a character dancing")),
                CharacterOrientation.VIDEO,
                CfgScale.DEFAULT,
                Optional.empty(),
                at);
    }

    @BeforeEach
    final void createProvider() {
        provider = newProvider();
    }

    @Test
    void submitReturnsACreatedTaskWithAnId() {
        Task task = done(provider.submit(OWNER, aTransfer()));

        assertThat(task.id()).isNotNull();
        assertThat(task.status()).isEqualTo(TaskStatus.CREATED);
        assertThat(task.generated()).isEmpty();
    }

    @Test
    void twoSubmissionsAreTwoTasks() {
        Task first = done(provider.submit(OWNER, aTransfer()));

        Task second = done(provider.submit(OWNER, aTransfer()));

        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void ownerCanReadTheStatusOfASubmittedTask() {
        Task submitted = done(provider.submit(OWNER, aTransfer()));

        Task status = done(provider.status(OWNER, submitted.id(), AT));

        assertThat(status.id()).isEqualTo(submitted.id());
        assertThat(status.status().isKnown()).isTrue();
    }

    @Test
    void submittedTaskEventuallyCompletesWithAGeneratedVideo() {
        Task submitted = done(provider.submit(OWNER, aTransfer()));

        letSubmittedTasksComplete();
        Task status = done(provider.status(OWNER, submitted.id(), AT));

        assertThat(status.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(status.generated()).isNotEmpty();
        assertThat(status.generated()).allSatisfy(url -> assertThat(url.isAbsolute()).isTrue());
    }

    @Test
    void anIdThatWasNeverIssuedIsAnUnknownTask() {
        TaskId neverIssued = new TaskId("00000000-0000-4000-8000-000000000000");

        Throwable failure = failureOf(provider.status(OWNER, neverIssued, AT));

        assertThat(failure).isInstanceOfSatisfying(MotionTransferFailure.UnknownTask.class,
                unknown -> assertThat(unknown.taskId()).isEqualTo(neverIssued));
    }

    @Test
    void listShowsTheOwnersTasksNewestFirst() {
        Task first = done(provider.submit(OWNER, aTransfer()));
        Task second = done(provider.submit(OWNER, aTransfer()));

        List<TaskId> listed = done(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).stream().map(Task::id).toList();

        assertThat(listed).containsSubsequence(second.id(), first.id());
    }

    @Test
    void aKling3TaskIsKnownAtItsOwnModelAndUnknownAtKling26() {
        ModelTier v3 = new ModelTier(Model.KLING_3, Tier.STANDARD);
        Task submitted = done(provider.submit(OWNER, aTransfer(v3)));

        Task status = done(provider.status(OWNER, submitted.id(), v3));
        Throwable elsewhere = failureOf(provider.status(OWNER, submitted.id(), AT));

        assertThat(status.id()).isEqualTo(submitted.id());
        assertThat(elsewhere).isInstanceOf(MotionTransferFailure.UnknownTask.class);
    }

    @Test
    void aKling3TaskIsAskedForAtItsOwnTiersPathOnly() {
        Task submitted = done(provider.submit(OWNER, aTransfer(new ModelTier(Model.KLING_3, Tier.PRO))));

        Throwable atTheOtherTier = failureOf(provider.status(OWNER, submitted.id(), new ModelTier(Model.KLING_3, Tier.STANDARD)));

        assertThat(atTheOtherTier).isInstanceOf(MotionTransferFailure.UnknownTask.class);
    }

    @Test
    void aModelsListHoldsItsOwnTasksOnlyAndKling3ListsPerTier() {
        Task v26 = done(provider.submit(OWNER, aTransfer()));
        Task v3Pro = done(provider.submit(OWNER, aTransfer(new ModelTier(Model.KLING_3, Tier.PRO))));
        Task v3Std = done(provider.submit(OWNER, aTransfer(new ModelTier(Model.KLING_3, Tier.STANDARD))));

        List<TaskId> kling26 = done(provider.list(OWNER, Model.KLING_2_6, Optional.empty())).stream().map(Task::id).toList();
        List<TaskId> kling3Pro = done(provider.list(OWNER, Model.KLING_3, Optional.of(Tier.PRO))).stream()
                .map(Task::id).toList();

        assertThat(kling26).contains(v26.id()).doesNotContain(v3Pro.id(), v3Std.id());
        assertThat(kling3Pro).contains(v3Pro.id()).doesNotContain(v26.id(), v3Std.id());
    }

    private static Owner owner(String key) {
        return new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey(key));
    }

    /** The stage's value; fails the test if the stage fails or takes too long. */
    protected static <T> T done(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a value, but the stage failed with " + unwrapped(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** What the stage failed with, unwrapped from the future's wrapper; fails the test if it succeeds. */
    protected static Throwable failureOf(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, but the stage completed with " + value);
        } catch (ExecutionException e) {
            return unwrapped(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
