package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.domain.Task;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * How the provider's answers are read: the wire format ({@link ProviderJson}) mapped to the domain
 * ({@link WireMapper}). What cannot be read throws, naming what was wrong, and the {@link ErrorPolicy} decides
 * what that means.
 */
final class ProviderAnswers {

    private final ProviderJson json;

    /** Reads answers, replacing {@code secret} wherever it appears in what they quote. */
    ProviderAnswers(String secret) {
        this.json = new ProviderJson(secret);
    }

    /** A submit's or a status's answer: {@code {"data":{task}}}. */
    ErrorPolicy.AnswerReader<Task> task() {
        return body -> WireMapper.INSTANCE.toTask(json.taskEnvelope(Buffer.buffer(body)).data());
    }

    /** A list's answer: {@code {"data":[tasks]}}. */
    ErrorPolicy.AnswerReader<List<Task>> tasks() {
        return body -> WireMapper.INSTANCE.toTasks(json.taskListEnvelope(Buffer.buffer(body)).data());
    }

    /** An error body in either documented shape; {@link ErrorBody#EMPTY} when there is none to read. */
    ErrorBody error(byte[] body) {
        return json.errorBody(Buffer.buffer(body));
    }
}
