package dev.motioncontrol.domain;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An absolute {@code http} or {@code https} URL with a host: the only kind the provider can fetch media
 * from or post webhooks to. Whether the host is publicly reachable is a separate decision, taken by
 * {@link UrlAccessPolicy}.
 *
 * <p>The host is a name, a dotted-quad IPv4 address ({@code 93.184.216.34}) or a bracketed IPv6 address. Other
 * numeric forms that some HTTP clients decode ({@code 2130706433}, {@code 0x7f000001}, {@code 127.1},
 * {@code 0177.0.0.1}, {@code 127.000.000.001}) are refused rather than decoded: clients disagree on what they
 * mean, and an address is judged and dialled only in the one form everyone reads alike.
 */
public record HttpUrl(URI uri) {

    /** Longer URLs are refused by common HTTP stacks; the provider documents no limit of its own. */
    public static final int MAX_LENGTH = 2048;

    public HttpUrl {
        Objects.requireNonNull(uri, "uri");
        problemWith(uri, MAX_LENGTH).ifPresent(reason -> {
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
        return problemWith(text, MAX_LENGTH);
    }

    /**
     * Why {@code text} is not an absolute http(s) URL with a host of at most {@code maxLength} characters, if it
     * is not: for URLs that others wrote (the provider's signed download links run longer than a client's).
     */
    public static Optional<String> problemWith(String text, int maxLength) {
        try {
            return problemWith(parse(text, maxLength), maxLength);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static URI parse(String text) {
        return parse(text, MAX_LENGTH);
    }

    private static URI parse(String text, int maxLength) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        if (text.length() > maxLength) {
            throw new IllegalArgumentException("must be at most " + maxLength + " characters, was " + text.length());
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    private static Optional<String> problemWith(URI uri, int maxLength) {
        if (uri.toString().length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters, was " + uri.toString().length());
        }
        if (!uri.isAbsolute() || uri.getScheme() == null) {
            return Optional.of("must be an absolute URL starting with https:// or http://");
        }
        String scheme = uri.getScheme();
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return Optional.of("must use http or https, not " + uri.getScheme());
        }
        // URI keeps no user info for an authority it cannot read as a host and port: the '@' tells.
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            // Credentials in a URL end up in logs and in the provider's records; no media host needs them.
            return Optional.of("must not carry credentials (user:password@ before the host)");
        }
        Optional<String> badPort = portProblem(uri);
        if (badPort.isPresent()) {
            return badPort;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // URI leaves the host out when it cannot read the authority as one, as with 127.1 or 0x7f.1.
            String authorityHost = uri.getRawAuthority() == null ? "" : hostOf(uri.getRawAuthority());
            return Optional.of(IpLiteral.endsInANumber(authorityHost) ? notADottedQuad(authorityHost)
                    : "must name a valid host");
        }
        if (host.startsWith("[")) {
            return IpLiteral.parse(ipv6Text(host)).isPresent() ? Optional.empty()
                    : Optional.of("host " + host + " is not a valid IPv6 address");
        }
        if (IpLiteral.endsInANumber(host) && IpLiteral.parse(host).isEmpty()) {
            return Optional.of(notADottedQuad(host));
        }
        return Optional.empty();
    }

    /**
     * Why the URL's port cannot be dialled, if it cannot: {@code URI} takes any digits as a port, and gives up on
     * an authority whose port overflows an {@code int} (it then has no host), so the written port is read here.
     */
    private static Optional<String> portProblem(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return Optional.empty();
        }
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0 || hostAndPort.lastIndexOf(']') > colon) {
            return Optional.empty();
        }
        String port = hostAndPort.substring(colon + 1);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of("port " + port + " is not a number");
        }
        if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return Optional.of("port " + port + " is out of range; a port is from 1 to 65535");
        }
        return Optional.empty();
    }

    private static String notADottedQuad(String host) {
        return "host " + host + " is a numeric form that is not a dotted-quad IPv4 address";
    }

    /** The host of an authority that URI did not split: after any user info, before any port. */
    private static String hostOf(String authority) {
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostAndPort.lastIndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /** A bracketed IPv6 host without its brackets and zone id ({@code [fe80::1%25eth0]} gives {@code fe80::1}). */
    private static String ipv6Text(String host) {
        int zone = host.indexOf('%');
        return host.substring(1, zone < 0 ? host.length() - 1 : zone);
    }

    /** The host as written in the URL, lower-cased; IPv6 literals keep their brackets. */
    public String host() {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }

    /**
     * The IP address the host is, for an IP address literal; empty for a host name. A bracketed host is always an
     * IPv6 address (see {@link IpLiteral#parse}), without its zone id.
     */
    Optional<InetAddress> literalAddress() {
        String host = uri.getHost();
        if (host.startsWith("[")) {
            return IpLiteral.parse(ipv6Text(host));
        }
        // Only a host that ends in a number can be an IPv4 literal; names are spared the parse.
        return IpLiteral.endsInANumber(host) ? IpLiteral.parse(host) : Optional.empty();
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
