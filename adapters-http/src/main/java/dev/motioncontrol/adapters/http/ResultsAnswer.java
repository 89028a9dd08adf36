package dev.motioncontrol.adapters.http;

import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.domain.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of a task's {@code /results} path: where the service's copies of its generated videos stand,
 * {@code {"data":{"task_id","state","attempts","last_attempt_at","last_error","copied_at","delete_at","deleted_at",
 * "videos":[{"index","size_bytes","sha256","content_type"}]}}}, times in ISO-8601 and what is not known {@code null}.
 */
record ResultsAnswer(Body data) {

    record Body(String taskId, String state, int attempts, String lastAttemptAt, String lastError, String copiedAt,
            String deleteAt, String deletedAt, List<Video> videos) {
    }

    record Video(int index, long sizeBytes, String sha256, String contentType) {
    }

    static ResultsAnswer of(TaskId taskId, ResultCopies copies) {
        List<Video> videos = new ArrayList<>();
        for (int index = 0; index < copies.videos().size(); index++) {
            ResultCopies.StoredVideo video = copies.videos().get(index);
            videos.add(new Video(index, video.sizeBytes(), video.sha256(), video.contentType()));
        }
        String deleteAt = copies.state() == ResultCopies.State.COPIED
                ? copies.dueAt().map(Instant::toString).orElse(null) : null;
        return new ResultsAnswer(new Body(taskId.value(), copies.state().name(), copies.attempts(),
                copies.lastAttemptAt().map(Instant::toString).orElse(null), copies.lastError().orElse(null),
                copies.copiedAt().map(Instant::toString).orElse(null), deleteAt,
                copies.deletedAt().map(Instant::toString).orElse(null), videos));
    }
}
