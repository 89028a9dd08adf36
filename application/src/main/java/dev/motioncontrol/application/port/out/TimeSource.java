package dev.motioncontrol.application.port.out;

import java.time.Instant;

/** The current time, so that whatever depends on it can be driven by a test. */
@FunctionalInterface
public interface TimeSource {

    Instant now();

    /** The machine's clock. */
    static TimeSource system() {
        return Instant::now;
    }
}
