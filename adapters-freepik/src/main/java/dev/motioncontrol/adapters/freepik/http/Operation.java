package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.domain.TaskId;
import java.util.Objects;

/**
 * Which call an attempt belongs to: what it asks of the provider ({@link Kind}), and where, for the messages.
 *
 * @param taskId the task a status asks for; {@code null} for a submit or a list
 */
record Operation(Kind kind, String method, String path, TaskId taskId) {

    /** A submit may create a paid task; the reads (status, list) create nothing. */
    enum Kind { SUBMIT, STATUS, LIST }

    Operation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    static Operation submit(String path) {
        return new Operation(Kind.SUBMIT, "POST", path, null);
    }

    static Operation status(String path, TaskId taskId) {
        return new Operation(Kind.STATUS, "GET", path, Objects.requireNonNull(taskId, "taskId"));
    }

    static Operation list(String path) {
        return new Operation(Kind.LIST, "GET", path, null);
    }

    /** The operation as the service's telemetry names it. */
    Telemetry.ProviderOperation telemetryName() {
        return switch (kind) {
            case SUBMIT -> Telemetry.ProviderOperation.SUBMIT;
            case STATUS -> Telemetry.ProviderOperation.STATUS;
            case LIST -> Telemetry.ProviderOperation.LIST;
        };
    }

    boolean isSubmit() {
        return kind == Kind.SUBMIT;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
