package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import dev.motioncontrol.application.MotionTransferFailure.SubmissionUncertain;
import dev.motioncontrol.application.port.out.Telemetry;
import io.github.resilience4j.retry.Retry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to the provider, from its first attempt to its outcome: each attempt waits for the {@link
 * RequestLimits}, goes through the {@link FreepikTransport}, is judged by the {@link ErrorPolicy}, and may be
 * tried again after the wait the {@link RetrySchedule} gives, while that fits before the deadline.
 *
 * <p>Every phase is bounded by the deadline on its own, so no deadline timer has to race with the others: a wait
 * for the limits ends at the deadline, an attempt in flight is cut at it by the transport, and a retry is
 * scheduled only when its wait ends before it. A retried submit needs its whole request timeout after the wait,
 * so that a retry is never cut short into an uncertain submit by the deadline alone.
 *
 * <p>Confined to the client's home context; every step is guarded, so that whatever one throws ends the call,
 * frees its slot and tells the caller.
 */
final class ProviderCall<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCall.class);

    private enum Phase { WAITING, IN_FLIGHT, BACKING_OFF, DONE }

    private final ProviderCalls calls;
    private final Operation operation;
    /** Whose turn this call waits for (see {@link RequestLimits}). */
    private final Object lane;
    private final Buffer body;
    private final ErrorPolicy.AnswerReader<T> reader;
    private final long deadlineNanos;
    private final Promise<T> result;
    /** The caller's Vert.x context, if it has one: the operator's lines about this call are logged there. */
    private final Context caller;
    private final Retry.AsyncContext<Object> retries;
    private final String deadlinePassed;

    private final long startedNanos = System.nanoTime();
    private long turnAskedNanos;
    private Phase phase = Phase.WAITING;
    private int attempts;
    private MotionTransferFailure lastFailure;
    private Future<RequestLimits.Permit> admission;
    private RequestLimits.Permit permit;
    private FreepikTransport.Exchange exchange;
    private long retryTimer = -1;
    private Runnable forgetCaller = () -> { };

    ProviderCall(ProviderCalls calls, Object lane, Operation operation, Buffer body,
            ErrorPolicy.AnswerReader<T> reader, long deadlineNanos, Promise<T> result, Context caller) {
        this.caller = caller;
        this.calls = calls;
        this.lane = lane;
        this.operation = operation;
        this.body = body;
        this.reader = reader;
        this.deadlineNanos = deadlineNanos;
        this.result = result;
        this.retries = calls.retries.forOneCall();
        this.deadlinePassed = "the total deadline of " + calls.settings.totalDeadline().toMillis() + " ms passed";
    }

    void start() {
        guarded(this::attempt);
    }

    /** What stops the caller's cancellation from telling this call, once the call has ended. */
    void forgetCallerWith(Runnable forget) {
        this.forgetCaller = forget;
    }

    /** The client is closing: a call in flight has its attempt cut (and judged), any other ends now. */
    void clientClosed() {
        guarded(() -> {
            if (phase == Phase.IN_FLIGHT && exchange != null) {
                // Its outcome (judged as any other: a submit on the wire is uncertain) ends the call.
                exchange.cut("the Freepik client was closed");
            } else {
                end(ProviderCalls.closedFailure(), null);
            }
        });
    }

    /**
     * The caller has gone: the call ends now, unless it is a submit on the wire (which may be paid for, and is seen
     * through). One still waiting for its turn leaves the queue without spending a request of the budget.
     */
    void callerLeft() {
        guarded(() -> {
            if (phase == Phase.DONE || operation.isSubmit() && phase == Phase.IN_FLIGHT) {
                return;
            }
            Future<RequestLimits.Permit> waitingFor = phase == Phase.WAITING ? admission : null;
            end(callerGone(operation), null);
            if (waitingFor != null) {
                calls.limits.withdraw(waitingFor);
            }
        });
    }

    /** Why a call whose caller had gone ended: nothing of it reached the provider, or what did was cut. */
    static ProviderUnavailable callerGone(Operation operation) {
        return new ProviderUnavailable("The caller went away; " + (operation.isSubmit()
                ? "the submission was not sent, so nothing was created" : "the call to the provider was dropped"));
    }

    private void attempt() {
        phase = Phase.WAITING;
        retryTimer = -1;
        turnAskedNanos = System.nanoTime();
        admission = calls.limits.admit(deadlineNanos, lane);
        admission.onComplete(admitted -> guarded(() -> admitted(admitted)));
    }

    private void admitted(AsyncResult<RequestLimits.Permit> admission) {
        if (admission.succeeded() && phase != Phase.WAITING) {
            // The call ended while this attempt waited for its turn: it must send nothing.
            admission.result().release();
            return;
        }
        if (phase != Phase.WAITING) {
            return;
        }
        if (admission.failed() || deadlineNanos - System.nanoTime() <= 0) {
            if (admission.succeeded()) {
                admission.result().release();
            }
            // A call that never got its turn failed as it last did, or as rate limited.
            end(lastFailure != null ? lastFailure
                    : admission.failed() ? failureOf(admission.cause()) : new RateLimited(Optional.empty()), null);
            return;
        }
        permit = admission.result();
        calls.telemetry.providerTurnWaited(Duration.ofNanos(System.nanoTime() - turnAskedNanos));
        phase = Phase.IN_FLIGHT;
        attempts++;
        exchange = calls.transport.send(operation, body, deadlineNanos, deadlinePassed);
        exchange.outcome().onComplete(outcome -> guarded(() -> attempted(outcome.result())));
    }

    private void attempted(AttemptOutcome outcome) {
        if (phase != Phase.IN_FLIGHT) {
            return;
        }
        exchange = null;
        releasePermit();
        Duration remaining = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        Decision<T> decision = calls.policy.decide(operation, outcome, remaining, reader);
        if (decision instanceof Decision.Done<T> done) {
            retries.onComplete();
            end(null, done.value());
        } else if (decision instanceof Decision.Failed<T> failed) {
            end(failed.failure(), null);
        } else {
            retryLater((Decision.Retry<T>) decision);
        }
    }

    private void retryLater(Decision.Retry<T> retry) {
        lastFailure = retry.failure();
        long waitMillis = calls.closed() ? -1
                : retries.onError(new RetrySchedule.WorthRetrying(retry.failure(), retry.retryAfter()));
        if (waitMillis < 0 || !fitsBeforeTheDeadline(waitMillis)) {
            end(retry.failure(), null);
            return;
        }
        LOG.debug("Retrying {} in {} ms after {} (attempt {})", operation, waitMillis,
                calls.redactor.loggable(retry.reason()), attempts + 1);
        phase = Phase.BACKING_OFF;
        retryTimer = calls.vertx.setTimer(Math.max(1, waitMillis), id -> guarded(this::attempt));
    }

    private boolean fitsBeforeTheDeadline(long waitMillis) {
        // Both are at most a day (RetryAfter.MAX, FreepikSettings.MAX_DURATION): no overflow.
        long leftAfterWait = deadlineNanos - System.nanoTime() - Duration.ofMillis(waitMillis).toNanos();
        return operation.isSubmit() ? leftAfterWait >= calls.settings.requestTimeout().toNanos() : leftAfterWait > 0;
    }

    /** Ends the call once, with {@code failure} or, without one, {@code value}, releasing what it holds. */
    private void end(MotionTransferFailure failure, T value) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        calls.ended(this);
        forgetCaller.run();
        try {
            if (retryTimer >= 0) {
                calls.vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            if (exchange != null) {
                exchange.cut("the call had ended");
                exchange = null;
            }
        } finally {
            releasePermit();
            Telemetry.ProviderOutcome outcome = KeyStanding.outcomeOf(failure);
            calls.key.heard(outcome);
            calls.telemetry.providerCallEnded(operation.telemetryName(), outcome,
                    Duration.ofNanos(System.nanoTime() - startedNanos));
            // Whatever the clean-up above threw, the caller hears the outcome.
            if (failure == null) {
                result.tryComplete(value);
            } else if (result.tryFail(failure)) {
                onCallersContext(() -> {
                    if (failure instanceof SubmissionUncertain) {
                        LOG.warn("{}", calls.redactor.loggable(failure.getMessage()));
                    } else {
                        calls.alerts.ended(operation, failure);
                    }
                });
            }
        }
    }

    /**
     * Runs {@code logging} on the caller's context (at once when that is where this runs), so that its lines carry what
     * the caller's context carries: the request id of the API request that made the call.
     */
    private void onCallersContext(Runnable logging) {
        if (caller == null || caller == Vertx.currentContext()) {
            logging.run();
        } else {
            caller.runOnContext(v -> logging.run());
        }
    }

    private void releasePermit() {
        RequestLimits.Permit held = permit;
        permit = null;
        if (held != null) {
            held.release();
        }
    }

    /** Runs {@code step}; whatever it throws ends the call, saying what it knows. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            // A submit that may have been sent must not be reported as surely not created.
            String what = "the client failed: " + calls.redactor.describe(e);
            end(operation.isSubmit() && attempts > 0 ? calls.policy.uncertain(what)
                    : calls.policy.unavailable("The call to the provider failed: " + what), null);
        }
    }

    private MotionTransferFailure failureOf(Throwable cause) {
        return cause instanceof MotionTransferFailure typed ? typed
                : calls.policy.unavailable("The call to the provider failed: " + calls.redactor.describe(cause));
    }
}
