package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IPv6 addresses that embed an IPv4 address (mapped, compatible, translated, NAT64, 6to4) are exactly as
 * public as that IPv4 address, as URL literals and as resolved addresses; Teredo is refused outright.
 */
class UrlAccessEmbeddedIpv4Test {

    private static final UrlAccessPolicy PUBLIC_ONLY = UrlAccessPolicy.publicOnly();
    private static final HttpUrl PUBLIC_NAME = HttpUrl.of("https://hooks.example.com/a");

    /** Each prefix with a loopback, a private and a metadata (link-local) IPv4 address, and what it embeds. */
    @ParameterizedTest
    @CsvSource({
        "::ffff:127.0.0.1, 127.0.0.1, loopback", "::ffff:10.0.0.1, 10.0.0.1, private",
        "::ffff:169.254.169.254, 169.254.169.254, link-local", "::ffff:7f00:1, 127.0.0.1, loopback",
        "::127.0.0.1, 127.0.0.1, loopback", "::10.0.0.1, 10.0.0.1, private",
        "::169.254.169.254, 169.254.169.254, link-local", "::0.0.0.2, 0.0.0.2, unspecified",
        "::ffff:0:127.0.0.1, 127.0.0.1, loopback", "::ffff:0:10.0.0.1, 10.0.0.1, private",
        "::ffff:0:169.254.169.254, 169.254.169.254, link-local",
        "64:ff9b::7f00:1, 127.0.0.1, loopback", "64:ff9b::a00:1, 10.0.0.1, private",
        "64:ff9b::169.254.169.254, 169.254.169.254, link-local", "64:ff9b::100.64.0.1, 100.64.0.1, carrier-grade NAT",
        "2002:7f00:1::1, 127.0.0.1, loopback", "2002:a00:1::, 10.0.0.1, private",
        "2002:a9fe:a9fe:1:2:3:4:5, 169.254.169.254, link-local", "2002:c0a8:101::1, 192.168.1.1, private",
        "2002:e000:1::1, 224.0.0.1, multicast"
    })
    void anEmbeddedNonPublicIpv4AddressIsRefusedAsALiteralAndWhenResolved(String literal, String ipv4, String kind)
            throws Exception {
        assertThat(PUBLIC_ONLY.problemWith(url(literal))).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("must be publicly accessible; ").contains(" embeds " + ipv4 + ", a " + kind + " address"));
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, ipv6(literal))).hasValueSatisfying(reason -> assertThat(
                reason).contains("hooks.example.com resolves to ").contains("which embeds " + ipv4 + ", a " + kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:8.8.8.8", "::ffff:808:808", "::8.8.8.8", "::ffff:0:8.8.8.8", "64:ff9b::8.8.8.8",
        "64:ff9b::808:808", "2002:808:808::1", "2002:5db8:d822:1::1"})
    void anEmbeddedPublicIpv4AddressIsAcceptedAsALiteralAndWhenResolved(String literal) throws Exception {
        assertThat(PUBLIC_ONLY.problemWith(url(literal))).isEmpty();
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, ipv6(literal))).isEmpty();
    }

    @Test
    void namesTheIpv6AddressAndTheIpv4AddressItEmbeds() throws Exception {
        assertThat(PUBLIC_ONLY.problemWith(HttpUrl.of("http://[::ffff:127.0.0.1]/a.png")))
                .hasValue("must be publicly accessible; ::ffff:7f00:1 embeds 127.0.0.1, a loopback address");
        assertThat(PUBLIC_ONLY.problemWith(HttpUrl.of("http://[64:ff9b::a00:1]/a.png")))
                .hasValue("must be publicly accessible; 64:ff9b::a00:1 embeds 10.0.0.1, a private address");
        assertThat(PUBLIC_ONLY.problemWith(HttpUrl.of("http://[2002:7f00:1::1]/a.png")))
                .hasValue("must be publicly accessible; 2002:7f00:1::1 embeds 127.0.0.1, a loopback address");
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, ipv6("::ffff:169.254.169.254")))
                .hasValue("must be publicly accessible; hooks.example.com resolves to ::ffff:a9fe:a9fe, which embeds "
                        + "169.254.169.254, a link-local address");
    }

    @Test
    void anIpv4MappedAnswerThatTheJdkDidNotUnmapIsStillJudgedByItsIpv4Address() throws Exception {
        InetAddress mapped = ipv6("::ffff:127.0.0.1");

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, mapped)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("resolves to ::ffff:7f00:1, which embeds 127.0.0.1, a loopback address"));
    }

    @ParameterizedTest
    @CsvSource({"::, unspecified", "::1, loopback"})
    void theUnspecifiedAndLoopbackIpv6AddressesKeepTheirOwnKind(String literal, String kind) throws Exception {
        assertThat(PUBLIC_ONLY.problemWith(url(literal)))
                .hasValue("must be publicly accessible; " + literal + " is a " + kind + " address");
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, ipv6(literal))).hasValueSatisfying(reason -> assertThat(
                reason).contains("resolves to " + literal + ", a " + kind + " address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::7f00:1", "2001:0:808:808::f7f7:f7f7"})
    void aTeredoAddressIsRefusedOutright(String literal) throws Exception {
        assertThat(PUBLIC_ONLY.problemWith(url(literal))).hasValueSatisfying(reason -> assertThat(reason)
                .contains("a Teredo tunnel address"));
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, ipv6(literal))).hasValueSatisfying(reason -> assertThat(
                reason).contains("a Teredo tunnel address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b:1::a00:1", "64:ff9b:1::808:808", "64:ff9b:1:7f00:1::"})
    void aLocalUseNat64AddressIsRefusedOutright(String literal) throws Exception {
        assertThat(PUBLIC_ONLY.problemWith(url(literal))).hasValueSatisfying(reason -> assertThat(reason)
                .contains("a local-use NAT64 address"));
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, ipv6(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "2001:4860:4860::8888", "2002::", "64:ff9b:0:0:1::808:808",
        "::1:0:0:0:1", "0:0:0:0:1:ffff:7f00:1"})
    void addressesNearThosePrefixesAreNotMistakenForThem(String literal) throws Exception {
        // 2001:db8::/32 is documentation, not Teredo; 2002:: embeds 0.0.0.0; the others embed nothing.
        boolean refused = literal.equals("2002::");
        assertThat(PUBLIC_ONLY.problemWith(url(literal)).isPresent()).as(literal).isEqualTo(refused);
        assertThat(PUBLIC_ONLY.problemWithResolved(PUBLIC_NAME, ipv6(literal)).isPresent()).as(literal).isEqualTo(refused);
    }

    @Test
    void anAllowListedIpv4AddressAlsoAllowsTheIpv6AddressesThatEmbedIt() throws Exception {
        UrlAccessPolicy policy = UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1"));

        for (String literal : List.of("::ffff:127.0.0.1", "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1",
                "2002:7f00:1::1")) {
            assertThat(policy.problemWith(url(literal))).as(literal).isEmpty();
            assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6(literal))).as(literal).isEmpty();
        }
        assertThat(policy.problemWith(url("::ffff:127.0.0.2"))).isPresent();
        assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6("64:ff9b::7f00:2"))).isPresent();
        assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6("2001::80ff:fffe"))).as("Teredo").isPresent();
    }

    @Test
    void anAllowListedIpv4NetworkAlsoAllowsTheIpv6AddressesThatEmbedItsAddresses() throws Exception {
        UrlAccessPolicy policy = UrlAccessPolicy.publicOnlyExcept(List.of("10.0.0.0/8"));

        assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6("::ffff:10.1.2.3"))).isEmpty();
        assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6("64:ff9b::a01:203"))).isEmpty();
        assertThat(policy.problemWith(url("2002:a01:203::1"))).isEmpty();
        assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6("::ffff:192.168.0.1"))).isPresent();
    }

    @Test
    void anAllowListedIpv6NetworkStillAllowsItsOwnAddresses() throws Exception {
        UrlAccessPolicy policy = UrlAccessPolicy.publicOnlyExcept(List.of("2002:7f00::/24", "2001::/32"));

        assertThat(policy.problemWith(url("2002:7f00:1::1"))).isEmpty();
        assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6("2001::1"))).isEmpty();
        assertThat(policy.problemWithResolved(PUBLIC_NAME, ipv6("2002:a00:1::1"))).isPresent();
    }

    @Test
    void allowingPrivateHostsAcceptsThemAll() throws Exception {
        UrlAccessPolicy relaxed = UrlAccessPolicy.allowingPrivateHosts();

        for (String literal : List.of("::ffff:127.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1", "2001::1")) {
            assertThat(relaxed.problemWith(url(literal))).as(literal).isEmpty();
            assertThat(relaxed.problemWithResolved(PUBLIC_NAME, ipv6(literal))).as(literal).isEmpty();
        }
    }

    private static HttpUrl url(String ipv6Literal) {
        return HttpUrl.of("http://[" + ipv6Literal + "]/a.png");
    }

    /** The address as a resolver may hand it over: an Inet6Address, even where the JDK would unmap it. */
    private static InetAddress ipv6(String literal) throws Exception {
        byte[] bytes = InetAddress.getByName(literal).getAddress(); // an IP literal: parsed, never looked up
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return Inet6Address.getByAddress(null, bytes, null);
    }
}
