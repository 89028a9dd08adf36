package dev.motioncontrol.adapters.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.motioncontrol.domain.HttpUrl;
import java.net.URI;
import org.junit.jupiter.api.Test;

class VideoUrlTest {

    private static final String SIGNED = "https://cdn.example.com/v/a%20b.mp4?X-Amz-Signature=secret&x=%2F";

    @Test
    void sendsTheQueryAsWrittenButNeverShowsIt() {
        VideoUrl url = VideoUrl.of(URI.create(SIGNED + "#t=5"));

        assertThat(url.requestTarget()).isEqualTo("/v/a%20b.mp4?X-Amz-Signature=secret&x=%2F");
        assertThat(url.judged()).isEqualTo(HttpUrl.of("https://cdn.example.com/v/a%20b.mp4"));
        assertThat(url.host()).isEqualTo("cdn.example.com");
        assertThat(url.toString()).isEqualTo("https://cdn.example.com/v/a%20b.mp4");
    }

    @Test
    void aUrlWithoutAPathAsksForTheRoot() {
        assertThat(VideoUrl.of(URI.create("https://cdn.example.com?sig=1")).requestTarget()).isEqualTo("/?sig=1");
    }

    @Test
    void takesAQueryLongerThanAClientsUrlMayBeButNotSuchAPath() {
        String longer = "a".repeat(HttpUrl.MAX_LENGTH);

        assertThat(VideoUrl.of(URI.create("https://cdn.example.com/a.mp4?sig=" + longer)).requestTarget())
            .endsWith(longer);
        assertThatIllegalArgumentException().isThrownBy(() -> VideoUrl.of(URI.create("https://cdn.example.com/"
            + longer))).withMessageStartingWith("must be at most " + HttpUrl.MAX_LENGTH + " characters");
    }

    @Test
    void refusesCredentialsWithoutQuotingThem() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> VideoUrl.of(URI.create("https://user:secret@cdn.example.com/a.mp4")))
            .withMessageStartingWith("must not carry credentials")
            .withMessageNotContaining("secret");
    }

    @Test
    void refusesWhatIsNoAbsoluteHttpUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> VideoUrl.of(URI.create("ftp://cdn.example.com/a.mp4")))
            .withMessage("must use http or https, not ftp");
        assertThatIllegalArgumentException().isThrownBy(() -> VideoUrl.of(URI.create("/a.mp4?sig=secret")))
            .withMessageNotContaining("secret");
        assertThatIllegalArgumentException().isThrownBy(() -> VideoUrl.of(URI.create("mailto:secret@example.com")))
            .withMessageNotContaining("secret");
    }

    @Test
    void aRedirectLeadsWhereItsLocationSaysFromHere() {
        VideoUrl here = VideoUrl.of(URI.create(SIGNED));

        assertThat(here.redirectedTo("../store/b.mp4?sig=2").map(VideoUrl::requestTarget))
            .contains("/store/b.mp4?sig=2");
        assertThat(here.redirectedTo("https://other.example.net/c.mp4").map(VideoUrl::toString))
            .contains("https://other.example.net/c.mp4");
        assertThat(here.redirectedTo(" /d.mp4 ").map(VideoUrl::requestTarget)).contains("/d.mp4");
    }

    @Test
    void aRedirectToNoFetchableUrlLeadsNowhere() {
        VideoUrl here = VideoUrl.of(URI.create(SIGNED));

        assertThat(here.redirectedTo("ftp://files.example.com/a.mp4")).isEmpty();
        assertThat(here.redirectedTo("https://user:pw@cdn.example.com/a.mp4")).isEmpty();
        assertThat(here.redirectedTo("http://[::1")).isEmpty();
    }
}
