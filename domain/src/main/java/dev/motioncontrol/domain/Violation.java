package dev.motioncontrol.domain;

import java.util.Objects;

/**
 * One broken rule of a request: the API field it concerns, named as on the wire ({@code image_url},
 * {@code cfg_scale}, ...), and a reason a person can act on.
 */
public record Violation(String field, String reason) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }
}
