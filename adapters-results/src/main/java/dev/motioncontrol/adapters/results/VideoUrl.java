package dev.motioncontrol.adapters.results;

import dev.motioncontrol.domain.HttpUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A generated video's URL, split in two: the part the address policy judges and a failure may name (scheme, host,
 * port and path, an {@link HttpUrl}), and the query, which carries the provider's signed token: sent, never judged,
 * never quoted. Split like this, a signed link longer than a client's URL may be ({@link HttpUrl#MAX_LENGTH}) is
 * fetched too, as long as its path is not.
 */
record VideoUrl(HttpUrl judged, String rawQuery) {

    /**
     * {@code uri} split, or an {@link IllegalArgumentException} whose message says what is wrong with it without
     * quoting its query or its user info (it is no http(s) URL with a host, it carries credentials...).
     */
    static VideoUrl of(URI uri) {
        if (uri.isOpaque() || uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("must be an absolute URL starting with https:// or http://");
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        // The fragment is the client's own, never sent; the query is kept apart. What is left may still hold user
        // info, which HttpUrl refuses without quoting it.
        Optional<String> problem = HttpUrl.problemWith(uri.getScheme() + "://" + uri.getRawAuthority() + rawPath);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return new VideoUrl(HttpUrl.of(uri.getScheme() + "://" + uri.getRawAuthority() + rawPath), uri.getRawQuery());
    }

    /** Where a redirect's {@code Location} leads from here; empty when it leads to no URL that could be fetched. */
    Optional<VideoUrl> redirectedTo(String location) {
        try {
            URI full = new URI(judged.uri() + (rawQuery == null ? "" : "?" + rawQuery));
            return Optional.of(of(full.resolve(new URI(location.trim()))));
        } catch (URISyntaxException | IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /** The request target: the path, and the query as it was written. */
    String requestTarget() {
        String path = judged.uri().getRawPath().isEmpty() ? "/" : judged.uri().getRawPath();
        return rawQuery == null ? path : path + "?" + rawQuery;
    }

    /** The host, as a failure may name it. */
    String host() {
        return judged.host();
    }

    /** Never the query: a URL in a log line or an exception's message must not carry the provider's token. */
    @Override
    public String toString() {
        return judged.toString();
    }
}
