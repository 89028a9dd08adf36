package dev.motioncontrol.domain;

import java.util.List;
import java.util.Optional;

/**
 * The file formats the provider accepts, judged from the extension of the URL's path when it has one.
 * A URL without an extension is not judged here: only the provider (or a media probe) can tell.
 */
public enum MediaFormats {

    IMAGE("image", List.of("jpg", "jpeg", "png", "webp")),
    VIDEO("video", List.of("mp4", "mov", "webm", "m4v"));

    private final String kind;
    private final List<String> extensions;

    MediaFormats(String kind, List<String> extensions) {
        this.kind = kind;
        this.extensions = extensions;
    }

    /** The accepted extensions, lower case. */
    public List<String> extensions() {
        return extensions;
    }

    /** Why {@code url} does not point at an accepted format, if its extension says so. */
    public Optional<String> problemWith(HttpUrl url) {
        return url.pathExtension()
                .filter(extension -> !extensions.contains(extension))
                .map(extension -> "the URL's path ends in ." + extension + ", a format the provider does not accept for"
                        + " the " + kind + "; use " + names());
    }

    private String names() {
        List<String> upper = extensions.stream().map(e -> e.toUpperCase(java.util.Locale.ROOT)).toList();
        return String.join(", ", upper.subList(0, upper.size() - 1)) + " or " + upper.get(upper.size() - 1);
    }
}
