package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.ResultCopies.StoredVideo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task's result copies as three columns of {@code tasks} hold them: {@code results_state} (the state's name, NULL for
 * {@code NONE}), {@code results_due_at} (epoch milliseconds) — the two that the claims and the awaited tasks select
 * on — and {@code results}, JSON of the rest, NULL when all of it is empty.
 *
 * <p>A value this version cannot read (a state or a field that a later version wrote differently) is read as a copy
 * given up ({@code FAILED}, saying so in its last error) rather than failing the task's read: clients are then shown
 * the provider's URLs, never copies this version could not name, and nothing acts on it. Fields it does not know are
 * ignored, and fields missing from the JSON are empty.
 */
final class ResultsColumn {

    /** The last error of results that could not be read. */
    static final String UNREADABLE = "this version of the service could not read the record of the copies";

    private ResultsColumn() {
    }

    /** The value of {@code results_state}. */
    static String state(ResultCopies results) {
        return results.state() == ResultCopies.State.NONE ? null : results.state().name();
    }

    /** The value of {@code results}. */
    static String rest(ResultCopies results) {
        JsonObject json = new JsonObject();
        if (!results.videos().isEmpty()) {
            JsonArray videos = new JsonArray();
            results.videos().forEach(video -> videos.add(new JsonObject()
                    .put("key", video.key())
                    .put("bytes", video.sizeBytes())
                    .put("sha256", video.sha256())
                    .put("content_type", video.contentType())));
            json.put("videos", videos);
        }
        if (results.attempts() != 0) {
            json.put("attempts", results.attempts());
        }
        results.lastAttemptAt().ifPresent(at -> json.put("last_attempt_at", at.toEpochMilli()));
        results.lastError().ifPresent(error -> json.put("last_error", error));
        results.copiedAt().ifPresent(at -> json.put("copied_at", at.toEpochMilli()));
        results.deletedAt().ifPresent(at -> json.put("deleted_at", at.toEpochMilli()));
        return json.isEmpty() ? null : json.encode();
    }

    /** The value of {@code results_due_at}. */
    static Long dueAt(ResultCopies results) {
        return results.dueAt().map(Instant::toEpochMilli).orElse(null);
    }

    /** The copies that the three columns hold. */
    static ResultCopies read(String state, String rest, Long dueAt) {
        try {
            JsonObject json = rest == null ? new JsonObject() : new JsonObject(rest);
            List<StoredVideo> videos = new ArrayList<>();
            JsonArray stored = json.getJsonArray("videos", new JsonArray());
            for (int i = 0; i < stored.size(); i++) {
                JsonObject video = stored.getJsonObject(i);
                videos.add(new StoredVideo(video.getString("key"), video.getLong("bytes"), video.getString("sha256"),
                        video.getString("content_type")));
            }
            return new ResultCopies(state == null ? ResultCopies.State.NONE : ResultCopies.State.valueOf(state),
                    videos, json.getInteger("attempts", 0), instant(json, "last_attempt_at"),
                    Optional.ofNullable(json.getString("last_error")),
                    Optional.ofNullable(dueAt).map(Instant::ofEpochMilli), instant(json, "copied_at"),
                    instant(json, "deleted_at"));
        } catch (RuntimeException unreadable) {
            return new ResultCopies(ResultCopies.State.FAILED, List.of(), 0, Optional.empty(),
                    Optional.of(UNREADABLE), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
    }

    private static Optional<Instant> instant(JsonObject json, String field) {
        return Optional.ofNullable(json.getLong(field)).map(Instant::ofEpochMilli);
    }
}
