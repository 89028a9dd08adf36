package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class StrictInputTest extends HttpApiTestBase {

    private static final String DIDNT_VALIDATE = "Your request parameters didn't validate.";
    private static final String EMOJI = "\uD83D\uDC83"; // one code point, two UTF-16 units, four UTF-8 bytes

    @Test
    void threeMistakesAreAllListedInOneAnswer(VertxTestContext test) {
        String body = "{\"image_url\":\"ftp://cdn.example.com/a.png\",\"video_url\":\"" + VIDEO + "\","
                + "\"character_orientation\":\"sideways\",\"cfg_scale\":2}";
        expect(test, submit(PRO, KEY_A, body), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo(DIDNT_VALIDATE);
            assertThat(invalidParamNames(response)).containsExactly("image_url", "character_orientation", "cfg_scale");
        });
    }

    @Test
    void theAnswerToAThousandMistakesListsTheFirstTwentyAndCountsTheRest(VertxTestContext test) {
        StringBuilder body = new StringBuilder("{");
        for (char a = 'a'; a <= 'z'; a++) {
            for (char b = 'a'; b <= 'z'; b++) {
                // Each a likely typo of "prompt": a problem whatever the policy on unknown fields.
                body.append("\"prompt").append(a).append(b).append("\":\"x\",");
            }
        }
        body.append("\"cfg_scale\":2}");
        expect(test, submit(PRO, KEY_A, body.toString()), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body().length()).isLessThan(4096);
            assertThat(invalidParamNames(response)).hasSize(FailureMapper.MOST_INVALID_PARAMS_LISTED + 1)
                    .startsWith("image_url", "video_url").endsWith("request");
            int all = 2 + 1 + 26 * 26;
            assertThat(reasonFor(response, "request")).isEqualTo(
                    (all - FailureMapper.MOST_INVALID_PARAMS_LISTED) + " more problems are not listed; " + all + " in all");
        });
    }

    @Test
    void nothingReachesTheProviderWhenTheRequestIsInvalid(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"cfg_scale\":2")),
                response -> assertThat(provider.submitted).isEmpty());
    }

    @Test
    void typeErrorsAreReportedTogetherWithTheRulesTheRequestBreaks(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, "{\"cfg_scale\":\"0.5\",\"promt\":\"x\"}"), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(invalidParamNames(response)).containsExactly("image_url", "video_url", "cfg_scale", "promt");
        });
    }

    @Test
    void malformedJsonIsABadRequest(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, "{\"image_url\": \"" + IMAGE + "\""), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("message")).startsWith("The request body is not valid JSON");
        });
    }

    @Test
    void anEmptyBodyIsABadRequest(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, ""), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("message")).contains("empty");
        });
    }

    @Test
    void anArrayBodyIsABadRequest(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, "[" + validBody() + "]"), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("message")).contains("must be a JSON object, not an array");
        });
    }

    @Test
    void somethingAfterTheObjectIsABadRequest(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, validBody() + " {}"), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("message")).contains("one JSON object");
        });
    }

    @Test
    void aCfgScaleSentAsAStringIsNotANumber(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"cfg_scale\":\"0.5\"")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(reasonFor(response, "cfg_scale")).startsWith("must be a number");
        });
    }

    @Test
    void anImageUrlSentAsANumberIsNotAString(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, "{\"image_url\":123,\"video_url\":\"" + VIDEO + "\"}"), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(invalidParamNames(response)).containsExactly("image_url");
            assertThat(reasonFor(response, "image_url")).startsWith("must be a string");
        });
    }

    @Test
    void aPromptSentAsAnArrayIsNotAString(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"prompt\":[\"x\"]")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(reasonFor(response, "prompt")).isEqualTo("must be a string, not an array");
        });
    }

    @Test
    void aMisspelledFieldIsNamedWithTheFieldItProbablyMeant(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"promt\":\"a dancer\"")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(reasonFor(response, "promt")).isEqualTo("is not a known field; did you mean prompt?");
        });
    }

    @Test
    void anUnknownFieldFarFromAnyKnownOneIsLeftOutAndNamedInTheHeader(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"negative_prompt\":\"blurry\",\"duration\":10")), response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            assertThat(response.getHeader(MotionControlHttpApi.IGNORED_FIELDS_HEADER)).isEqualTo("negative_prompt,duration");
            assertThat(provider.submitted).hasSize(1);
        });
    }

    @Test
    void anUnknownFieldNamedWithControlCharactersIsNamedSafelyAndTheTaskIsAnswered(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"a\\u0001b\":1,\"c\\r\\nx-forged: 1\":2")), response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            assertThat(response.getHeader(MotionControlHttpApi.IGNORED_FIELDS_HEADER)).isEqualTo("a?b,c??x-forged:?1");
            assertThat(response.getHeader("x-forged")).isNull();
            assertThat(response.bodyAsJsonObject().getJsonObject("data").getString("task_id")).isNotBlank();
        });
    }

    @Test
    void aSubmitWithOnlyKnownFieldsHasNoIgnoredFieldsHeader(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"prompt\":\"a dancer\"")), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader(MotionControlHttpApi.IGNORED_FIELDS_HEADER)).isNull();
        });
    }

    @Test
    void aFieldSentTwiceIsABadRequest(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"cfg_scale\":0.1,\"cfg_scale\":0.9")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(reasonFor(response, "cfg_scale")).contains("more than once");
        });
    }

    @Test
    void aNanLiteralIsABadRequestNamingTheField(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"cfg_scale\":NaN")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("message")).contains("NaN and Infinity are not JSON numbers");
            assertThat(invalidParamNames(response)).containsExactly("cfg_scale");
        });
    }

    @Test
    void aNumberTooLargeForADoubleIsNotFinite(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"cfg_scale\":1e400")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(reasonFor(response, "cfg_scale")).contains("finite");
        });
    }

    @Test
    void aPromptOfExactly2500EmojiIsAccepted(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"prompt\":\"" + EMOJI.repeat(2500) + "\"")), response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            assertThat(provider.submitted.get(0).prompt().orElseThrow().length()).isEqualTo(2500);
        });
    }

    @Test
    void aPromptOf2501EmojiIsRejected(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, bodyWith("\"prompt\":\"" + EMOJI.repeat(2501) + "\"")), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(reasonFor(response, "prompt")).contains("2500");
        });
    }

    @Test
    void anImageUrlThatIsNotAUrlIsRejected(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, "{\"image_url\":\"not a url\",\"video_url\":\"" + VIDEO + "\"}"), response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(invalidParamNames(response)).containsExactly("image_url");
        });
    }

    @Test
    void anFtpVideoUrlIsRejected(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, "{\"image_url\":\"" + IMAGE + "\",\"video_url\":\"ftp://cdn.example.com/d.mp4\"}"),
                response -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(reasonFor(response, "video_url")).contains("http");
                });
    }
}
