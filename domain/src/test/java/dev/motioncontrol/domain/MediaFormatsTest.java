package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaFormatsTest {

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "jpeg", "png", "webp", "JPG", "Jpeg", "PNG", "WebP"})
    void acceptsEveryDocumentedImageFormatInAnyCase(String extension) {
        assertThat(MediaFormats.IMAGE.problemWith(url("/character." + extension))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp4", "mov", "webm", "m4v", "MP4", "Mov", "WEBM", "M4V"})
    void acceptsEveryDocumentedVideoFormatInAnyCase(String extension) {
        assertThat(MediaFormats.VIDEO.problemWith(url("/dance." + extension))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif", "bmp", "tiff", "heic", "mp4"})
    void rejectsAnImageOfAnotherFormatListingTheAcceptedOnes(String extension) {
        assertThat(MediaFormats.IMAGE.problemWith(url("/character." + extension)))
                .hasValue("the URL's path ends in ." + extension + ", a format the provider does not accept for the image; use JPG, JPEG, PNG or WEBP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"avi", "mkv", "gif", "png"})
    void rejectsAVideoOfAnotherFormatListingTheAcceptedOnes(String extension) {
        assertThat(MediaFormats.VIDEO.problemWith(url("/dance." + extension)))
                .hasValue("the URL's path ends in ." + extension + ", a format the provider does not accept for the video; use MP4, MOV, WEBM or M4V");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/character", "/images/", "/v2.0/character", "/character.", "/a?f=b.gif", "/a#b.gif"})
    void doesNotJudgeAUrlWhosePathHasNoExtension(String path) {
        assertThat(MediaFormats.IMAGE.problemWith(url(path))).isEmpty();
    }

    @Test
    void judgesTheExtensionOfThePathNotOfTheQuery() {
        assertThat(MediaFormats.IMAGE.problemWith(url("/a.png?x=.gif"))).isEmpty();
    }

    @Test
    void judgesTheExtensionOfThePathEvenWhenTheQueryLooksAccepted() {
        assertThat(MediaFormats.IMAGE.problemWith(url("/a.gif?format=.png"))).isPresent();
    }

    @Test
    void listsTheAcceptedExtensionsInLowerCase() {
        assertThat(MediaFormats.IMAGE.extensions()).containsExactly("jpg", "jpeg", "png", "webp");
        assertThat(MediaFormats.VIDEO.extensions()).containsExactly("mp4", "mov", "webm", "m4v");
    }

    @Test
    void aCharacterImageCannotPointAtAVideo() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CharacterImage(url("/dance.mp4")));
    }

    @Test
    void aReferenceVideoCannotPointAtAnImage() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReferenceVideo(url("/character.png")));
    }

    private static HttpUrl url(String pathAndMore) {
        return HttpUrl.of("https://cdn.example.com" + pathAndMore);
    }
}
