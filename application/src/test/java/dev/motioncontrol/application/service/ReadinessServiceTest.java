package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.in.CheckReadinessUseCase.Dependency;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.ResultQueue;
import dev.motioncontrol.application.port.out.SeenProviderWebhooks;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.Submissions;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.WebhookOutbox;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Readiness: the store's ping, within its time, and what the provider last said of the key, never asked for it. */
class ReadinessServiceTest {

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-12-03T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final MapStateStore store = new MapStateStore();

    @Test
    void readyWhenTheStoreAnswersAndNothingIsKnownAgainstTheProvider() {
        List<Dependency> checked = resultOf(new ReadinessService(store, provider(Optional.empty()), scheduler)
                .checkReadiness());

        assertThat(checked).extracting(Dependency::name).containsExactly(Dependency.STORE, Dependency.PROVIDER);
        assertThat(checked).allMatch(Dependency::ready);
    }

    @Test
    void aStoreThatFailsIsNotReadyAndSaysWhy() {
        store.becomeUnavailable();

        Dependency checked = resultOf(new ReadinessService(store, provider(Optional.empty()), scheduler)
                .checkReadiness()).get(0);

        assertThat(checked.ready()).isFalse();
        assertThat(checked.problem()).hasValueSatisfying(why -> assertThat(why).contains("away"));
    }

    @Test
    void aStoreThatDoesNotAnswerIsNotReadyOnceItsTimeIsUp() {
        StateStore silent = new StateStore() {
            @Override
            public CompletionStage<Void> ping() {
                return new CompletableFuture<>();
            }

            @Override
            public TaskRecords tasks() {
                return store;
            }

            @Override
            public WebhookOutbox outbox() {
                return store;
            }

            @Override
            public ResultQueue results() {
                return store.results();
            }

            @Override
            public Submissions submissions() {
                return store;
            }

            @Override
            public SeenProviderWebhooks seenProviderWebhooks() {
                return store.seenProviderWebhooks();
            }

            @Override
            public CompletionStage<byte[]> ownerSecret() {
                return store.ownerSecret();
            }

            @Override
            public void close() {
            }
        };
        CompletableFuture<List<Dependency>> checked = new ReadinessService(silent, provider(Optional.empty()),
                scheduler).checkReadiness().toCompletableFuture();
        assertThat(checked).isNotDone();

        scheduler.advance(ReadinessService.STORE_TIMEOUT);

        assertThat(checked.join().get(0).problem()).hasValueSatisfying(why -> assertThat(why).contains("2 s"));
    }

    @Test
    void aProviderThatRefusedTheKeyIsNotReady() {
        Dependency checked = resultOf(new ReadinessService(store, provider(Optional.of("the key was refused")),
                scheduler).checkReadiness()).get(1);

        assertThat(checked.problem()).contains("the key was refused");
    }

    private static VideoProvider provider(Optional<String> unready) {
        return new VideoProvider() {
            @Override
            public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
                throw new AssertionError("readiness never calls the provider");
            }

            @Override
            public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
                throw new AssertionError("readiness never calls the provider");
            }

            @Override
            public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
                throw new AssertionError("readiness never calls the provider");
            }

            @Override
            public Optional<String> unreadyBecause() {
                return unready;
            }
        };
    }
}
