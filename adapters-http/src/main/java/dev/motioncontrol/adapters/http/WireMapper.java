package dev.motioncontrol.adapters.http;

import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.Violation;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;
import org.mapstruct.ReportingPolicy;
import org.mapstruct.factory.Mappers;

/**
 * Wire records to and from the domain. Every target property must be mapped, so a field added on either
 * side fails the build instead of being dropped.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR)
interface WireMapper {

    WireMapper INSTANCE = Mappers.getMapper(WireMapper.class);

    /** The request as received, with what the reader could not read, for the use case to judge. */
    @Mapping(target = "imageUrl", source = "body.imageUrl")
    @Mapping(target = "videoUrl", source = "body.videoUrl")
    @Mapping(target = "prompt", source = "body.prompt")
    @Mapping(target = "characterOrientation", source = "body.characterOrientation")
    @Mapping(target = "cfgScale", source = "body.cfgScale")
    @Mapping(target = "webhookUrl", source = "body.webhookUrl")
    @Mapping(target = "tier", source = "tier")
    @Mapping(target = "unreadableFields", source = "unreadable")
    MotionTransferRequest toRequest(MotionTransferBody body, Tier tier, List<InvalidParam> unreadable);

    @Mapping(target = "field", source = "name")
    Violation toViolation(InvalidParam param);

    @Mapping(target = "name", source = "field")
    InvalidParam toInvalidParam(Violation violation);

    List<InvalidParam> toInvalidParams(List<Violation> violations);

    @Mapping(target = "taskId", source = "id.value")
    @Mapping(target = "status", source = "status.name")
    TaskBody toTaskBody(Task task);

    @Mapping(target = "data", source = "task")
    TaskEnvelope toEnvelope(Task task);

    default TaskListEnvelope toListEnvelope(List<Task> tasks) {
        return new TaskListEnvelope(toTaskBodies(tasks));
    }

    List<TaskBody> toTaskBodies(List<Task> tasks);

    /**
     * A task as a provider webhook reports it. Throws {@link IllegalArgumentException} when a value cannot
     * be the domain's (a malformed id, a blank status, a generated URL that is no URI).
     */
    @Mapping(target = "id", source = "taskId")
    // Task.updatedFrom(Task) looks like a fluent setter to MapStruct; it is a domain rule, not a property.
    @Mapping(target = "updatedFrom", ignore = true)
    Task toTask(TaskBody body);

    @Mapping(target = "taskId", source = "taskId.value")
    @Mapping(target = "webhookUrl", source = "delivery.target.url")
    @Mapping(target = "state", source = "delivery.state")
    @Mapping(target = "attempts", source = "delivery.attempts")
    @Mapping(target = "lastAttemptAt", source = "delivery.lastAttemptAt", qualifiedByName = "instant")
    @Mapping(target = "lastStatus", source = "delivery.lastStatus")
    @Mapping(target = "lastError", source = "delivery.lastError", qualifiedByName = "text")
    @Mapping(target = "nextAttemptAt", source = "delivery.nextAttemptAt", qualifiedByName = "instant")
    WebhookDeliveryBody toDeliveryBody(TaskId taskId, WebhookDelivery delivery);

    default WebhookDeliveryEnvelope toDeliveryEnvelope(TaskId taskId, WebhookDelivery delivery) {
        return new WebhookDeliveryEnvelope(toDeliveryBody(taskId, delivery));
    }

    default String uri(URI uri) {
        return uri.toString();
    }

    default URI uri(String text) {
        return URI.create(text);
    }

    default String url(HttpUrl url) {
        return url.toString();
    }

    default TaskId taskId(String text) {
        return new TaskId(text);
    }

    default TaskStatus status(String name) {
        return TaskStatus.of(name);
    }

    /** An ISO-8601 instant, or {@code null} when there is none. */
    @Named("instant")
    default String instant(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    @Named("text")
    default String text(Optional<String> text) {
        return text.orElse(null);
    }

    default Integer httpStatus(OptionalInt status) {
        return status.isPresent() ? status.getAsInt() : null;
    }
}
