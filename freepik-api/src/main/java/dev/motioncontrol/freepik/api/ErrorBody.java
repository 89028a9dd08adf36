package dev.motioncontrol.freepik.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Every error answer: {@code {"message":"…"}}, plus {@code "invalid_params":[…]} on a 400 that names the fields
 * at fault (left out when empty). The provider also sends it wrapped as {@code {"problem":{…}}};
 * {@link FreepikJson#readError} reads both.
 */
public record ErrorBody(
        String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InvalidParam> invalidParams) {

    /** No message and no parameters: what an unreadable error answer amounts to. */
    public static final ErrorBody EMPTY = new ErrorBody(null, List.of());

    public ErrorBody {
        invalidParams = invalidParams == null ? List.of() : List.copyOf(invalidParams);
    }

    public ErrorBody(String message) {
        this(message, List.of());
    }
}
