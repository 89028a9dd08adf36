package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CfgScaleTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 1.0, 0.000001, 0.999999})
    void acceptsValuesFromZeroToOneInclusive(double value) {
        assertThat(new CfgScale(value).value()).isEqualTo(value);
    }

    @Test
    void acceptsNegativeZeroAsZero() {
        CfgScale scale = new CfgScale(-0.0);

        assertThat(scale).isEqualTo(new CfgScale(0.0));
        assertThat(Double.doubleToRawLongBits(scale.value())).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.000001, -1.0, 1.000001, 2.0})
    void rejectsValuesOutsideZeroToOne(double value) {
        assertThat(CfgScale.problemWith(value)).hasValue("must be between 0 and 1 inclusive, was " + value);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsNonFiniteValues(double value) {
        assertThat(CfgScale.problemWith(value)).hasValueSatisfying(reason -> assertThat(reason).contains("finite"));
    }

    @Test
    void constructorRejectsCfgScaleAboveOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CfgScale(1.000001));
    }

    @Test
    void defaultIsOneHalf() {
        assertThat(CfgScale.DEFAULT.value()).isEqualTo(0.5);
    }
}
