package dev.motioncontrol.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A kind of operator line: at most one per window, the next saying how many were left out. */
class OperatorNoticeTest {

    private final List<String> logged = new ArrayList<>();

    private long now = 1_000;
    private final System.Logger logger = recording();

    @Test
    void aFloodWithinTheWindowBecomesOneLine() {
        OperatorNotice notice = notice(Duration.ofSeconds(10));

        notice.log(logger, System.Logger.Level.WARNING, () -> "one");
        now += Duration.ofSeconds(5).toNanos();
        notice.log(logger, System.Logger.Level.WARNING, () -> "two");
        notice.log(logger, System.Logger.Level.WARNING, () -> "three");

        assertThat(logged).containsExactly("one");
    }

    @Test
    void theFirstLineAfterTheWindowSaysHowManyWereLeftOut() {
        OperatorNotice notice = notice(Duration.ofSeconds(10));
        notice.log(logger, System.Logger.Level.WARNING, () -> "one");
        notice.log(logger, System.Logger.Level.WARNING, () -> "two");
        notice.log(logger, System.Logger.Level.WARNING, () -> "three");

        now += Duration.ofSeconds(10).toNanos();
        notice.log(logger, System.Logger.Level.WARNING, () -> "four");
        now += Duration.ofSeconds(10).toNanos();
        notice.log(logger, System.Logger.Level.WARNING, () -> "five");

        assertThat(logged).containsExactly("one", "four (and 2 more like it since the last such line)", "five");
    }

    private OperatorNotice notice(Duration window) {
        return new OperatorNotice(window, () -> now);
    }

    private System.Logger recording() {
        return new System.Logger() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, Supplier<String> message) {
                logged.add(message.get());
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
                logged.add(message);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                logged.add(format);
            }
        };
    }
}
