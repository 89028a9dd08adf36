package dev.motioncontrol.application.service;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Answers where one of the caller's tasks stands. A task the caller did not create is unknown, and the
 * provider is not asked about it; a finished task is answered from the service's records, without asking the
 * provider again, and so is an unfinished one whose record is {@linkplain StatusFreshness fresh enough}; any other
 * is asked of the provider and the answer recorded, never backwards.
 *
 * <p>Concurrent requests for the same task share one provider call (single flight). The call is dropped only when
 * every request that waits for it has gone.
 */
public final class GetTaskStatusService implements GetTaskStatusUseCase {

    private final TaskRecords records;
    private final VideoProvider provider;
    private final TaskReports reports;
    private final OwnerHashing owners;
    private final TimeSource time;
    private final StatusFreshness freshness;
    private final ConcurrentMap<TaskId, Flight> flights = new ConcurrentHashMap<>();

    public GetTaskStatusService(TaskRecords records, VideoProvider provider, TaskReports reports,
            OwnerHashing owners, TimeSource time, StatusFreshness freshness) {
        this.owners = Objects.requireNonNull(owners, "owners");
        this.records = Objects.requireNonNull(records, "records");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.time = Objects.requireNonNull(time, "time");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
    }

    @Override
    public CompletionStage<Task> getStatus(GetTaskStatusQuery query) {
        Owner owner = owners.of(query.caller());
        return records.find(owner, query.taskId()).thenCompose(known -> {
            TaskRecords.TaskRecord record = known.filter(found -> query.covers(found.modelTier()))
                    .orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId()));
            if (record.task().isTerminal() || freshness.isFresh(record, time.now())) {
                return CompletableFuture.completedStage(record.task());
            }
            return asked(record, query.cancellation())
                    .thenApply(updated -> updated.orElseThrow(
                            () -> new MotionTransferFailure.UnknownTask(query.taskId())));
        });
    }

    /** The provider's answer about {@code record}'s task, recorded: one call for every request that asks at once. */
    private CompletionStage<Optional<Task>> asked(TaskRecords.TaskRecord record, Cancellation caller) {
        if (caller.isCancelled()) {
            return CompletableFuture.failedStage(new MotionTransferFailure.ProviderUnavailable(
                    "The caller went away before the provider was asked"));
        }
        TaskId id = record.task().id();
        while (true) {
            Flight flight = flights.computeIfAbsent(id, started -> new Flight());
            if (flight.join(caller)) {
                if (flight.starter()) {
                    // Composed, so that a provider that throws still lands the flight.
                    CompletableFuture.completedFuture(flight)
                            .thenCompose(started -> provider.status(record.owner(), id, record.modelTier(), started.shared))
                            .thenCompose(reports::apply)
                            .whenComplete((answer, failure) -> {
                                flights.remove(id, flight);
                                flight.complete(answer, failure);
                            });
                }
                return flight.result;
            }
            // That flight had ended (everyone left) as this request came: start another.
            flights.remove(id, flight);
        }
    }

    /**
     * One provider call and the requests waiting for it. The call is cancelled when the last of them goes; a flight
     * every request has left takes no one more.
     */
    private static final class Flight {
        final Cancellation shared = Cancellation.create();
        final CompletableFuture<Optional<Task>> result = new CompletableFuture<>();
        /** What stops each waiting request's cancellation from telling this flight, once it has landed. */
        private final List<Runnable> forgetCallers = new ArrayList<>();
        private int waiting;
        private boolean started;
        private boolean abandoned;

        /** Adds a waiting request; false when the flight was abandoned. */
        synchronized boolean join(Cancellation caller) {
            if (abandoned) {
                return false;
            }
            waiting++;
            forgetCallers.add(caller.onCancel(this::left));
            return true;
        }

        /** True once, for the request that is to make the call. */
        synchronized boolean starter() {
            if (started) {
                return false;
            }
            started = true;
            return true;
        }

        private void left() {
            boolean last;
            synchronized (this) {
                last = --waiting == 0 && !result.isDone();
                abandoned |= last;
            }
            if (last) {
                shared.cancel();
            }
        }

        void complete(Optional<Task> answer, Throwable failure) {
            List<Runnable> forget;
            synchronized (this) {
                forget = List.copyOf(forgetCallers);
                forgetCallers.clear();
            }
            forget.forEach(Runnable::run);
            if (failure == null) {
                result.complete(answer);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }
}
