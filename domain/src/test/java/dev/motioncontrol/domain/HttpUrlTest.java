package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
        "https://user@example.com/a.png"
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
