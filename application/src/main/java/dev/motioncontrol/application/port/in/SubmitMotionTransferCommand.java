package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.domain.MotionTransferRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * A caller's request to transfer motion, as received; the use case checks it.
 *
 * @param idempotencyKey the caller's name for this one request (Stripe's {@code Idempotency-Key}): the same key
 *                       with the same request, sent again within the keys' lifetime, gets the first one's task
 *                       and pays nothing more; at most 255 characters, none of them a control character
 * @param cancellation   whether the caller still waits: one that has gone before the submit was sent to the provider
 *                       is not sent (nothing is paid); once sent, it is seen through
 */
public record SubmitMotionTransferCommand(ClientKey caller, MotionTransferRequest request,
        Optional<String> idempotencyKey, Cancellation cancellation) {

    /** What the idempotency key is called, on the wire (a header) and in violations. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    public SubmitMotionTransferCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** A request whose caller waits for its answer whatever happens. */
    public SubmitMotionTransferCommand(ClientKey caller, MotionTransferRequest request, Optional<String> idempotencyKey) {
        this(caller, request, idempotencyKey, Cancellation.never());
    }

    /** A request without an idempotency key: each one sent is a new, paid task. */
    public SubmitMotionTransferCommand(ClientKey caller, MotionTransferRequest request) {
        this(caller, request, Optional.empty());
    }
}
