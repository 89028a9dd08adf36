package dev.motioncontrol.junit5;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that is a fixture of another test, run only through {@link Launched}: a build that selects it by name
 * (its {@code -Dtest} patterns replace the rule that leaves nested classes out) skips it, rather than failing on the
 * failures it is made to have.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LaunchedFixture.OnlyWhenLaunched.class)
@interface LaunchedFixture {

    /** The configuration parameter {@link Launched} sets. */
    String PARAMETER = "motion-control.launched-fixtures";

    /** Runs a fixture only when {@link Launched} runs it. */
    final class OnlyWhenLaunched implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by Launched")
                    : ConditionEvaluationResult.disabled("a fixture, run by the test it belongs to");
        }
    }
}
