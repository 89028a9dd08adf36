package dev.motioncontrol.adapters.http;

import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.Violation;
import java.net.URI;
import java.util.List;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
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

    default String uri(URI uri) {
        return uri.toString();
    }
}
