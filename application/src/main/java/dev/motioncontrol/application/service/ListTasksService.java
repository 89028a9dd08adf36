package dev.motioncontrol.application.service;

import java.util.stream.Collectors;
import java.util.Set;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lists the caller's tasks of the model (and tier) asked: asks the provider for the latest states of the models
 * in which the caller has unfinished tasks not checked lately (see {@link StatusFreshness}: none when every task
 * is over or fresh, so that a client listing in a loop costs no more than one polling a status), records them
 * (never backwards), and answers from the service's records, so that the caller sees its own tasks only, whatever account the
 * provider is called with. Lists of the same at once share one provider call; a provider list names the tasks of
 * every client on the account, whose records are then fresh too, so that clients listing do not add up.
 *
 * <p>The provider's list names a task's status, not its videos: a {@code COMPLETED} entry without them is not
 * taken as the task's end (which would record a finished task with nothing to download, and never ask again).
 * For such tasks of the caller's, the task itself is asked for and that answer recorded: at most
 * {@value #MOST_ASKED_PER_LIST} per list, one after another, so that one client's list costs the shared account a
 * bounded number of calls; the others are asked for by a later list, or by their own status.
 */
public final class ListTasksService implements ListTasksUseCase {

    /** How many tasks one list asks the provider for by themselves (see the class comment). */
    static final int MOST_ASKED_PER_LIST = 5;

    private final VideoProvider provider;
    private final TaskReports reports;
    private final TaskRecords records;
    private final OwnerHashing owners;
    private final StatusChecks checks;
    private final SingleFlight<Listed, Void> lists = new SingleFlight<>();
    private final ShownTasks shown;

    public ListTasksService(VideoProvider provider, TaskReports reports, TaskRecords records, OwnerHashing owners,
            StatusChecks checks) {
        this(provider, reports, records, owners, checks, ShownTasks.AS_RECORDED);
    }

    /** As above, listing tasks as {@code shown}. */
    public ListTasksService(VideoProvider provider, TaskReports reports, TaskRecords records, OwnerHashing owners,
            StatusChecks checks, ShownTasks shown) {
        this.shown = Objects.requireNonNull(shown, "shown");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.records = Objects.requireNonNull(records, "records");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    @Override
    public CompletionStage<List<Task>> listTasks(ListTasksQuery query) {
        Owner caller = owners.of(query.caller());
        return records.list(caller).thenCompose(before -> {
            // Only what may still move, and was not checked lately, is worth a provider call: the models of the
            // caller's unfinished tasks whose records no longer say enough, and whose check this list claims (a
            // status request, or a list on another instance, may be asking about them already).
            List<TaskRecords.TaskRecord> stale = before.stream()
                    .filter(record -> query.covers(record.modelTier()) && !checks.saysEnough(record))
                    .toList();
            Map<TaskId, TaskRecords.TaskRecord> open = before.stream().filter(record -> !record.task().isTerminal())
                    .collect(Collectors.toMap(record -> record.task().id(), record -> record));
            return claimedModels(stale).thenCompose(unfinished -> {
                CompletableFuture<?>[] listed = unfinished.stream()
                        .map(model -> lists.join(new Listed(caller, model, query.tier()), query.cancellation(),
                                        shared -> provider.list(caller, model, query.tier(), shared)
                                                .thenCompose(reported -> applyAll(caller, open, reported,
                                                        shared)))
                                .toCompletableFuture())
                        .toArray(CompletableFuture[]::new);
                return CompletableFuture.allOf(listed).thenCompose(applied -> records.list(caller));
            });
        }).thenApply(mine -> mine.stream()
                .filter(record -> query.covers(record.modelTier()))
                .map(shown::of)
                .toList());
    }

    /**
     * Records what the provider listed: every entry but a {@code COMPLETED} one without videos, which
     * is asked for by itself instead, if it is one of the caller's {@code open} (unfinished) tasks, at most
     * {@value #MOST_ASKED_PER_LIST} of them, one after another (a failure to ask leaves the record as it was). The
     * caller's tasks whose check this list claimed stand checked by the claim, named in the list or not; the others
     * it leaves to their own plan.
     */
    private CompletionStage<Void> applyAll(Owner caller, Map<TaskId, TaskRecords.TaskRecord> open,
            List<Task> reported, Cancellation cancellation) {
        CompletableFuture<?>[] applied = reported.stream().filter(task -> !completedWithoutVideos(task))
                .map(task -> reports.apply(task).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        CompletionStage<?> asked = CompletableFuture.completedFuture(null);
        for (Task task : reported.stream()
                .filter(task -> completedWithoutVideos(task) && open.containsKey(task.id()))
                .limit(MOST_ASKED_PER_LIST).toList()) {
            ModelTier at = open.get(task.id()).modelTier();
            asked = asked.thenCompose(before -> provider.status(caller, task.id(), at, cancellation)
                    .thenCompose(reports::apply)
                    .exceptionally(failed -> Optional.empty()));
        }
        return CompletableFuture.allOf(applied).thenCombine(asked, (all, last) -> null);
    }

    /** The models of the {@code stale} records whose check this list claimed, one or more each. */
    private CompletionStage<Set<Model>> claimedModels(List<TaskRecords.TaskRecord> stale) {
        Set<Model> models = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CompletableFuture<?>[] claims = stale.stream()
                .map(record -> checks.claim(record).thenAccept(mine -> {
                    if (mine) {
                        models.add(record.modelTier().model());
                    }
                }).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(claims).thenApply(claimed -> models);
    }

    /** What a provider list is asked for: lists of the same at once share one call. */
    private record Listed(Owner owner, Model model, Optional<Tier> tier) {
    }

    private static boolean completedWithoutVideos(Task task) {
        return task.status().equals(TaskStatus.COMPLETED) && task.generated().isEmpty();
    }
}
