package dev.motioncontrol.domain;

import java.util.Objects;

/** The video whose motion is transferred onto the character ({@code video_url}). */
public record ReferenceVideo(HttpUrl url) {

    public ReferenceVideo {
        Objects.requireNonNull(url, "url");
        MediaFormats.VIDEO.problemWith(url).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }
}
