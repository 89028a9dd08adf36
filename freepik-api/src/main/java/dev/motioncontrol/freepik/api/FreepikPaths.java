package dev.motioncontrol.freepik.api;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Tier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's motion-control paths, in one table: for each model and tier, where a task is submitted and
 * where its model keeps its tasks (the list, and the status of one task under it, {@code …/{task-id}}).
 *
 * <pre>
 * model      tier  submit (POST)                                   tasks (GET list, GET …/{task-id})
 * Kling 2.6  pro   /v1/ai/video/kling-v2-6-motion-control-pro      /v1/ai/image-to-video/kling-v2-6
 * Kling 2.6  std   /v1/ai/video/kling-v2-6-motion-control-std      /v1/ai/image-to-video/kling-v2-6
 * Kling 3    pro   /v1/ai/video/kling-v3-motion-control-pro        /v1/ai/video/kling-v3-motion-control-pro
 * Kling 3    std   /v1/ai/video/kling-v3-motion-control-std        /v1/ai/video/kling-v3-motion-control-std
 * </pre>
 *
 * Kling 2.6 keeps both tiers' tasks under one path; Kling 3 has a path per tier. Public clients also poll a
 * 2.6 task under its submit path ({@code …-motion-control-pro/{task-id}}), so {@link #statusPaths} counts
 * the submit paths too.
 */
public final class FreepikPaths {

    /** One row of the table. */
    public record Endpoints(Model model, Tier tier, String submit, String tasks) {

        public Endpoints {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(submit, "submit");
            Objects.requireNonNull(tasks, "tasks");
        }

        /** Where the provider answers the status of one task of this model and tier. */
        public String status(String taskId) {
            return tasks + "/" + taskId;
        }
    }

    /** A list path, with the tier it lists when it lists one tier only. */
    public record ListPath(String path, Model model, Optional<Tier> tier) {
    }

    private static final List<Endpoints> TABLE = List.of(
            new Endpoints(Model.KLING_2_6, Tier.PRO,
                    "/v1/ai/video/kling-v2-6-motion-control-pro", "/v1/ai/image-to-video/kling-v2-6"),
            new Endpoints(Model.KLING_2_6, Tier.STANDARD,
                    "/v1/ai/video/kling-v2-6-motion-control-std", "/v1/ai/image-to-video/kling-v2-6"),
            new Endpoints(Model.KLING_3, Tier.PRO,
                    "/v1/ai/video/kling-v3-motion-control-pro", "/v1/ai/video/kling-v3-motion-control-pro"),
            new Endpoints(Model.KLING_3, Tier.STANDARD,
                    "/v1/ai/video/kling-v3-motion-control-std", "/v1/ai/video/kling-v3-motion-control-std"));

    private FreepikPaths() {
    }

    /** Every row, models in order, Pro before Standard. */
    public static List<Endpoints> all() {
        return TABLE;
    }

    /** The row of {@code where}'s model and tier. */
    public static Endpoints of(ModelTier where) {
        return of(where.model(), where.tier());
    }

    /** The row of {@code model} and {@code tier}. */
    public static Endpoints of(Model model, Tier tier) {
        for (Endpoints endpoints : TABLE) {
            if (endpoints.model() == model && endpoints.tier() == tier) {
                return endpoints;
            }
        }
        throw new IllegalArgumentException("no endpoints for " + model + " " + tier);
    }

    /**
     * The paths under which a task of {@code model} is found by its id ({@code path + "/" + id}): its
     * model's task paths and, as public clients poll there too, its submit paths. Never another model's.
     */
    public static List<String> statusPaths(Model model) {
        Set<String> paths = new LinkedHashSet<>();
        for (Endpoints endpoints : TABLE) {
            if (endpoints.model() == model) {
                paths.add(endpoints.tasks());
            }
        }
        for (Endpoints endpoints : TABLE) {
            if (endpoints.model() == model) {
                paths.add(endpoints.submit());
            }
        }
        return List.copyOf(paths);
    }

    /** Every list path: Kling 2.6's lists both tiers, each of Kling 3's one tier. */
    public static List<ListPath> listPaths() {
        List<ListPath> lists = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Endpoints endpoints : TABLE) {
            if (seen.add(endpoints.tasks())) {
                long tiers = TABLE.stream().filter(other -> other.tasks().equals(endpoints.tasks())).count();
                lists.add(new ListPath(endpoints.tasks(), endpoints.model(),
                        tiers == 1 ? Optional.of(endpoints.tier()) : Optional.empty()));
            }
        }
        return List.copyOf(lists);
    }
}
