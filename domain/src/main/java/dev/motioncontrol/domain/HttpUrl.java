package dev.motioncontrol.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An absolute {@code http} or {@code https} URL with a host: the only kind the provider can fetch media
 * from or post webhooks to. Whether the host is publicly reachable is a separate decision, taken by
 * {@link UrlAccessPolicy}.
 */
public record HttpUrl(URI uri) {

    /** Longer URLs are refused by common HTTP stacks; the provider documents no limit of its own. */
    public static final int MAX_LENGTH = 2048;

    public HttpUrl {
        Objects.requireNonNull(uri, "uri");
        problemWith(uri).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Parses {@code text} (once), or throws {@link IllegalArgumentException} with the reason it is not one. */
    public static HttpUrl of(String text) {
        Objects.requireNonNull(text, "text");
        return new HttpUrl(parse(text));
    }

    /** Why {@code text} is not an absolute http(s) URL with a host, if it is not. */
    public static Optional<String> problemWith(String text) {
        try {
            return problemWith(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static URI parse(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters, was " + text.length());
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    private static Optional<String> problemWith(URI uri) {
        if (uri.toString().length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters, was " + uri.toString().length());
        }
        if (!uri.isAbsolute() || uri.getScheme() == null) {
            return Optional.of("must be an absolute URL starting with https:// or http://");
        }
        String scheme = uri.getScheme();
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return Optional.of("must use http or https, not " + uri.getScheme());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a valid host");
        }
        return Optional.empty();
    }

    /** The host as written in the URL, lower-cased; IPv6 literals keep their brackets. */
    public String host() {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }

    /**
     * The extension of the path's last segment, lower-cased, if it has one ({@code "mp4"} for
     * {@code /clips/Dance.MP4?x=1}); empty when the last segment has no dot.
     */
    public Optional<String> pathExtension() {
        String path = uri.getPath();
        if (path == null) {
            return Optional.empty();
        }
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        int dot = lastSegment.lastIndexOf('.');
        if (dot < 0 || dot == lastSegment.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(lastSegment.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
