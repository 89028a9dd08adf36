package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void anInvalidOutcomeHasAtLeastOneViolation() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Validation.Invalid<MotionTransfer>(List.of()));
    }
}
