package dev.motioncontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream reader: events as the service writes them, comments skipped. */
class ServerSentEventsTest {

    @Test
    void readsNamedEventsAndSkipsKeepAliveComments() {
        List<ServerSentEvents.Event> events = read("id: 1", "event: status", "data: {\"a\":1}", "",
                ": keep-alive", "", "id: 2", "event: status", "data:{\"b\":2}", "");

        assertThat(events).containsExactly(new ServerSentEvents.Event("status", "{\"a\":1}"),
                new ServerSentEvents.Event("status", "{\"b\":2}"));
    }

    @Test
    void joinsDataLinesAndNamesAnUnnamedEventMessage() {
        assertThat(read("data: one", "data: two", "")).containsExactly(new ServerSentEvents.Event("message", "one\ntwo"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsNameDoesNotCarryOver() {
        assertThat(read("event: error", "", "data: x", "")).containsExactly(new ServerSentEvents.Event("message", "x"));
    }

    private static List<ServerSentEvents.Event> read(String... lines) {
        ServerSentEvents reader = new ServerSentEvents();
        List<ServerSentEvents.Event> events = new ArrayList<>();
        for (String line : lines) {
            reader.line(line).ifPresent(events::add);
        }
        return events;
    }
}
