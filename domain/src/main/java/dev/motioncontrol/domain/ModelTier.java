package dev.motioncontrol.domain;

import java.util.Objects;

/**
 * Where a task runs: its model and, within it, its tier. Fixed when the task is submitted; the provider
 * knows a task only at the endpoints of its own model.
 */
public record ModelTier(Model model, Tier tier) {

    private static final ModelTier[][] ALL = all();

    public ModelTier {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
    }

    /** The one shared instance for {@code model} and {@code tier}: every task keeps one, so none is made per task. */
    public static ModelTier of(Model model, Tier tier) {
        return ALL[model.ordinal()][tier.ordinal()];
    }

    private static ModelTier[][] all() {
        ModelTier[][] all = new ModelTier[Model.values().length][Tier.values().length];
        for (Model model : Model.values()) {
            for (Tier tier : Tier.values()) {
                all[model.ordinal()][tier.ordinal()] = new ModelTier(model, tier);
            }
        }
        return all;
    }
}
