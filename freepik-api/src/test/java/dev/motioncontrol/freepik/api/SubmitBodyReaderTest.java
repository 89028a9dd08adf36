package dev.motioncontrol.freepik.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.freepik.api.SubmitBodyReader.Readable;
import dev.motioncontrol.freepik.api.SubmitBodyReader.Reading;
import dev.motioncontrol.freepik.api.SubmitBodyReader.UnknownFields;
import dev.motioncontrol.freepik.api.SubmitBodyReader.Unreadable;
import dev.motioncontrol.freepik.api.SubmitBodyReader.Unsupported;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

    /** {@code before}, then {@code bytes}, then {@code after}: a body with bytes that no String can hold. */
    private static byte[] body(String before, int[] bytes, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = 0; i < bytes.length; i++) {
            body[head.length + i] = (byte) bytes[i];
        }
        System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
        return body;
    }

    static Stream<Arguments> notUtf8() {
        return Stream.of(
                Arguments.of("an overlong '/'", new int[] {0xc0, 0xaf}),
                Arguments.of("an overlong NUL", new int[] {0xe0, 0x80, 0x80}),
                Arguments.of("an encoded high surrogate", new int[] {0xed, 0xa0, 0x80}),
                Arguments.of("an encoded low surrogate", new int[] {0xed, 0xbf, 0xbf}),
                Arguments.of("a code point above U+10FFFF", new int[] {0xf4, 0x90, 0x80, 0x80}),
                Arguments.of("a five-byte form", new int[] {0xf8, 0x88, 0x80, 0x80, 0x80}),
                Arguments.of("a lone continuation byte", new int[] {0x80}),
                Arguments.of("a sequence cut short", new int[] {0xe2, 0x82}),
                Arguments.of("Latin-1", new int[] {0xe9}));
    }

    @ParameterizedTest(name = "{0} in a value is a problem of its field")
    @MethodSource("notUtf8")
    void bytesThatAreNotUtf8InAValueAreAProblemOfItsField(String what, int[] bytes) {
        for (UnknownFields policy : UnknownFields.values()) {
            Reading reading = SubmitBodyReader.read(body("{\"image_url\":\"https://example.com/a.png\",\"prompt\":\"a",
                    bytes, "b\"}"), policy);

            assertThat(reading).isInstanceOf(Readable.class);
            assertThat(((Readable) reading).problems()).singleElement().satisfies(problem -> {
                assertThat(problem.name()).isEqualTo("prompt");
                assertThat(problem.reason()).startsWith("is not valid UTF-8").contains("offset 52");
            });
            assertThat(((Readable) reading).body().prompt()).isNull();
        }
    }

    @ParameterizedTest(name = "{0} in a field's name is a problem of that field")
    @MethodSource("notUtf8")
    void bytesThatAreNotUtf8InANameAreAProblemOfThatField(String what, int[] bytes) {
        Reading reading = SubmitBodyReader.read(body("{\"pro", bytes, "mpt\":\"x\"}"), UnknownFields.IGNORE);

        assertThat(((Readable) reading).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.name()).startsWith("pro?").endsWith("mpt");
            assertThat(problem.reason()).startsWith("is not valid UTF-8");
        });
        assertThat(((Readable) reading).ignored()).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8BetweenTheFieldsMakeTheBodyUnreadable() {
        Reading reading = SubmitBodyReader.read(body("{", new int[] {0xc0, 0xaf}, "\"prompt\":\"x\"}"),
                UnknownFields.IGNORE);

        assertThat(((Unreadable) reading).error().message()).startsWith("The request body is not valid UTF-8")
                .contains("offset 1");
    }

    @ParameterizedTest(name = "{0} is no character")
    @CsvSource(delimiter = '|', value = {
        "a lone high surrogate|\\ud800|d800",
        "a lone low surrogate|\\udc00|dc00",
        "a reversed pair|\\udc00\\ud800|dc00",
        "a high surrogate before a letter|\\ud83dx|d83d",
        "a high surrogate at the end|abc\\udbff|dbff"})
    void anEscapeThatIsALoneSurrogateIsAProblemOfItsField(String what, String escaped, String code) {
        Readable readable = readable("{\"prompt\":\"" + escaped + "\",\"x\":{\"y\":[\"" + escaped + "\"]}}",
                UnknownFields.IGNORE);

        assertThat(readable.problems()).containsExactly(
                new InvalidParam("prompt", "holds the escape \\u" + code + ", a lone surrogate, which is no character"),
                new InvalidParam("x", "holds the escape \\u" + code + ", a lone surrogate, which is no character"));
        assertThat(readable.body().prompt()).isNull();
        assertThat(readable.ignored()).isEmpty();
    }

    @Test
    void aSurrogatePairEscapeIsOneCharacter() {
        Readable readable = readable("{\"prompt\":\"dance \\ud83d\\ude00\"}", UnknownFields.REJECT);

        assertThat(readable.problems()).isEmpty();
        assertThat(readable.body().prompt()).isEqualTo("dance \ud83d\ude00");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() {
        Reading reading = SubmitBodyReader.read(body("", new int[] {0xef, 0xbb, 0xbf}, "{\"prompt\":\"é\"}"),
                UnknownFields.REJECT);

        assertThat(((Readable) reading).body().prompt()).isEqualTo("é");
    }

    @ParameterizedTest(name = "{0} is not supported")
    @CsvSource({"UTF-16LE, false, UTF-16LE", "UTF-16BE, false, UTF-16BE", "UTF-16, true, UTF-16BE",
        "UTF-32LE, false, UTF-32LE", "UTF-32BE, false, UTF-32BE", "UTF-32, true, UTF-32BE"})
    void aBodyInUtf16OrUtf32IsUnsupportedWithOrWithoutAByteOrderMark(String charset, boolean javaWritesABom,
            String named) {
        String json = "{\"prompt\":\"x\"}";
        byte[] encoded = json.getBytes(Charset.forName(charset));
        if (charset.endsWith("LE")) {
            // The same with the byte order mark a Windows tool writes.
            byte[] bom = charset.startsWith("UTF-16") ? new byte[] {(byte) 0xff, (byte) 0xfe}
                    : new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0};
            byte[] marked = new byte[bom.length + encoded.length];
            System.arraycopy(bom, 0, marked, 0, bom.length);
            System.arraycopy(encoded, 0, marked, bom.length, encoded.length);
            assertThat(SubmitBodyReader.read(marked, UnknownFields.IGNORE)).isInstanceOf(Unsupported.class);
        }

        Reading reading = SubmitBodyReader.read(encoded, UnknownFields.IGNORE);

        assertThat(reading).isInstanceOfSatisfying(Unsupported.class, unsupported -> assertThat(
                unsupported.error().message()).isEqualTo("The request body is in " + named
                        + "; JSON is sent in UTF-8 (RFC 8259), and no other encoding is supported."));
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
