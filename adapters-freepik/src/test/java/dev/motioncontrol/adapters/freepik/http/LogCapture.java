package dev.motioncontrol.adapters.freepik.http;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every java.util.logging record, at every level, while open; each record is kept as its formatted text,
 * stack trace included. The client logs through SLF4J, which the tests bind to java.util.logging
 * ({@code slf4j-jdk14}); Vert.x logs there by default.
 */
final class LogCapture implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final Logger adapter = Logger.getLogger("dev.motioncontrol.adapters.freepik");
    private final Level adapterLevel = adapter.getLevel();
    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String text = formatter.format(record);
            synchronized (lines) {
                lines.add(text);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        adapter.setLevel(Level.ALL);
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        adapter.setLevel(adapterLevel);
    }
}
