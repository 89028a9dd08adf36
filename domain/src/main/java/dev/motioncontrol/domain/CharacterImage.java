package dev.motioncontrol.domain;

import java.util.Objects;

/** The picture of the character the motion is transferred onto ({@code image_url}). */
public record CharacterImage(HttpUrl url) {

    public CharacterImage {
        Objects.requireNonNull(url, "url");
        MediaFormats.IMAGE.problemWith(url).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }
}
