package dev.motioncontrol.server;

import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.memory.InMemoryTaskRecords;
import dev.motioncontrol.adapters.freepik.fake.FakeVideoProvider;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.service.MotionTransferService;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.UrlAccessPolicy;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The library's front door: the motion-transfer use cases, wired to a video provider, for a Java
 * application that embeds them instead of running the HTTP service.
 *
 * <pre>{@code
 * MotionControl motion = MotionControl.builder()
 *         .fake(FakeProviderSettings.defaults(URI.create("https://media.example.com/")))
 *         .build();
 * }</pre>
 *
 * <p>Every method is asynchronous and thread-safe; failures complete the stage exceptionally with a
 * {@link dev.motioncontrol.application.MotionTransferFailure}.
 */
public final class MotionControl implements SubmitMotionTransferUseCase, GetTaskStatusUseCase, ListTasksUseCase {

    private final MotionTransferService service;

    private MotionControl(MotionTransferService service) {
        this.service = service;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Task> submit(SubmitMotionTransferCommand command) {
        return service.submit(command);
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        return service.getStatus(query);
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        return service.listTasks(query);
    }

    /** Chooses the provider and the rules; {@link #build()} needs a provider. */
    public static final class Builder {

        private VideoProvider provider;
        private TaskRecords records;
        private AcceptedClientKeys acceptedKeys = AcceptedClientKeys.any();
        private UrlAccessPolicy urlAccess = UrlAccessPolicy.publicOnly();
        private TimeSource time = TimeSource.system();

        private Builder() {
        }

        /** Any provider: the fake, the Freepik client, or your own test double. */
        public Builder provider(VideoProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The in-memory fake provider, offline and free, with these settings and this builder's clock. */
        public Builder fake(FakeProviderSettings settings) {
            return provider(new FakeVideoProvider(settings, time));
        }

        /** The clock the fake runs on; set it before {@link #fake(FakeProviderSettings)}. */
        public Builder time(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Where the service records which client created which task; by default in memory
         * ({@link InMemoryTaskRecords#withDefaults()}, on this builder's clock).
         */
        public Builder records(TaskRecords records) {
            this.records = Objects.requireNonNull(records, "records");
            return this;
        }

        /** Which client keys are let in; by default any non-blank key, each its own client. */
        public Builder acceptedKeys(AcceptedClientKeys acceptedKeys) {
            this.acceptedKeys = Objects.requireNonNull(acceptedKeys, "acceptedKeys");
            return this;
        }

        /** Which media and webhook hosts are allowed; by default only public ones. */
        public Builder urlAccess(UrlAccessPolicy urlAccess) {
            this.urlAccess = Objects.requireNonNull(urlAccess, "urlAccess");
            return this;
        }

        public MotionControl build() {
            if (provider == null) {
                throw new IllegalStateException("choose a provider: fake(...) or provider(...)");
            }
            TaskRecords taskRecords = records != null ? records : new InMemoryTaskRecords(
                    InMemoryTaskRecords.DEFAULT_MAX_TASKS, InMemoryTaskRecords.DEFAULT_MAX_AGE, time);
            return new MotionControl(new MotionTransferService(
                    provider, taskRecords, acceptedKeys, new MotionTransferRules(urlAccess)));
        }
    }
}
