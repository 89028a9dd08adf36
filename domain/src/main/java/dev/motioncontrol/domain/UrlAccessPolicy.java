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
 * multicast. An IPv6 address that hands its traffic to an IPv4 address it embeds (IPv4-mapped, -compatible
 * and -translated, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged, and allow-listed, as that
 * IPv4 address; Teredo and local-use NAT64 addresses are refused outright.
 * {@link #allowingPrivateHosts()} relaxes all of that for local development;
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
            return ipv6Literal(literal).map(UrlAccessPolicy::keepingIpv4Mapped).map(UrlAccessPolicy::problemWithAddress)
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
        return nonPublic(resolved).map(verdict -> "must be publicly accessible; " + url.host() + " resolves to "
                + shown(resolved) + ", " + (verdict.embedded() == null ? "" : "which embeds "
                + verdict.embedded().getHostAddress() + ", ") + "a " + verdict.kind() + " address");
    }

    private boolean allowsByName(HttpUrl url) {
        String host = url.host();
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return allowedNames.contains(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
    }

    /** Whether {@code address} is allow-listed: itself, or the IPv4 address it embeds (see {@link #embeddedIpv4}). */
    private boolean allowsAddress(InetAddress address) {
        Inet4Address embedded = embeddedIpv4(address);
        for (Network network : allowedNetworks) {
            if (network.contains(address) || (embedded != null && network.contains(embedded))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<InetAddress> literalAddress(String host) {
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            return literal.contains("%") ? Optional.empty() : ipv6Literal(literal).map(UrlAccessPolicy::keepingIpv4Mapped);
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
        return nonPublic(address).map(verdict -> "must be publicly accessible; " + shown(address)
                + (verdict.embedded() == null ? " is " : " embeds " + verdict.embedded().getHostAddress() + ", ")
                + "a " + verdict.kind() + " address");
    }

    /**
     * Why an address is not public: its {@code kind} ("loopback", "private", ...), and the IPv4 address it
     * embeds when that, and not the IPv6 address itself, is what was judged.
     */
    private record NonPublic(String kind, Inet4Address embedded) {
    }

    private static Optional<NonPublic> nonPublic(InetAddress address) {
        Inet4Address embedded = embeddedIpv4(address);
        String kind = kindOfNonPublic(address);
        return kind == null ? Optional.empty() : Optional.of(new NonPublic(kind, embedded));
    }

    /**
     * The kind of non-public address this is, or {@code null} if it is public. An IPv6 address that embeds an
     * IPv4 address (see {@link #embeddedIpv4}) is exactly as public as that IPv4 address.
     */
    private static String kindOfNonPublic(InetAddress address) {
        Inet4Address embedded = embeddedIpv4(address);
        if (embedded != null) {
            return kindOfNonPublic(embedded);
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            if (startsWith(bytes, 0x20, 0x01, 0x00, 0x00)) {
                // 2001::/32: the client's IPv4 address is in there (inverted), but any Teredo relay may carry
                // the traffic; a public service has no business behind one.
                return "Teredo tunnel";
            }
            if (startsWith(bytes, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
                // 64:ff9b:1::/48 (RFC 8215) reaches IPv4 through a NAT64 of the local network only, with the
                // IPv4 address placed as that network chose: not globally reachable, whatever it embeds.
                return "local-use NAT64";
            }
        }
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

    /**
     * The IPv4 address that traffic to {@code address} is handed to, if it is an IPv6 address that embeds
     * one: IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96} (but {@code ::} and {@code ::1},
     * which are IPv6's own unspecified and loopback addresses), IPv4-translated {@code ::ffff:0:0:0/96},
     * NAT64 {@code 64:ff9b::/96} (RFC 6052) and 6to4 {@code 2002::/16} (RFC 3056, the IPv4 address in the
     * 32 bits after the prefix). {@code null} for anything else.
     */
    static Inet4Address embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if (startsWith(bytes, 0x20, 0x02)) {
            return ipv4(bytes, 2);
        }
        boolean lastBitsOnly = startsWith(bytes, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff) // mapped
                || startsWith(bytes, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0) // translated
                || startsWith(bytes, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0) // NAT64 well-known prefix
                || (startsWith(bytes, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) // compatible, but :: and ::1
                        && (!startsWith(bytes, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) || (bytes[15] & 0xff) > 1));
        return lastBitsOnly ? ipv4(bytes, 12) : null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte[] bytes, int offset) {
        return (Inet4Address) address(new byte[] {bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]});
    }

    /**
     * {@code address} as an IPv6 address again if it is one that {@link InetAddress} turned into IPv4 while
     * parsing (it does so with IPv4-mapped literals), so that it is judged, and named, as written.
     */
    private static InetAddress keepingIpv4Mapped(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        try {
            return Inet6Address.getByAddress(null, mapped, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code address} as people write it: IPv6 compressed as RFC 5952 says ({@code ::ffff:7f00:1}). */
    private static String shown(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        String hostAddress = address.getHostAddress();
        int zone = hostAddress.indexOf('%');
        return zone < 0 ? text.toString() : text + hostAddress.substring(zone);
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
