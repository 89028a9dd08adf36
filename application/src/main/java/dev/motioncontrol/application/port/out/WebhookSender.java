package dev.motioncontrol.application.port.out;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.WebhookUrl;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * Posts one signed webhook: the provider-shaped payload {@code {"task_id","status","generated"}} of
 * {@code task}, signed with the Standard Webhooks scheme. Makes one attempt (retries are the core's
 * decision) and refuses to connect to an address the service must not reach (loopback, private,
 * link-local, cloud metadata), judged on the address the name resolves to at the time of the call.
 */
@FunctionalInterface
public interface WebhookSender {

    /** One attempt; the stage never fails: a failure to connect or a refusal is an {@link Attempt} too. */
    CompletionStage<Attempt> send(WebhookUrl target, Task task);

    /**
     * What one attempt got: an HTTP status when the receiver answered, otherwise why there was no answer.
     */
    record Attempt(Instant at, OptionalInt status, Optional<String> error) {

        public Attempt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(error, "error");
        }

        public static Attempt answered(Instant at, int status) {
            return new Attempt(at, OptionalInt.of(status), Optional.empty());
        }

        public static Attempt failed(Instant at, String error) {
            return new Attempt(at, OptionalInt.empty(), Optional.of(error));
        }
    }
}
