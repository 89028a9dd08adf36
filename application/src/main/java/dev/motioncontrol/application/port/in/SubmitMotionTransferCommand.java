package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.MotionTransferRequest;
import java.util.Objects;

/** A caller's request to transfer motion, as received; the use case checks it. */
public record SubmitMotionTransferCommand(ClientKey caller, MotionTransferRequest request) {

    public SubmitMotionTransferCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
    }
}
