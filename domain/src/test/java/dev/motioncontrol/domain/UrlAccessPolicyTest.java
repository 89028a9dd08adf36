package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlAccessPolicyTest {

    private static final UrlAccessPolicy PUBLIC_ONLY = UrlAccessPolicy.publicOnly();
    private static final UrlAccessPolicy RELAXED = UrlAccessPolicy.allowingPrivateHosts();

    /** Hosts the provider could not reach from the internet, in every spelling an {@link HttpUrl} may have. */
    private static final String[] NON_PUBLIC_HOSTS = {
        "localhost", "LOCALHOST", "foo.localhost", "localhost.", "foo.localhost.",
        "intranet", "intranet.",
        "printer.local", "metadata.google.internal", "nas.home.arpa",
        "127.0.0.1", "127.255.255.254",
        "10.0.0.1", "10.255.255.255",
        "172.16.0.1", "172.31.255.255",
        "192.168.0.1", "192.168.255.255",
        "169.254.169.254",
        "100.64.0.1", "100.127.255.255",
        "0.0.0.0", "0.1.2.3",
        "224.0.0.1", "255.255.255.255", "240.0.0.1",
        "[::1]", "[fe80::1]", "[fc00::1]", "[fd12::1]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]", "[::]",
        "[ff02::1]", "[fe80::1%25eth0]", "[fe80::1%251]"
    };

    @ParameterizedTest
    @ValueSource(strings = {
        "localhost", "LOCALHOST", "foo.localhost", "localhost.", "foo.localhost.",
        "intranet", "intranet.",
        "printer.local", "metadata.google.internal", "nas.home.arpa",
        "127.0.0.1", "127.255.255.254",
        "10.0.0.1", "10.255.255.255",
        "172.16.0.1", "172.31.255.255",
        "192.168.0.1", "192.168.255.255",
        "169.254.169.254",
        "100.64.0.1", "100.127.255.255",
        "0.0.0.0", "0.1.2.3",
        "224.0.0.1", "255.255.255.255", "240.0.0.1",
        "[::1]", "[fe80::1]", "[fc00::1]", "[fd12::1]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]", "[::]",
        "[ff02::1]", "[fe80::1%25eth0]", "[fe80::1%251]"
    })
    void publicOnlyRejectsHostsThatAreNotPubliclyAccessible(String host) {
        Optional<String> problem = PUBLIC_ONLY.problemWith(url(host));

        assertThat(problem).hasValueSatisfying(reason -> assertThat(reason).contains("publicly accessible"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "example.com", "EXAMPLE.com", "example.com.", "cdn.example.co.uk", "xn--bcher-kva.example",
        "8.8.8.8", "1.1.1.1",
        "172.15.255.255", "172.32.0.1",
        "100.63.255.255", "100.128.0.1",
        "11.0.0.1", "192.167.255.255", "169.253.255.255",
        "[2606:4700::1111]", "[2001:4860:4860::8888]"
    })
    void publicOnlyAcceptsPublicHosts(String host) {
        assertThat(PUBLIC_ONLY.problemWith(url(host))).isEmpty();
    }

    @Test
    void namesTheKindOfAddressItRefuses() {
        assertThat(PUBLIC_ONLY.problemWith(url("169.254.169.254")))
                .hasValue("must be publicly accessible; 169.254.169.254 is a link-local address");
    }

    @Test
    void aUserInfoThatLooksLikeAHostIsNoUrlAtAll() {
        assertThat(HttpUrl.problemWith("http://example.com@127.0.0.1/a.png"))
                .hasValue("must not carry credentials (user:password@ before the host)");
    }

    @Test
    void allowingPrivateHostsAcceptsEveryHostPublicOnlyRefuses() {
        for (String host : NON_PUBLIC_HOSTS) {
            assertThat(RELAXED.problemWith(url(host))).as(host).isEmpty();
        }
    }

    @Test
    void onlyTheRelaxedPolicySaysItAllowsPrivateHosts() {
        assertThat(RELAXED.allowsPrivateHosts()).isTrue();
        assertThat(PUBLIC_ONLY.allowsPrivateHosts()).isFalse();
    }

    @Test
    void judgesAZonedIpv6LiteralWithoutFailing() {
        assertThatCode(() -> PUBLIC_ONLY.problemWith(url("[fe80::1%25nosuchif0]"))).doesNotThrowAnyException();
    }

    private static HttpUrl url(String host) {
        return HttpUrl.of("http://" + host + "/a.png");
    }
}
