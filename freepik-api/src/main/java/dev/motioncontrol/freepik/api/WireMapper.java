package dev.motioncontrol.freepik.api;

import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.ReportingPolicy;
import org.mapstruct.factory.Mappers;

/**
 * The API's records to and from the domain, for every side that speaks it: the Freepik client, the
 * provider-compatible REST API and the webhook sender. Every target property must be mapped, so a field
 * added on either side fails the build instead of being dropped.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR)
public interface WireMapper {

    WireMapper INSTANCE = Mappers.getMapper(WireMapper.class);

    /** A checked transfer as the provider reads it; the model and the tier choose the path, not the body. */
    @Mapping(target = "imageUrl", source = "image.url")
    @Mapping(target = "videoUrl", source = "video.url")
    @Mapping(target = "webhookUrl", source = "webhook")
    @Mapping(target = "prompt", source = "prompt")
    @Mapping(target = "characterOrientation", source = "orientation")
    @Mapping(target = "cfgScale", source = "cfgScale.value")
    SubmitBody toSubmitBody(MotionTransfer transfer);

    /** A client's body as received, with what could not be read, for the use case to judge. */
    @Mapping(target = "imageUrl", source = "body.imageUrl")
    @Mapping(target = "videoUrl", source = "body.videoUrl")
    @Mapping(target = "prompt", source = "body.prompt")
    @Mapping(target = "characterOrientation", source = "body.characterOrientation")
    @Mapping(target = "cfgScale", source = "body.cfgScale")
    @Mapping(target = "webhookUrl", source = "body.webhookUrl")
    @Mapping(target = "model", source = "model")
    @Mapping(target = "tier", source = "tier")
    @Mapping(target = "unreadableFields", source = "unreadable")
    MotionTransferRequest toRequest(SubmitBody body, Model model, Tier tier, List<InvalidParam> unreadable);

    @Mapping(target = "taskId", source = "id.value")
    @Mapping(target = "status", source = "status.name")
    TaskBody toTaskBody(Task task);

    List<TaskBody> toTaskBodies(List<Task> tasks);

    @Mapping(target = "data", source = "task")
    TaskEnvelope toEnvelope(Task task);

    default TaskListEnvelope toListEnvelope(List<Task> tasks) {
        return new TaskListEnvelope(toTaskBodies(tasks));
    }

    /**
     * A task as read from the wire. Throws {@link IllegalArgumentException} for a value the domain refuses;
     * {@link FreepikJson} has checked what it reads, so that does not happen for what it returns.
     */
    @Mapping(target = "id", source = "taskId")
    // Task.updatedFrom(Task) looks like a fluent setter to MapStruct; it is a domain rule, not a property.
    @Mapping(target = "updatedFrom", ignore = true)
    Task toTask(TaskBody body);

    List<Task> toTasks(List<TaskBody> bodies);

    @Mapping(target = "field", source = "name")
    Violation toViolation(InvalidParam param);

    List<Violation> toViolations(List<InvalidParam> params);

    @Mapping(target = "name", source = "field")
    InvalidParam toInvalidParam(Violation violation);

    List<InvalidParam> toInvalidParams(List<Violation> violations);

    default String url(HttpUrl url) {
        return url.toString();
    }

    default String prompt(Optional<Prompt> prompt) {
        return prompt.map(Prompt::text).orElse(null);
    }

    default String webhook(Optional<WebhookUrl> webhook) {
        return webhook.map(w -> w.url().toString()).orElse(null);
    }

    default String orientation(CharacterOrientation orientation) {
        return orientation.wireName();
    }

    default String uri(URI uri) {
        return uri.toString();
    }

    default URI uri(String text) {
        return URI.create(text);
    }

    default TaskId taskId(String value) {
        return new TaskId(value);
    }

    default TaskStatus status(String name) {
        return TaskStatus.of(name);
    }
}
