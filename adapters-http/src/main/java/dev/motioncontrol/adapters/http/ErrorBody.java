package dev.motioncontrol.adapters.http;

import java.util.List;

/**
 * Every error answer: {@code {"message":"…"}}, plus {@code "invalid_params":[…]} on a 400 that can name the
 * fields at fault (left out of the JSON when empty).
 */
record ErrorBody(String message, List<InvalidParam> invalidParams) {

    ErrorBody {
        invalidParams = invalidParams == null ? List.of() : List.copyOf(invalidParams);
    }

    ErrorBody(String message) {
        this(message, List.of());
    }
}
