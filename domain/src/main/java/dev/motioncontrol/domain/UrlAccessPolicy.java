package dev.motioncontrol.domain;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
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

    /** IPv6 prefixes whose last 32 bits are the IPv4 address that traffic is handed to (Guava knows 6to4 and compatible). */
    private static final List<Network> LAST_32_BITS_ARE_IPV4 = List.of(
            Network.of("::ffff:0:0/96"), // IPv4-mapped
            Network.of("::ffff:0:0:0/96"), // IPv4-translated (RFC 2765)
            Network.of("64:ff9b::/96")); // NAT64's well-known prefix (RFC 6052)

    /** Not public, and not named by {@link InetAddress}'s own predicates (loopback, link-local, ...). */
    private static final List<Range> OTHER_NON_PUBLIC_RANGES = List.of(
            new Range(Network.of("0.0.0.0/8"), "unspecified"),
            new Range(Network.of("100.64.0.0/10"), "carrier-grade NAT"),
            new Range(Network.of("240.0.0.0/4"), "reserved"),
            new Range(Network.of("fc00::/7"), "private"),
            // The client's IPv4 address is in a Teredo address (inverted), but any Teredo relay may carry the
            // traffic; a public service has no business behind one.
            new Range(Network.of("2001::/32"), "Teredo tunnel"),
            // RFC 8215: reaches IPv4 through a NAT64 of the local network only, with the IPv4 address placed as
            // that network chose: not globally reachable, whatever it embeds.
            new Range(Network.of("64:ff9b:1::/48"), "local-use NAT64"));

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
            } else if (text.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-')
                    && !IpLiteral.endsInANumber(text)) {
                names.add(withoutTrailingDot(text));
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
        if (host.indexOf('%') >= 0) {
            // A zone id names an interface of the machine that resolves it: never a public address.
            return Optional.of("must be publicly accessible; " + host + " is scoped to a local network interface");
        }
        Optional<InetAddress> literal = url.literalAddress();
        if (literal.isPresent()) {
            return allowsAddress(literal.get()) ? Optional.empty() : problemWithAddress(literal.get());
        }
        String name = withoutTrailingDot(host);
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
                + InetAddresses.toAddrString(resolved) + ", " + (verdict.embedded() == null ? "" : "which embeds "
                + verdict.embedded().getHostAddress() + ", ") + "a " + verdict.kind() + " address");
    }

    private boolean allowsByName(HttpUrl url) {
        return allowedNames.contains(withoutTrailingDot(url.host()));
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

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** An IP network in CIDR notation; a bare address is a network of one. */
    private record Network(byte[] prefix, int bits) {

        /** The network {@code text} writes, or empty if it writes no address; IPv6 may be bracketed. */
        static Optional<Network> parse(String text) {
            int slash = text.indexOf('/');
            String addressText = slash < 0 ? text : text.substring(0, slash);
            if (addressText.startsWith("[") && addressText.endsWith("]")) {
                addressText = addressText.substring(1, addressText.length() - 1);
            }
            Optional<InetAddress> address = IpLiteral.parse(addressText);
            if (address.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = address.get().getAddress();
            if (slash < 0) {
                return Optional.of(new Network(bytes, bytes.length * 8));
            }
            String bitsText = text.substring(slash + 1);
            if (bitsText.isEmpty() || bitsText.length() > 3 || !bitsText.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(bitsText) > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            return Optional.of(new Network(bytes, Integer.parseInt(bitsText)));
        }

        static Network of(String cidr) {
            return parse(cidr).orElseThrow();
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

    /** A network that is not public, and what kind of address it holds ("carrier-grade NAT", ...). */
    private record Range(Network network, String kind) {
    }

    private static Optional<String> problemWithAddress(InetAddress address) {
        return nonPublic(address).map(verdict -> "must be publicly accessible; " + InetAddresses.toAddrString(address)
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
        String kind = kindOfNonPublic(embedded == null ? address : embedded);
        return kind == null ? Optional.empty() : Optional.of(new NonPublic(kind, embedded));
    }

    /** The kind of non-public address this is, or {@code null} if it is public. */
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
        for (Range range : OTHER_NON_PUBLIC_RANGES) {
            if (range.network().contains(address)) {
                return range.kind();
            }
        }
        return null;
    }

    /**
     * The IPv4 address that traffic to {@code address} is handed to, if it is an IPv6 address that embeds
     * one: IPv4-compatible {@code ::/96} (but {@code ::} and {@code ::1}, which are IPv6's own unspecified and
     * loopback addresses), 6to4 {@code 2002::/16} (RFC 3056, the IPv4 address in the 32 bits after the prefix),
     * and the prefixes of {@link #LAST_32_BITS_ARE_IPV4}. {@code null} for anything else.
     */
    private static Inet4Address embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address ipv6)) {
            return null;
        }
        if (InetAddresses.isCompatIPv4Address(ipv6)) {
            return InetAddresses.getCompatIPv4Address(ipv6);
        }
        if (InetAddresses.is6to4Address(ipv6)) {
            return InetAddresses.get6to4IPv4Address(ipv6);
        }
        for (Network prefix : LAST_32_BITS_ARE_IPV4) {
            if (prefix.contains(ipv6)) {
                return InetAddresses.fromInteger(ByteBuffer.wrap(ipv6.getAddress()).getInt(12));
            }
        }
        return null;
    }
}
