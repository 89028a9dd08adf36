package dev.motioncontrol.cli;

import java.util.Optional;

/**
 * Reads a Server-Sent Events stream a line at a time (the WHATWG rules the service writes by): {@code event:} names
 * the event, {@code data:} lines are joined with newlines, a line starting with {@code :} is a comment (the service's
 * keep-alive), and a blank line dispatches what came before it. Not thread-safe: one stream, one reader.
 */
final class ServerSentEvents {

    /** One dispatched event: its name ({@code message} when the stream named none) and its data. */
    record Event(String name, String data) {
    }

    private String name = "";
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** Takes one line of the stream, without its line ending; an event when the line ends one. */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            name = value;
        } else if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
        // "id" and "retry" mean nothing to a reader that reconnects on its own terms; other fields are ignored.
        return Optional.empty();
    }

    private Optional<Event> dispatch() {
        Optional<Event> event = hasData
                ? Optional.of(new Event(name.isEmpty() ? "message" : name, data.toString()))
                : Optional.empty();
        name = "";
        data.setLength(0);
        hasData = false;
        return event;
    }
}
