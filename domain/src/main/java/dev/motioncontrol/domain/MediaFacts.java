package dev.motioncontrol.domain;

import java.util.Objects;
import java.util.Optional;

/** What was measured of a submission's media before it was paid for: either, both or neither. */
public record MediaFacts(Optional<ImageFacts> image, Optional<VideoFacts> video) {

    /** Nothing measured (no preflight, or a submission from before it). */
    public static final MediaFacts NONE = new MediaFacts(Optional.empty(), Optional.empty());

    public MediaFacts {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(video, "video");
    }

    public boolean isEmpty() {
        return image.isEmpty() && video.isEmpty();
    }
}
