package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
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
 * The provider's wire records to and from the domain. Every target property must be mapped, so a field
 * added on either side fails the build instead of being dropped. The values it maps from the provider
 * have been checked by {@link ProviderJson} first, so the conversions below do not fail on them.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR)
interface WireMapper {

    WireMapper INSTANCE = Mappers.getMapper(WireMapper.class);

    /** The submit body; the tier is not in it, it chooses the path. */
    @Mapping(target = "imageUrl", source = "image.url")
    @Mapping(target = "videoUrl", source = "video.url")
    @Mapping(target = "prompt", source = "prompt")
    @Mapping(target = "characterOrientation", source = "orientation")
    @Mapping(target = "cfgScale", source = "cfgScale.value")
    @Mapping(target = "webhookUrl", source = "webhook")
    SubmitRequestBody toSubmitBody(MotionTransfer transfer);

    // MapStruct takes Task.updatedFrom(Task) for a fluent setter; the record's constructor sets everything.
    @Mapping(target = "id", source = "taskId")
    @Mapping(target = "updatedFrom", ignore = true)
    Task toTask(TaskBody body);

    List<Task> toTasks(List<TaskBody> bodies);

    @Mapping(target = "field", source = "name")
    Violation toViolation(InvalidParam param);

    List<Violation> toViolations(List<InvalidParam> params);

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

    default TaskId taskId(String value) {
        return new TaskId(value);
    }

    default TaskStatus status(String name) {
        return TaskStatus.of(name);
    }

    default URI uri(String text) {
        return URI.create(text);
    }
}
