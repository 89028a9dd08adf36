package dev.motioncontrol.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.VideoFacts;
import java.math.BigDecimal;

/**
 * The answer of a task's {@code /media} path: {@code {"data":{"task_id","image":{…},"video":{…}}}}, what the media
 * preflight measured before the task was paid for. A medium that was not measured is left out; what is not known of
 * one that was is {@code null}.
 */
record MediaAnswer(Body data) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String taskId, Image image, Video video) {
    }

    /** {@code sizeAtLeast}: the probe stopped reading past the largest size allowed, so the size is a lower bound. */
    record Image(String format, int width, int height, long sizeBytes, boolean sizeAtLeast) {
    }

    /** {@code durationSeconds} to the millisecond, {@code null} when the file does not say and no estimate held. */
    record Video(String format, BigDecimal durationSeconds, boolean durationEstimated, Long sizeBytes) {
    }

    static MediaAnswer of(TaskId taskId, MediaFacts media) {
        return new MediaAnswer(new Body(taskId.value(), media.image().map(MediaAnswer::image).orElse(null),
                media.video().map(MediaAnswer::video).orElse(null)));
    }

    private static Image image(ImageFacts facts) {
        return new Image(facts.format().name(), facts.widthPx(), facts.heightPx(), facts.sizeBytes(),
                facts.sizeIsAtLeast());
    }

    private static Video video(VideoFacts facts) {
        return new Video(facts.format().name(),
                facts.duration().map(duration -> BigDecimal.valueOf(duration.toMillis(), 3)).orElse(null),
                facts.durationEstimated(),
                facts.sizeBytes().isPresent() ? facts.sizeBytes().getAsLong() : null);
    }
}
