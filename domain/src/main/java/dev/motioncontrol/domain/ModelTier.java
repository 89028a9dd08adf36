package dev.motioncontrol.domain;

import java.util.Objects;

/**
 * Where a task runs: its model and, within it, its tier. Fixed when the task is submitted; the provider
 * knows a task only at the endpoints of its own model.
 */
public record ModelTier(Model model, Tier tier) {

    public ModelTier {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
    }
}
