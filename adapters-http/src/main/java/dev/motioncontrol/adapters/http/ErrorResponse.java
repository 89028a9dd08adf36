package dev.motioncontrol.adapters.http;

import dev.motioncontrol.freepik.api.ErrorBody;
import java.util.OptionalLong;

/**
 * An error as it goes out: the status, the body and, when the wait is known, the seconds for {@code Retry-After}
 * (a 429 or 503 without one gets a default wait).
 */
record ErrorResponse(int status, ErrorBody body, OptionalLong retryAfterSeconds) {

    ErrorResponse(int status, String message) {
        this(status, new ErrorBody(message), OptionalLong.empty());
    }
}
