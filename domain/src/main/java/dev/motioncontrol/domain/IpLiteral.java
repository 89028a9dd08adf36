package dev.motioncontrol.domain;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP addresses as written in a URL's host or an allow-list: parsed by Guava's {@link InetAddresses}, strictly
 * (a dotted quad of decimal octets without leading zeros, or IPv6) and never looked up in DNS.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * The address {@code text} is a literal of, without brackets or zone id. An IPv6 literal stays an
     * {@link Inet6Address}, even an IPv4-mapped one that the JDK would turn into IPv4, so that it is judged, and
     * named, as written.
     */
    static Optional<InetAddress> parse(String text) {
        if (text.indexOf('%') >= 0 || !InetAddresses.isInetAddress(text)) {
            // Checked first so that no text costs an exception; with a zone id, Guava would look up an interface.
            return Optional.empty();
        }
        InetAddress address = InetAddresses.forString(text);
        return Optional.of(text.indexOf(':') >= 0 && address instanceof Inet4Address ipv4 ? mapped(ipv4) : address);
    }

    /**
     * Whether a host's last label is a number (all digits, or starting with {@code 0x}), as in {@code 127.1},
     * {@code 2130706433} or {@code 0x7f000001}: no top-level domain is numeric, so such a host is meant as an IPv4
     * address, in a form that only some HTTP clients decode ({@code inet_aton}'s). A trailing dot is ignored.
     */
    static boolean endsInANumber(String host) {
        int end = host.endsWith(".") ? host.length() - 1 : host.length();
        int start = host.lastIndexOf('.', end - 1) + 1;
        if (start >= end) {
            return false;
        }
        if (end - start >= 2 && host.charAt(start) == '0' && (host.charAt(start + 1) == 'x' || host.charAt(start + 1) == 'X')) {
            return true;
        }
        for (int i = start; i < end; i++) {
            if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Inet6Address mapped(Inet4Address ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(ipv4.getAddress(), 0, bytes, 12, 4);
        try {
            return Inet6Address.getByAddress(null, bytes, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
