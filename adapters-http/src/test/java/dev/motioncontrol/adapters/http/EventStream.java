package dev.motioncontrol.adapters.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Server-Sent Events in a stream's text so far: complete events only, comments left out. */
final class EventStream {

    private EventStream() {
    }

    /** Each complete event as its fields ({@code id}, {@code event}, {@code data}) in order. */
    static List<Map<String, String>> events(CharSequence text) {
        List<Map<String, String>> events = new ArrayList<>();
        String[] blocks = text.toString().split("\n\n", -1);
        // The last block is what follows the last blank line: not a complete event yet.
        for (int i = 0; i < blocks.length - 1; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : blocks[i].split("\n")) {
                if (line.isEmpty() || line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
            }
            if (!fields.isEmpty()) {
                events.add(fields);
            }
        }
        return events;
    }

    /** How many comment lines ({@code : …}) the text holds. */
    static long comments(CharSequence text) {
        return text.toString().lines().filter(line -> line.startsWith(":")).count();
    }
}
