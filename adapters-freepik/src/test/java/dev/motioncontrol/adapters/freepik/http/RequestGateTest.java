package dev.motioncontrol.adapters.freepik.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestGateTest {

    private static double perNano(double perSecond) {
        return perSecond / 1_000_000_000.0;
    }

    @Test
    void wakesUpWhenTheNextTokenIsDue() {
        assertThat(RequestGate.wakeUpMillis(0.0, perNano(10))).isEqualTo(100);
        assertThat(RequestGate.wakeUpMillis(0.5, perNano(1))).isEqualTo(500);
    }

    @Test
    void wakesUpNoSoonerThanAMillisecond() {
        assertThat(RequestGate.wakeUpMillis(0.9999999, perNano(1_000_000))).isEqualTo(1);
        assertThat(RequestGate.wakeUpMillis(1.5, perNano(1))).isEqualTo(1);
    }

    @Test
    void aTinyRateWaitsLongInsteadOfOverflowingIntoABusyLoop() {
        assertThat(RequestGate.wakeUpMillis(0.0, perNano(0.001))).isEqualTo(1_000_000);
        assertThat(RequestGate.wakeUpMillis(0.0, perNano(1e-300))).isEqualTo(RequestGate.MAX_WAKE_UP_MILLIS);
        assertThat(RequestGate.wakeUpMillis(0.0, Double.MIN_VALUE)).isEqualTo(RequestGate.MAX_WAKE_UP_MILLIS);
    }
}
