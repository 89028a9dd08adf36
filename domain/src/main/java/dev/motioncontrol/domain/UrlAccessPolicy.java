package dev.motioncontrol.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's "publicly accessible URL" rule, judged from the URL alone (no DNS look-up: that
 * belongs to the adapter that makes the call).
 *
 * <p>{@link #publicOnly()} refuses {@code localhost} and {@code *.localhost}, single-label and
 * internal-only names ({@code .local}, {@code .internal}, {@code .home.arpa}), and IP literals that are
 * loopback, private, link-local (cloud metadata lives there), carrier-grade NAT, unspecified or
 * multicast. {@link #allowingPrivateHosts()} relaxes all of that for local development;
 * {@link #publicOnlyExcept(Collection)} relaxes it only for an explicit allow-list of host names, IP
 * addresses and networks ({@code localhost}, {@code 127.0.0.1}, {@code 10.0.0.0/8}).
 *
 * <p>A name can resolve to any address, so a caller that is about to connect checks the address it
 * resolved too, with {@link #problemWithResolved(HttpUrl, InetAddress)}, right before connecting to it.
 */
public final class UrlAccessPolicy {

    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".home.arpa");

    private static final UrlAccessPolicy PUBLIC_ONLY = new UrlAccessPolicy(false, Set.of(), List.of());
    private static final UrlAccessPolicy ALLOWING_PRIVATE_HOSTS = new UrlAccessPolicy(true, Set.of(), List.of());

    private final boolean allowPrivateHosts;
    private final Set<String> allowedNames;
    private final List<Network> allowedNetworks;

    private UrlAccessPolicy(boolean allowPrivateHosts, Set<String> allowedNames, List<Network> allowedNetworks) {
        this.allowPrivateHosts = allowPrivateHosts;
        this.allowedNames = allowedNames;
        this.allowedNetworks = allowedNetworks;
    }

    /**
     * Public hosts, and also these: host names (matched exactly, any case), IP addresses, and networks in
     * CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @throws IllegalArgumentException naming an entry that is none of those
     */
    public static UrlAccessPolicy publicOnlyExcept(Collection<String> allowed) {
        Set<String> names = new HashSet<>();
        List<Network> networks = new ArrayList<>();
        for (String entry : allowed) {
            String text = entry.trim().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                continue;
            }
            Optional<Network> network = Network.parse(text);
            if (network.isPresent()) {
                networks.add(network.get());
            } else if (text.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
                names.add(text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
            } else {
                throw new IllegalArgumentException("'" + entry + "' is neither a host name, an IP address nor a network");
            }
        }
        return new UrlAccessPolicy(false, Set.copyOf(names), List.copyOf(networks));
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
        if (allowPrivateHosts || allowsByName(url)) {
            return Optional.empty();
        }
        String host = url.host();
        if (!allowedNetworks.isEmpty()) {
            Optional<InetAddress> hostAddress = literalAddress(host);
            if (hostAddress.isPresent() && allowsAddress(hostAddress.get())) {
                return Optional.empty();
            }
        }
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

    /**
     * Why {@code url} must not be reached at {@code resolved}, one of the addresses its host resolved to,
     * if this policy says so: what {@link #problemWith(HttpUrl)} says, and whether that address is public
     * (or allow-listed). Check every address right before connecting to it.
     */
    public Optional<String> problemWithResolved(HttpUrl url, InetAddress resolved) {
        Optional<String> problem = problemWith(url);
        if (problem.isPresent() || allowPrivateHosts || allowsByName(url) || allowsAddress(resolved)) {
            return problem;
        }
        String kind = kindOfNonPublic(resolved);
        return kind == null ? Optional.empty() : Optional.of("must be publicly accessible; " + url.host()
                + " resolves to " + resolved.getHostAddress() + ", a " + kind + " address");
    }

    private boolean allowsByName(HttpUrl url) {
        String host = url.host();
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return allowedNames.contains(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
    }

    private boolean allowsAddress(InetAddress address) {
        for (Network network : allowedNetworks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<InetAddress> literalAddress(String host) {
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            return literal.contains("%") ? Optional.empty() : ipv6Literal(literal);
        }
        return Ipv4Literal.parse(host).map(UrlAccessPolicy::address);
    }

    /** An IP network in CIDR notation; a bare address is a network of one. */
    private record Network(byte[] prefix, int bits) {

        static Optional<Network> parse(String text) {
            int slash = text.indexOf('/');
            String addressText = slash < 0 ? text : text.substring(0, slash);
            Optional<InetAddress> address = addressText.contains(":")
                    ? ipv6Literal(addressText.startsWith("[") ? addressText.substring(1, addressText.length() - 1) : addressText)
                    : Ipv4Literal.parse(addressText).filter(b -> addressText.chars().filter(c -> c == '.').count() == 3)
                            .map(UrlAccessPolicy::address);
            if (address.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = address.get().getAddress();
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
                }
            }
            return Optional.of(new Network(bytes, bits));
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
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
            if (!startsEveryLabelWithADigit(host)) {
                // Every IPv4 form starts each part with a digit; a host name nearly never does. Deciding
                // here spares the parse (and its NumberFormatException) on the hot path of every submit.
                return Optional.empty();
            }
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

        private static boolean startsEveryLabelWithADigit(String host) {
            if (host.isEmpty() || !Character.isDigit(host.charAt(0))) {
                return false;
            }
            for (int dot = host.indexOf('.'); dot >= 0 && dot < host.length() - 1; dot = host.indexOf('.', dot + 1)) {
                if (!Character.isDigit(host.charAt(dot + 1))) {
                    return false;
                }
            }
            return true;
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
