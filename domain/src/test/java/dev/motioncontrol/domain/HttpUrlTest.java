package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTest {

    private static final String PREFIX = "https://example.com/";

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com/a.png",
        "http://example.com/a.png",
        "https://example.com",
        "https://cdn.example.com:8443/clips/dance.mp4?sig=abc#t=1",
        "http://8.8.8.8/a.png",
        "http://[2606:4700::1111]/a.png",
        "http://[2606:4700::1111]:8080/a.png",
        "https://example.com:1/a.png",
        "https://example.com:65535/a.png"
    })
    void acceptsAbsoluteHttpAndHttpsUrlsWithAHost(String text) {
        assertThat(HttpUrl.problemWith(text)).isEmpty();
        assertThat(HttpUrl.of(text).toString()).isEqualTo(text);
    }

    @Test
    void acceptsAnUpperCaseScheme() {
        assertThat(HttpUrl.problemWith("HTTPS://example.com/a.png")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a.png", "a.png", "//example.com/a.png", "example.com/a.png"})
    void rejectsRelativeUrls(String text) {
        assertThat(HttpUrl.problemWith(text)).hasValueSatisfying(reason -> assertThat(reason).contains("absolute"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/a.png", "mailto:someone@example.com", "javascript:alert(1)",
        "file:///etc/passwd", "data:image/png;base64,AAAA"})
    void rejectsSchemesOtherThanHttpAndHttps(String text) {
        assertThat(HttpUrl.problemWith(text)).hasValueSatisfying(reason -> assertThat(reason).contains("http or https"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:///a.png", "https://", "http:a.png", "http://foo_bar.example.com/a.png"})
    void rejectsUrlsWithoutAValidHost(String text) {
        assertThat(HttpUrl.problemWith(text)).isPresent();
    }

    @Test
    void saysWhenTheHostIsMissing() {
        assertThat(HttpUrl.problemWith("http:///a.png")).hasValue("must name a valid host");
    }

    /** Every spelling of 127.0.0.1 that inet_aton, and so some HTTP clients, would decode. */
    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f000001", "0X7F000001", "127.1", "127.0.1", "0177.0.0.1",
        "127.000.000.001", "127.0.0.01", "0x7f.0.0.1", "0x7f.1", "0177.0.0x1", "0x7f.0.0.01", "127.0.0.1."})
    void refusesANumericHostThatIsNotADottedQuadRatherThanDecodingIt(String host) {
        assertThat(HttpUrl.problemWith("http://" + host + "/a.png"))
                .hasValue("host " + host + " is a numeric form that is not a dotted-quad IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4294967296", "0x100000000", "08.0.0.1", "099", "0xzz", "999.1.1.1", "1.2.3.256",
        "1.2.3.4.5", "1..2.3", "example.123", "cdn.example.0x10"})
    void refusesANumericHostThatIsNoAddressAtAll(String host) {
        assertThat(HttpUrl.problemWith("http://" + host + "/a.png"))
                .hasValue("host " + host + " is a numeric form that is not a dotted-quad IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:pass@example.com/a.png", "https://user@example.com/a.png",
        "https://:pass@example.com/a.png", "https://@example.com/a.png", "http://u:p@0x7f.1:8080/a.png",
        "https://user%40x:p%3A@example.com/a.png"})
    void refusesCredentialsInTheUrl(String text) {
        assertThat(HttpUrl.problemWith(text)).hasValue("must not carry credentials (user:password@ before the host)");
    }

    @ParameterizedTest
    @CsvSource({"https://example.com:0/a.png, 0", "https://example.com:65536/a.png, 65536",
        "https://example.com:99999999999/a.png, 99999999999", "http://[::1]:70000/a.png, 70000",
        "https://example.com:000080/a.png, 000080"})
    void refusesAPortOutOfRange(String text, String port) {
        assertThat(HttpUrl.problemWith(text)).hasValue("port " + port + " is out of range; a port is from 1 to 65535");
    }

    @ParameterizedTest
    @CsvSource({"http://127.1:8080/a.png, 127.1", "http://0x7f.1:8080/a.png, 0x7f.1",
        "http://2130706433:80/a.png, 2130706433"})
    void namesTheNumericHostWithoutItsPort(String text, String host) {
        assertThat(HttpUrl.problemWith(text))
                .hasValue("host " + host + " is a numeric form that is not a dotted-quad IPv4 address");
    }

    @Test
    void refusesANumericHostWhateverTheCallerMeansToDoWithIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> HttpUrl.of("http://0x7f000001/hook"))
                .withMessage("host 0x7f000001 is a numeric form that is not a dotted-quad IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "10.0.0.1", "127.0.0.1", "255.255.255.255", "100.64.0.0"})
    void acceptsADottedQuadOfDecimalOctetsWithoutLeadingZeros(String host) {
        assertThat(HttpUrl.problemWith("http://" + host + "/a.png")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e100.net", "123.example.com", "0x7f.example.com", "cdn-0.example.com", "a.b.c.d"})
    void acceptsAHostNameWhoseOtherLabelsAreNumbers(String host) {
        assertThat(HttpUrl.problemWith("http://" + host + "/a.png")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::ffff:127.0.0.01]", "[::ffff:127.000.0.1]"})
    void refusesAnIpv6LiteralThatEmbedsANumericFormThatIsNotADottedQuad(String host) {
        assertThat(HttpUrl.problemWith("http://" + host + "/a.png"))
                .hasValue("host " + host + " is not a valid IPv6 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "[fe80::1%25nosuchif0]", "[fe80::1%251]"})
    void acceptsAnIpv6LiteralWithOrWithoutAZoneId(String host) {
        assertThat(HttpUrl.problemWith("http://" + host + "/a.png")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/a b.png", "https://exa mple.com/a.png", "https://example.com/a\".png",
        "https://example.com/<a>.png", "https://example.com/a\\b.png", "https://example.com/a^.png",
        "https://[::1/a.png"})
    void rejectsSpacesAndIllegalCharacters(String text) {
        assertThat(HttpUrl.problemWith(text))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("is not a valid URL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void rejectsBlankText(String text) {
        assertThat(HttpUrl.problemWith(text)).hasValue("must not be blank");
    }

    @Test
    void acceptsAUrlOfExactlyTheMaximumLength() {
        String text = PREFIX + "a".repeat(HttpUrl.MAX_LENGTH - PREFIX.length());

        assertThat(text).hasSize(2048);
        assertThat(HttpUrl.problemWith(text)).isEmpty();
    }

    @Test
    void rejectsAUrlOneCharacterOverTheMaximumLength() {
        String text = PREFIX + "a".repeat(HttpUrl.MAX_LENGTH + 1 - PREFIX.length());

        assertThat(text).hasSize(2049);
        assertThat(HttpUrl.problemWith(text)).hasValue("must be at most 2048 characters, was 2049");
    }

    @Test
    void ofThrowsTheSameReasonProblemWithGives() {
        assertThatIllegalArgumentException().isThrownBy(() -> HttpUrl.of("ftp://example.com/a.png"))
                .withMessage("must use http or https, not ftp");
    }

    @Test
    void constructorRejectsAUriThatIsNotAnHttpUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpUrl(URI.create("/relative/a.png")));
    }

    @Test
    void hostIsLowerCased() {
        assertThat(HttpUrl.of("https://CDN.Example.COM/a.png").host()).isEqualTo("cdn.example.com");
    }

    @Test
    void theLiteralAddressOfAHostNameIsEmpty() {
        assertThat(HttpUrl.of("https://cdn.example.com/a.png").literalAddress()).isEmpty();
    }

    @Test
    void theLiteralAddressOfADottedQuadIsThatIpv4Address() throws Exception {
        assertThat(HttpUrl.of("http://10.0.0.1/a.png").literalAddress()).hasValue(InetAddress.getByName("10.0.0.1"));
    }

    @Test
    void theLiteralAddressOfAnIpv4MappedLiteralStaysIpv6() {
        assertThat(HttpUrl.of("http://[::ffff:127.0.0.1]/a.png").literalAddress()).hasValueSatisfying(address -> {
            assertThat(address).isInstanceOf(Inet6Address.class);
            assertThat(address.getAddress()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1);
        });
    }

    @Test
    void theLiteralAddressOfAZonedIpv6LiteralLeavesTheZoneOut() throws Exception {
        assertThat(HttpUrl.of("http://[fe80::1%25nosuchif0]/a.png").literalAddress())
                .hasValue(InetAddress.getByName("fe80::1"));
    }

    @Test
    void hostOfAnIpv6LiteralKeepsItsBrackets() {
        assertThat(HttpUrl.of("http://[2606:4700::1111]:8080/a.png").host()).isEqualTo("[2606:4700::1111]");
    }

    @ParameterizedTest
    @CsvSource({
        "https://example.com/clips/dance.mp4,        mp4",
        "https://example.com/clips/Dance.MP4?x=1,    mp4",
        "https://example.com/a.JpEg,                 jpeg",
        "https://example.com/a.png?x=b.gif,          png",
        "https://example.com/a.png#frag.gif,         png",
        "https://example.com/archive.tar.gz,         gz",
        "https://example.com/dir.v2/a.webp,          webp"
    })
    void pathExtensionIsTheLowerCasedExtensionOfTheLastPathSegment(String text, String extension) {
        assertThat(HttpUrl.of(text).pathExtension()).hasValue(extension);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com",
        "https://example.com/",
        "https://example.com/a.b/c",
        "https://example.com/a.",
        "https://example.com/a?f=b.gif",
        "https://example.com/a#b.gif",
        "https://example.com/clips/"
    })
    void pathExtensionIsAbsentWhenTheLastPathSegmentHasNone(String text) {
        assertThat(HttpUrl.of(text).pathExtension()).isEmpty();
    }
}
