package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.ClientKey;
import java.util.Objects;

/** Whose tasks. */
public record ListTasksQuery(ClientKey caller) {

    public ListTasksQuery {
        Objects.requireNonNull(caller, "caller");
    }
}
