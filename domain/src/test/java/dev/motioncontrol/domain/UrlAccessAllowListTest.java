package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow-list that lets chosen private hosts through, and the check of resolved addresses. */
class UrlAccessAllowListTest {

    private static final UrlAccessPolicy PUBLIC_ONLY = UrlAccessPolicy.publicOnly();

    @Test
    void aPublicNameResolvingToAPrivateAddressIsRefusedNamingTheAddress() throws Exception {
        assertThat(PUBLIC_ONLY.problemWithResolved(url("https://hooks.example.com/a"), address("10.1.2.3")))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("hooks.example.com resolves to 10.1.2.3").contains("private"));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, loopback", "169.254.169.254, link-local", "::1, loopback", "fd00::1, private",
        "100.64.1.1, carrier-grade NAT", "0.0.0.0, unspecified"})
    void everyNonPublicResolvedAddressIsRefused(String resolved, String kind) throws Exception {
        assertThat(PUBLIC_ONLY.problemWithResolved(url("https://hooks.example.com/a"), address(resolved)))
                .hasValueSatisfying(reason -> assertThat(reason).contains(kind));
    }

    @Test
    void aPublicNameResolvingToAPublicAddressIsAccepted() throws Exception {
        assertThat(PUBLIC_ONLY.problemWithResolved(url("https://hooks.example.com/a"), address("93.184.216.34"))).isEmpty();
    }

    @Test
    void aLiteralRefusedByTheUrlAloneStaysRefusedWhateverItResolvesTo() throws Exception {
        assertThat(PUBLIC_ONLY.problemWithResolved(url("http://127.0.0.1:9000/a"), address("127.0.0.1"))).isPresent();
    }

    @Test
    void anAllowListedAddressIsAcceptedAsALiteralAndWhenResolved() throws Exception {
        UrlAccessPolicy policy = UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1"));

        assertThat(policy.problemWith(url("http://127.0.0.1:9000/hook"))).isEmpty();
        assertThat(policy.problemWithResolved(url("https://hooks.example.com/a"), address("127.0.0.1"))).isEmpty();
        assertThat(policy.problemWith(url("http://127.0.0.2:9000/hook"))).isPresent();
    }

    @Test
    void anAllowListedNetworkCoversItsAddressesOnly() throws Exception {
        UrlAccessPolicy policy = UrlAccessPolicy.publicOnlyExcept(List.of("10.0.0.0/8", "fd00::/8"));

        assertThat(policy.problemWithResolved(url("https://a.example.com/"), address("10.255.0.1"))).isEmpty();
        assertThat(policy.problemWithResolved(url("https://a.example.com/"), address("fd12::1"))).isEmpty();
        assertThat(policy.problemWithResolved(url("https://a.example.com/"), address("192.168.0.1"))).isPresent();
        assertThat(policy.problemWith(url("http://[fd00::5]/hook"))).isEmpty();
    }

    @Test
    void anAllowListedNameIsAcceptedWhateverItResolvesTo() throws Exception {
        UrlAccessPolicy policy = UrlAccessPolicy.publicOnlyExcept(List.of("localhost", "receiver.internal"));

        assertThat(policy.problemWith(url("http://localhost:8080/hook"))).isEmpty();
        assertThat(policy.problemWithResolved(url("http://receiver.internal/hook"), address("10.0.0.7"))).isEmpty();
        assertThat(policy.problemWith(url("http://other.internal/hook"))).isPresent();
    }

    @Test
    void anEntryThatIsNeitherNameNorAddressNorNetworkIsRefused() {
        assertThatThrownBy(() -> UrlAccessPolicy.publicOnlyExcept(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> UrlAccessPolicy.publicOnlyExcept(List.of("http://x/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f000001", "127.1", "0177.0.0.1", "127.000.000.001", "10.0.0.0.", "0"})
    void anEntryInANumericFormThatIsNotADottedQuadIsRefusedNotTakenForAName(String entry) {
        assertThatThrownBy(() -> UrlAccessPolicy.publicOnlyExcept(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + entry + "' is neither a host name, an IP address nor a network");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0.0/0008", "fd00::/129", "10.0.0.0/33"})
    void aNetworkWithoutAValidPrefixLengthIsRefused(String entry) {
        assertThatThrownBy(() -> UrlAccessPolicy.publicOnlyExcept(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix length");
    }

    @Test
    void anIpv6EntryWithAZoneIdIsRefusedWithoutLookingUpTheInterface() {
        assertThatThrownBy(() -> UrlAccessPolicy.publicOnlyExcept(List.of("fe80::1%nosuchif0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither");
    }

    @Test
    void aBracketedIpv6EntryAndTheWholeNetworkAreAccepted() throws Exception {
        UrlAccessPolicy policy = UrlAccessPolicy.publicOnlyExcept(List.of("[::1]", "0.0.0.0/0"));

        assertThat(policy.problemWith(url("http://[::1]/hook"))).isEmpty();
        assertThat(policy.problemWithResolved(url("https://a.example.com/"), address("192.168.0.1"))).isEmpty();
        assertThat(policy.problemWithResolved(url("https://a.example.com/"), address("fd00::1"))).isPresent();
    }

    private static HttpUrl url(String text) {
        return HttpUrl.of(text);
    }

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
