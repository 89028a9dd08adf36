package dev.motioncontrol.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The provider's "publicly accessible URL" rule, judged from the URL alone (no DNS look-up: that
 * belongs to the adapter that makes the call).
 *
 * <p>{@link #publicOnly()} refuses {@code localhost} and {@code *.localhost}, single-label and
 * internal-only names ({@code .local}, {@code .internal}, {@code .home.arpa}), and IP literals that are
 * loopback, private, link-local (cloud metadata lives there), carrier-grade NAT, unspecified or
 * multicast. {@link #allowingPrivateHosts()} relaxes all of that for local development.
 */
public final class UrlAccessPolicy {

    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".home.arpa");

    private static final UrlAccessPolicy PUBLIC_ONLY = new UrlAccessPolicy(false);
    private static final UrlAccessPolicy ALLOWING_PRIVATE_HOSTS = new UrlAccessPolicy(true);

    private final boolean allowPrivateHosts;

    private UrlAccessPolicy(boolean allowPrivateHosts) {
        this.allowPrivateHosts = allowPrivateHosts;
    }

    /** The default: only hosts the provider could reach from the internet. */
    public static UrlAccessPolicy publicOnly() {
        return PUBLIC_ONLY;
    }

    /** For local development: any host, loopback and private networks included. */
    public static UrlAccessPolicy allowingPrivateHosts() {
        return ALLOWING_PRIVATE_HOSTS;
    }

    public boolean allowsPrivateHosts() {
        return allowPrivateHosts;
    }

    /** Why the provider could not reach {@code url}, if this policy says it could not. */
    public Optional<String> problemWith(HttpUrl url) {
        if (allowPrivateHosts) {
            return Optional.empty();
        }
        String host = url.host();
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            if (literal.contains("%")) {
                // A zone id names an interface of the machine that resolves it: never a public address.
                return Optional.of("must be publicly accessible; " + host + " is scoped to a local network interface");
            }
            return ipv6Literal(literal).map(UrlAccessPolicy::problemWithAddress)
                    .orElseGet(() -> Optional.of("host " + host + " is not a valid IP address"));
        }
        Optional<byte[]> ipv4 = Ipv4Literal.parse(host);
        if (ipv4.isPresent()) {
            return problemWithAddress(address(ipv4.get()));
        }
        if (looksNumeric(host)) {
            return Optional.of("host " + host + " is neither a valid IP address nor a host name");
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("must be publicly accessible; " + host + " is a loopback host");
        }
        if (!name.contains(".")) {
            return Optional.of("must be publicly accessible; " + host + " is not a public host name");
        }
        for (String suffix : INTERNAL_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return Optional.of("must be publicly accessible; " + host + " is an internal host name");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problemWithAddress(InetAddress address) {
        String kind = kindOfNonPublic(address);
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of("must be publicly accessible; " + address.getHostAddress() + " is a " + kind + " address");
    }

    private static String kindOfNonPublic(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "carrier-grade NAT";
            }
            if (first >= 240) {
                return "reserved";
            }
        } else if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return "private";
            }
        }
        return null;
    }

    /** Real top-level domains are never numeric, so such a host was meant as an IP address. */
    private static boolean looksNumeric(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = name.substring(name.lastIndexOf('.') + 1);
        return !last.isEmpty() && (last.chars().allMatch(Character::isDigit) || last.startsWith("0x"));
    }

    private static Optional<InetAddress> ipv6Literal(String literal) {
        if (!literal.contains(":") || (Character.digit(literal.charAt(0), 16) < 0 && literal.charAt(0) != ':')) {
            // InetAddress would look such a text up in DNS instead of parsing it.
            return Optional.empty();
        }
        try {
            // A text that starts like a number and contains ':' is parsed as an IPv6 literal, never looked up.
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IPv4 in every form {@code inet_aton} accepts (dotted, shortened, decimal, octal, hex), as HTTP clients do. */
    static final class Ipv4Literal {

        private Ipv4Literal() {
        }

        static Optional<byte[]> parse(String host) {
            String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            if (text.isEmpty() || !text.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.')) {
                return Optional.empty();
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length > 4) {
                return Optional.empty();
            }
            long[] values = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                Long value = number(parts[i]);
                if (value == null) {
                    return Optional.empty();
                }
                values[i] = value;
            }
            long address = 0;
            for (int i = 0; i < values.length - 1; i++) {
                if (values[i] > 0xff) {
                    return Optional.empty();
                }
                address |= values[i] << (8 * (3 - i));
            }
            long last = values[values.length - 1];
            if (last >= (1L << (8 * (5 - values.length)))) {
                return Optional.empty();
            }
            address |= last;
            return Optional.of(new byte[] {
                (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
            });
        }

        private static Long number(String part) {
            try {
                if (part.startsWith("0x") || part.startsWith("0X")) {
                    return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
                }
                if (part.length() > 1 && part.startsWith("0")) {
                    return Long.parseLong(part.substring(1), 8);
                }
                if (part.isEmpty() || part.length() > 12) {
                    return null;
                }
                return Long.parseLong(part);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
