package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.port.out.SharedRateBudget;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a call needs, put together once the client's home has started: the transport, the error policy,
 * the limits and the retry schedule, and the calls under way (so that closing the client ends them). Confined,
 * like every {@link ProviderCall}, to the home's context.
 */
final class ProviderCalls {

    final Vertx vertx;
    final FreepikSettings settings;
    final Redactor redactor;
    final FreepikTransport transport;
    final ErrorPolicy policy;
    final RequestLimits limits;
    final RetrySchedule retries;
    final OperatorAlerts alerts;
    final Telemetry telemetry;
    final KeyStanding key;
    private final Set<ProviderCall<?>> live = new HashSet<>();
    private boolean closed;

    ProviderCalls(Vertx vertx, HttpClient client, FreepikSettings settings, ProviderAnswers answers, Redactor redactor,
            Optional<SharedRateBudget> shared, Telemetry telemetry, KeyStanding key) {
        this.telemetry = telemetry;
        this.key = key;
        this.vertx = vertx;
        this.settings = settings;
        this.redactor = redactor;
        this.transport = new FreepikTransport(vertx, client, settings, redactor);
        this.policy = new ErrorPolicy(answers::error, redactor, Clock.systemUTC());
        this.limits = new RequestLimits(vertx, settings, shared);
        this.retries = new RetrySchedule(settings);
        this.alerts = new OperatorAlerts(redactor);
    }

    /**
     * Starts a call of {@code operation} for the client {@code lane} names (see {@link RequestLimits}) that must end
     * by {@code deadlineNanos}, with {@code result}, unless its caller has gone ({@code cancellation}); when the caller
     * goes later, the call is told, on this context.
     */
    <T> void start(Object lane, Operation operation, Buffer body, ErrorPolicy.AnswerReader<T> reader,
            long deadlineNanos, Promise<T> result, Cancellation cancellation, Context caller) {
        if (closed) {
            result.tryFail(closedFailure());
            return;
        }
        ProviderCall<T> call = new ProviderCall<>(this, lane, operation, body, reader, deadlineNanos, result, caller);
        live.add(call);
        Context home = vertx.getOrCreateContext();
        call.forgetCallerWith(cancellation.onCancel(() -> home.runOnContext(v -> call.callerLeft())));
        if (cancellation.isCancelled()) {
            // Gone before or while the listener was set: ended here and now, so that nothing is sent first.
            call.callerLeft();
            return;
        }
        call.start();
    }

    boolean closed() {
        return closed;
    }

    void ended(ProviderCall<?> call) {
        live.remove(call);
    }

    /** Ends every call under way (see {@link ProviderCall#clientClosed()}) and refuses new ones. */
    void close() {
        closed = true;
        try {
            for (ProviderCall<?> call : new ArrayList<>(live)) {
                call.clientClosed();
            }
        } finally {
            limits.close();
        }
    }

    static ProviderUnavailable closedFailure() {
        return new ProviderUnavailable("The Freepik client is closed");
    }
}
