package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.VideoFacts;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A task's measured media as the {@code media} column holds them: JSON, {@code NULL} for none. A value this version
 * cannot read (a format a later version added) is read as nothing measured rather than failing the task's read.
 */
final class MediaColumn {

    private MediaColumn() {
    }

    static String write(MediaFacts media) {
        if (media.isEmpty()) {
            return null;
        }
        JsonObject json = new JsonObject();
        media.image().ifPresent(image -> json.put("image", new JsonObject()
                .put("format", image.format().name())
                .put("width", image.widthPx())
                .put("height", image.heightPx())
                .put("bytes", image.sizeBytes())
                .put("bytes_at_least", image.sizeIsAtLeast())));
        media.video().ifPresent(video -> {
            JsonObject written = new JsonObject().put("format", video.format().name())
                    .put("duration_ms", video.duration().map(Duration::toMillis).orElse(null))
                    .put("estimated", video.durationEstimated());
            video.sizeBytes().ifPresent(bytes -> written.put("bytes", bytes));
            json.put("video", written);
        });
        return json.encode();
    }

    static MediaFacts read(String column) {
        if (column == null) {
            return MediaFacts.NONE;
        }
        try {
            JsonObject json = new JsonObject(column);
            return new MediaFacts(Optional.ofNullable(json.getJsonObject("image")).map(MediaColumn::image),
                    Optional.ofNullable(json.getJsonObject("video")).map(MediaColumn::video));
        } catch (RuntimeException unreadable) {
            return MediaFacts.NONE;
        }
    }

    private static ImageFacts image(JsonObject json) {
        return new ImageFacts(MediaFormat.valueOf(json.getString("format")), json.getInteger("width"),
                json.getInteger("height"), json.getLong("bytes"), json.getBoolean("bytes_at_least", false));
    }

    private static VideoFacts video(JsonObject json) {
        Long millis = json.getLong("duration_ms");
        Long bytes = json.getLong("bytes");
        return new VideoFacts(MediaFormat.valueOf(json.getString("format")),
                Optional.ofNullable(millis).map(Duration::ofMillis), json.getBoolean("estimated", false),
                bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes));
    }
}
