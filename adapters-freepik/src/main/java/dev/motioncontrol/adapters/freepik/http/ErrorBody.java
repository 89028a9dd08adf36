package dev.motioncontrol.adapters.freepik.http;

import java.util.List;

/**
 * The provider's error body, {@code {"message","invalid_params":[...]}}, read from the top level or from
 * under {@code "problem"} (both documented). Either part may be missing: {@code message} is then
 * {@code null} and {@code invalidParams} empty.
 */
record ErrorBody(String message, List<InvalidParam> invalidParams) {

    static final ErrorBody EMPTY = new ErrorBody(null, List.of());

    ErrorBody {
        invalidParams = invalidParams == null ? List.of() : List.copyOf(invalidParams);
    }
}
