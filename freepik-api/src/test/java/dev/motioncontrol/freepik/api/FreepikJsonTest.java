package dev.motioncontrol.freepik.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreepikJsonTest {

    @Test
    void writesATaskEnvelopeInTheProvidersShape() {
        assertThat(text(FreepikJson.write(new TaskEnvelope(new TaskBody("t-1", "COMPLETED", List.of("https://x/v.mp4"))))))
                .isEqualTo("{\"data\":{\"task_id\":\"t-1\",\"status\":\"COMPLETED\",\"generated\":[\"https://x/v.mp4\"]}}");
    }

    @Test
    void writesASubmitBodyWithoutItsAbsentFields() {
        assertThat(text(FreepikJson.write(new SubmitBody("i", "v", null, null, "video", 0.5))))
                .isEqualTo("{\"image_url\":\"i\",\"video_url\":\"v\",\"character_orientation\":\"video\",\"cfg_scale\":0.5}");
    }

    @Test
    void writesAnErrorWithoutEmptyInvalidParams() {
        assertThat(text(FreepikJson.write(new ErrorBody("Not found")))).isEqualTo("{\"message\":\"Not found\"}");
        assertThat(text(FreepikJson.write(new ErrorBody("bad", List.of(new InvalidParam("prompt", "too long"))))))
                .isEqualTo("{\"message\":\"bad\",\"invalid_params\":[{\"name\":\"prompt\",\"reason\":\"too long\"}]}");
    }

    @Test
    void readsATaskEnvelopeIgnoringFieldsItDoesNotKnow() throws WireFormatException {
        TaskEnvelope envelope = FreepikJson.readTaskEnvelope(bytes(
                "{\"data\":{\"task_id\":\"t-1\",\"status\":\"IN_PROGRESS\",\"eta\":5}}"));
        assertThat(envelope.data()).isEqualTo(new TaskBody("t-1", "IN_PROGRESS", List.of()));
    }

    @Test
    void aNumberIsNotATaskId() {
        assertThatThrownBy(() -> FreepikJson.readTaskEnvelope(bytes("{\"data\":{\"task_id\":5,\"status\":\"CREATED\"}}")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("data.task_id");
    }

    @Test
    void aGeneratedEntryMustBeAnAbsoluteUrl() {
        assertThatThrownBy(() -> FreepikJson.readTaskEnvelope(bytes(
                "{\"data\":{\"task_id\":\"t\",\"status\":\"COMPLETED\",\"generated\":[\"/relative.mp4\"]}}")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("data.generated[0]");
    }

    @Test
    void anAnswerWithoutDataIsUnexpected() {
        assertThatThrownBy(() -> FreepikJson.readTaskEnvelope(bytes("{\"task_id\":\"t\"}")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("\"data\"");
        assertThatThrownBy(() -> FreepikJson.readTaskList(bytes("{\"data\":{}}")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("\"data\" array");
    }

    @Test
    void aKeyTwiceInAnAnswerIsUnexpected() {
        assertThatThrownBy(() -> FreepikJson.readTaskEnvelope(bytes(
                "{\"data\":{\"task_id\":\"a\",\"task_id\":\"b\",\"status\":\"CREATED\"}}")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("Duplicate");
    }

    @Test
    void readsTheErrorBodyInEitherDocumentedShape() {
        ErrorBody expected = new ErrorBody("Your request parameters didn't validate.",
                List.of(new InvalidParam("cfg_scale", "must be at most 1")));
        String inner = "{\"message\":\"Your request parameters didn't validate.\","
                + "\"invalid_params\":[{\"name\":\"cfg_scale\",\"reason\":\"must be at most 1\"}]}";
        assertThat(FreepikJson.readError(bytes(inner))).isEqualTo(expected);
        assertThat(FreepikJson.readError(bytes("{\"problem\":" + inner + "}"))).isEqualTo(expected);
    }

    @Test
    void anUnreadableErrorBodyIsEmpty() {
        assertThat(FreepikJson.readError(bytes("<html>"))).isEqualTo(ErrorBody.EMPTY);
        assertThat(FreepikJson.readError(new byte[0])).isEqualTo(ErrorBody.EMPTY);
    }

    @Test
    void readsAWebhookTaskBareOrInAnEnvelope() {
        TaskBody task = new TaskBody("t-1", "COMPLETED", List.of("https://x/v.mp4"));
        assertThat(FreepikJson.readReportedTask(FreepikJson.write(task))).contains(task);
        assertThat(FreepikJson.readReportedTask(FreepikJson.write(new TaskEnvelope(task)))).contains(task);
        assertThat(FreepikJson.readReportedTask(bytes("{\"hello\":1}"))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"CREATED", "IN_PROGRESS", "état \"cité\" \\ \u0001",
        "\uD83D\uDE00 emoji", ""})
    void theStreamedEnvelopeIsTheMappersByteForByte(String status) {
        for (TaskEnvelope envelope : java.util.List.of(
                new TaskEnvelope(new TaskBody("4f1c7a2e-0000-4000-8000-000000000001", status, java.util.List.of())),
                new TaskEnvelope(new TaskBody("id_1", status, java.util.List.of("https://cdn.example.com/a.mp4",
                        "https://cdn.example.com/b?x=\"" + status))),
                new TaskEnvelope(new TaskBody(null, null, null)))) {
            assertThat(FreepikJson.writeEnvelope(envelope)).isEqualTo(FreepikJson.write(envelope));
        }
    }
}
