package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.MotionTransferRules;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MotionTransferBodyReaderTest {

    @Test
    void theReaderKnowsExactlyTheFieldsTheDomainChecks() {
        assertThat(MotionTransferBodyReader.FIELDS).isEqualTo(MotionTransferRules.FIELDS);
    }

    @Test
    void aFieldNameDifferingOnlyInCaseSuggestsTheKnownField() {
        MotionTransferBodyReader.Reading reading = read("{\"Image_URL\":\"x\"}");

        assertThat(((MotionTransferBodyReader.Readable) reading).unreadable())
                .containsExactly(new InvalidParam("Image_URL", "is not a known field; did you mean image_url?"));
    }

    @Test
    void aSyntaxErrorInsideAFieldsValueNamesThatField() {
        MotionTransferBodyReader.Reading reading = read("{\"prompt\":[\"a\" \"b\"]}");

        assertThat(((MotionTransferBodyReader.Unreadable) reading).error().invalidParams())
                .extracting(InvalidParam::name).containsExactly("prompt");
    }

    @Test
    void aSyntaxErrorBetweenFieldsNamesNoField() {
        MotionTransferBodyReader.Reading reading = read("{\"prompt\":\"a\",");

        assertThat(((MotionTransferBodyReader.Unreadable) reading).error().invalidParams()).isEmpty();
    }

    private static MotionTransferBodyReader.Reading read(String json) {
        return MotionTransferBodyReader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
