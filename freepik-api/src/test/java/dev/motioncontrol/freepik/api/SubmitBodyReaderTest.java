package dev.motioncontrol.freepik.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.freepik.api.SubmitBodyReader.Readable;
import dev.motioncontrol.freepik.api.SubmitBodyReader.Reading;
import dev.motioncontrol.freepik.api.SubmitBodyReader.UnknownFields;
import dev.motioncontrol.freepik.api.SubmitBodyReader.Unreadable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmitBodyReaderTest {

    @Test
    void theFieldsAreTheOnesTheDomainRulesName() {
        assertThat(SubmitBodyReader.fieldNames()).isEqualTo(MotionTransferRules.FIELDS);
    }

    @Test
    void readsEveryFieldOfTheBody() {
        Readable readable = readable("{\"image_url\":\"i\",\"video_url\":\"v\",\"webhook_url\":\"w\",\"prompt\":\"p\","
                + "\"character_orientation\":\"image\",\"cfg_scale\":1}", UnknownFields.REJECT);
        assertThat(readable.body()).isEqualTo(new SubmitBody("i", "v", "w", "p", "image", 1.0));
        assertThat(readable.problems()).isEmpty();
        assertThat(readable.ignored()).isEmpty();
    }

    @Test
    void jsonNullIsAnAbsentField() {
        assertThat(readable("{\"prompt\":null,\"cfg_scale\":null}", UnknownFields.REJECT).body())
                .isEqualTo(new SubmitBody(null, null, null, null, null, null));
    }

    @ParameterizedTest(name = "{0} is a likely typo of {1}")
    @CsvSource({
            "promt, prompt",
            "image_ur, image_url",
            "cfgscale, cfg_scale",
            "webhookurl, webhook_url",
            "webhookUrl, webhook_url",
            "Image_URL, image_url",
            "character-orientation, character_orientation",
            "vidoe_url, video_url",
            "webhook, webhook_url",
            "cfg, cfg_scale",
            "image, image_url",
            "character, character_orientation"})
    void aLikelyTypoIsAProblemWithADidYouMeanWhateverThePolicy(String typo, String meant) {
        for (UnknownFields policy : UnknownFields.values()) {
            Readable readable = readable("{\"" + typo + "\":\"x\"}", policy);
            assertThat(readable.problems())
                    .containsExactly(new InvalidParam(typo, "is not a known field; did you mean " + meant + "?"));
            assertThat(readable.ignored()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"negative_prompt", "guidance_prompt", "duration", "mode", "keep_original_sound"})
    void anotherUnknownFieldIsIgnoredAndNamed(String field) {
        Readable readable = readable("{\"prompt\":\"p\",\"" + field + "\":\"x\"}", UnknownFields.IGNORE);
        assertThat(readable.problems()).isEmpty();
        assertThat(readable.ignored()).containsExactly(field);
        assertThat(readable.body().prompt()).isEqualTo("p");
    }

    @Test
    void anIgnoredFieldIsNamedInVisibleAsciiOnly() {
        Readable readable = readable("{\"a\\u0001b\":1,\"x,y\":2,\"n\\u00e9e\\nz\":3}", UnknownFields.IGNORE);
        assertThat(readable.ignored()).containsExactly("a?b", "x?y", "n?e?z");
    }

    @Test
    void anotherUnknownFieldIsAProblemWhenUnknownFieldsAreRejected() {
        Readable readable = readable("{\"negative_prompt\":\"x\"}", UnknownFields.REJECT);
        assertThat(readable.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.name()).isEqualTo("negative_prompt");
            assertThat(problem.reason()).startsWith("is not a known field; the known fields are image_url");
        });
    }

    @Test
    void aNumberAsAStringIsAProblemOfItsField() {
        Readable readable = readable("{\"cfg_scale\":\"0.5\",\"prompt\":5}", UnknownFields.IGNORE);
        assertThat(readable.problems()).containsExactly(
                new InvalidParam("cfg_scale", "must be a number, not a string"),
                new InvalidParam("prompt", "must be a string, not a number"));
        assertThat(readable.body().cfgScale()).isNull();
    }

    @Test
    void aKeyTwiceMakesTheBodyUnreadableNamingTheField() {
        Unreadable unreadable = unreadable("{\"cfg_scale\":0.1,\"cfg_scale\":0.9}");
        assertThat(unreadable.error().invalidParams()).extracting(InvalidParam::name).containsExactly("cfg_scale");
        assertThat(unreadable.error().invalidParams().get(0).reason()).contains("more than once");
    }

    @Test
    void aSyntaxErrorInsideAFieldNamesTheField() {
        assertThat(unreadable("{\"prompt\":[\"a\" \"b\"]}").error().invalidParams())
                .extracting(InvalidParam::name).containsExactly("prompt");
    }

    @Test
    void aTruncatedBodyNamesNoField() {
        assertThat(unreadable("{\"prompt\":\"a\",").error().invalidParams()).isEmpty();
    }

    @Test
    void notANumberIsNamedAsSuch() {
        Unreadable unreadable = unreadable("{\"cfg_scale\":NaN}");
        assertThat(unreadable.error().message()).contains("NaN and Infinity are not JSON numbers");
        assertThat(unreadable.error().invalidParams()).extracting(InvalidParam::name).containsExactly("cfg_scale");
    }

    @Test
    void somethingAfterTheObjectIsRefused() {
        assertThat(unreadable("{} {}").error().message()).contains("one JSON object");
    }

    @Test
    void anArrayIsNotABody() {
        assertThat(unreadable("[]").error().message()).contains("must be a JSON object, not an array");
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertThat(unreadable("").error().message()).contains("empty");
    }

    private static Readable readable(String json, UnknownFields policy) {
        Reading reading = SubmitBodyReader.read(json.getBytes(StandardCharsets.UTF_8), policy);
        assertThat(reading).isInstanceOf(Readable.class);
        return (Readable) reading;
    }

    private static Unreadable unreadable(String json) {
        Reading reading = SubmitBodyReader.read(json.getBytes(StandardCharsets.UTF_8), UnknownFields.IGNORE);
        assertThat(reading).isInstanceOf(Unreadable.class);
        return (Unreadable) reading;
    }
}
