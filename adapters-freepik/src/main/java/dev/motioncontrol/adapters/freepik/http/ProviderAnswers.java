package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * How the provider's answers are read: the wire format ({@link ProviderJson}) mapped to the domain
 * ({@link WireMapper}). What cannot be read throws, naming what was wrong, and the {@link ErrorPolicy} decides
 * what that means. Every task read is {@linkplain Redactor#relayable made fit to relay}: the key is out of it.
 */
final class ProviderAnswers {

    private final ProviderJson json;
    private final Redactor redactor;

    /** Reads answers, replacing {@code secret} wherever it appears in what they quote and in the tasks. */
    ProviderAnswers(String secret) {
        this.json = new ProviderJson(secret);
        this.redactor = new Redactor(secret);
    }

    /** A submit's answer: {@code {"data":{task}}}. */
    ErrorPolicy.AnswerReader<Task> task() {
        return body -> redactor.relayable(WireMapper.INSTANCE.toTask(json.taskEnvelope(Buffer.buffer(body)).data()));
    }

    /**
     * A status's answer: {@code {"data":{task}}}, which must be about the task {@code asked} for. An answer about
     * another task is the provider's inconsistency, never that task's news: it would show a client a task that is
     * not its own, or make its own look unknown.
     */
    ErrorPolicy.AnswerReader<Task> task(TaskId asked) {
        ErrorPolicy.AnswerReader<Task> reader = task();
        return body -> {
            Task task = reader.read(body);
            if (!task.id().equals(asked)) {
                throw new ProviderJson.UnexpectedAnswer("the answer is about task " + task.id().value()
                        + ", not about task " + asked.value() + " that was asked for");
            }
            return task;
        };
    }

    /** A list's answer: {@code {"data":[tasks]}}. */
    ErrorPolicy.AnswerReader<List<Task>> tasks() {
        return body -> WireMapper.INSTANCE.toTasks(json.taskListEnvelope(Buffer.buffer(body)).data()).stream()
                .map(redactor::relayable).toList();
    }

    /** A task from elsewhere (a webhook) made fit to relay, as the answers' tasks are. */
    Task relayable(Task task) {
        return redactor.relayable(task);
    }

    /** An error body in either documented shape; {@link ErrorBody#EMPTY} when there is none to read. */
    ErrorBody error(byte[] body) {
        return json.errorBody(Buffer.buffer(body));
    }
}
