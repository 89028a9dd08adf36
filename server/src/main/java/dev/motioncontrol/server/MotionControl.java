package dev.motioncontrol.server;

import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.memory.InMemoryTaskRecords;
import dev.motioncontrol.adapters.freepik.fake.FakeVideoProvider;
import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import dev.motioncontrol.adapters.freepik.http.FreepikVideoProvider;
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
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The library's front door: the motion-transfer use cases, wired to a video provider, for a Java
 * application that embeds them instead of running the HTTP service.
 *
 * <pre>{@code
 * try (MotionControl motion = MotionControl.builder()
 *         .freepik(FreepikSettings.freepik(System.getenv("FREEPIK_API_KEY")))
 *         .build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Every method is asynchronous and thread-safe; failures complete the stage exceptionally with a
 * {@link dev.motioncontrol.application.MotionTransferFailure}. {@link #close()} releases what the builder
 * created (the Freepik client and, unless one was given, its {@link Vertx}).
 */
public final class MotionControl
        implements SubmitMotionTransferUseCase, GetTaskStatusUseCase, ListTasksUseCase, AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final MotionTransferService service;
    private final List<Runnable> onClose;

    private MotionControl(MotionTransferService service, List<Runnable> onClose) {
        this.service = service;
        this.onClose = onClose;
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

    /**
     * Releases the Freepik client and the {@link Vertx} the builder created, waiting up to 30 s for the
     * latter. Blocks: call it from your own thread, never from a Vert.x event loop.
     */
    @Override
    public void close() {
        onClose.forEach(Runnable::run);
    }

    /** Chooses the provider and the rules; {@link #build()} needs a provider. */
    public static final class Builder {

        private VideoProvider provider;
        private FreepikSettings freepikSettings;
        private Vertx freepikVertx;
        private TaskRecords records;
        private AcceptedClientKeys acceptedKeys = AcceptedClientKeys.any();
        private UrlAccessPolicy urlAccess = UrlAccessPolicy.publicOnly();
        private TimeSource time = TimeSource.system();

        private Builder() {
        }

        /** Any provider: the fake, the Freepik client, or your own test double. */
        public Builder provider(VideoProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.freepikSettings = null;
            return this;
        }

        /**
         * Freepik's API (or Magnific's) with these settings, on a {@link Vertx} of its own that
         * {@link MotionControl#close()} closes.
         */
        public Builder freepik(FreepikSettings settings) {
            return freepik(null, settings);
        }

        /** Freepik's API (or Magnific's) with these settings, on your {@link Vertx}, which stays yours to close. */
        public Builder freepik(Vertx vertx, FreepikSettings settings) {
            this.freepikSettings = Objects.requireNonNull(settings, "settings");
            this.freepikVertx = vertx;
            this.provider = null;
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
            List<Runnable> onClose = new ArrayList<>();
            VideoProvider chosen = provider;
            if (freepikSettings != null) {
                Vertx vertx = freepikVertx != null ? freepikVertx : Vertx.vertx();
                FreepikVideoProvider freepik = new FreepikVideoProvider(vertx, freepikSettings);
                onClose.add(freepik::close);
                if (freepikVertx == null) {
                    onClose.add(() -> awaitClosed(vertx));
                }
                chosen = freepik;
            }
            if (chosen == null) {
                throw new IllegalStateException("choose a provider: freepik(...), fake(...) or provider(...)");
            }
            TaskRecords taskRecords = records != null ? records : new InMemoryTaskRecords(
                    InMemoryTaskRecords.DEFAULT_MAX_TASKS, InMemoryTaskRecords.DEFAULT_MAX_AGE, time);
            return new MotionControl(new MotionTransferService(
                    chosen, taskRecords, acceptedKeys, new MotionTransferRules(urlAccess)), List.copyOf(onClose));
        }

        private static void awaitClosed(Vertx vertx) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture()
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Closing is best effort: what could not be closed in time is left to the JVM's exit.
            }
        }
    }
}
