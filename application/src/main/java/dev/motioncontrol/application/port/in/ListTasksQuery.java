package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Tier;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose tasks, of which model and tier. The provider lists per model (Kling 2.6 both tiers at once, Kling 3
 * one tier at a time); empty means every model, or every tier of the model. A caller that has gone
 * ({@code cancellation}) needs no provider call made for it.
 */
public record ListTasksQuery(ClientKey caller, Optional<Model> model, Optional<Tier> tier, Cancellation cancellation) {

    public ListTasksQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(cancellation, "cancellation");
        if (tier.isPresent() && model.isEmpty()) {
            throw new IllegalArgumentException("a tier is listed within a model");
        }
    }

    /** The caller's tasks of {@code model} (and {@code tier}), for a caller that waits for them. */
    public ListTasksQuery(ClientKey caller, Optional<Model> model, Optional<Tier> tier) {
        this(caller, model, tier, Cancellation.never());
    }

    /** Every task of the caller's, of every model. */
    public ListTasksQuery(ClientKey caller) {
        this(caller, Optional.empty(), Optional.empty());
    }

    /** Whether a task at {@code at} belongs in this list. */
    public boolean covers(ModelTier at) {
        return model.map(asked -> asked == at.model()).orElse(true)
                && tier.map(asked -> asked == at.tier()).orElse(true);
    }
}
