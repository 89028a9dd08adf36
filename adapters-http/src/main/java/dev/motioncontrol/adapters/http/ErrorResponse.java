package dev.motioncontrol.adapters.http;

import dev.motioncontrol.freepik.api.ErrorBody;
import java.util.OptionalLong;

/**
 * An error as it goes out: the status, the body and, for a 429 whose wait is known, the seconds for
 * {@code Retry-After}.
 */
record ErrorResponse(int status, ErrorBody body, OptionalLong retryAfterSeconds) {

    ErrorResponse(int status, String message) {
        this(status, new ErrorBody(message), OptionalLong.empty());
    }
}
