package dev.motioncontrol.adapters.freepik.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link FreepikStubServer} does to one request instead of (or on top of) answering it as the
 * provider would. A {@link Respond} fault answers without looking at the request, so a submit it answers
 * creates no task; {@link Delay} and {@link Reset} first handle the request as the provider would (a submit
 * creates its task) and then lose the answer: the worst case for a client, which cannot tell.
 */
public sealed interface Fault {

    /** Answers {@code status} with {@code headers} and {@code body}; creates nothing. */
    record Respond(int status, Map<String, String> headers, String body) implements Fault {
        public Respond {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }

    /** Handles the request normally, then answers only after {@code delay}. */
    record Delay(Duration delay) implements Fault {
        public Delay {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Reads the request, handles it normally, then closes the connection without answering. */
    record Reset() implements Fault {
    }

    /** Answers like {@code answer}, but only after {@code delay}; creates nothing. */
    record Late(Duration delay, Respond answer) implements Fault {
        public Late {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * Answers 200 with a chunked body that never ends: one space every {@code every}, so that an idle timeout
     * never fires, until the client closes the connection (or 2000 spaces have gone).
     */
    record Trickle(Duration every) implements Fault {
        public Trickle {
            Objects.requireNonNull(every, "every");
        }
    }

    static Fault respond(int status, String body) {
        return new Respond(status, Map.of(), body);
    }

    static Fault serverError() {
        return respond(500, "{\"message\":\"Internal Server Error\"}");
    }

    static Fault badGateway() {
        return respond(502, "{\"message\":\"Bad Gateway\"}");
    }

    static Fault gatewayTimeout() {
        return respond(504, "{\"message\":\"Gateway Timeout\"}");
    }

    static Fault unavailable() {
        return respond(503, "{\"message\":\"Service Unavailable. Please try again later.\"}");
    }

    /** 429 "Too many requests", with {@code Retry-After: retryAfter} unless it is {@code null}. */
    static Fault rateLimited(String retryAfter) {
        return new Respond(429, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter),
                "{\"message\":\"Too many requests\"}");
    }

    static Fault unauthorized() {
        return respond(401, "{\"message\":\"Invalid API key\"}");
    }

    static Fault forbidden() {
        return respond(403, "{\"message\":\"Forbidden\"}");
    }

    static Fault notFound() {
        return respond(404, "{\"message\":\"Not found\"}");
    }

    /** A 200 whose body is not JSON at all. */
    static Fault malformedJson() {
        return respond(200, "{\"data\": {\"task_id\": ");
    }

    /** A 200 with well-formed JSON of a shape the provider does not document. */
    static Fault unexpectedShape(String json) {
        return respond(200, json);
    }

    /** 400 in the {@code {"problem":{"message","invalid_params":[...]}}} shape. */
    static Fault badRequestInProblemShape(String name, String reason) {
        return respond(400, "{\"problem\":{\"message\":\"Your request parameters didn't validate.\","
                + "\"invalid_params\":[{\"name\":\"" + name + "\",\"reason\":\"" + reason + "\"}]}}");
    }

    /** 400 in the top-level {@code {"message","invalid_params":[...]}} shape. */
    static Fault badRequest(String name, String reason) {
        return respond(400, "{\"message\":\"Your request parameters didn't validate.\","
                + "\"invalid_params\":[{\"name\":\"" + name + "\",\"reason\":\"" + reason + "\"}]}");
    }

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    static Fault reset() {
        return new Reset();
    }

    static Fault late(Duration delay, int status, String body) {
        return new Late(delay, new Respond(status, Map.of(), body));
    }

    static Fault trickle(Duration every) {
        return new Trickle(every);
    }
}
