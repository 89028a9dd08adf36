package dev.motioncontrol.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Whether the service can do its work now: what it depends on, each checked without spending the provider's request
 * budget. For a load balancer's readiness probe: an instance that is not ready should get no traffic.
 */
public interface CheckReadinessUseCase {

    /** Checks every dependency; never fails (a check that fails is a dependency not ready). */
    CompletionStage<List<Dependency>> checkReadiness();

    /**
     * One dependency and how it stands.
     *
     * @param name    what it is: {@value #STORE} or {@value #PROVIDER}
     * @param problem why it is not ready, in words for the operator; empty when it is
     */
    record Dependency(String name, Optional<String> problem) {

        /** The store of the service's state. */
        public static final String STORE = "store";
        /** The provider that generates the videos, with the service's key. */
        public static final String PROVIDER = "provider";

        public Dependency {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(problem, "problem");
        }

        public boolean ready() {
            return problem.isEmpty();
        }
    }
}
