package dev.motioncontrol.application.port.in;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.domain.TaskId;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Finds the service's copy of one generated video, for its owner (by key) or for whoever holds a link the service
 * signed (see {@link dev.motioncontrol.application.service.ResultLinks}).
 */
public interface DownloadResultUseCase {

    /**
     * Where the copy is, with what the service knows of it. Fails with {@code UnknownTask} when there is no such task
     * (or not the caller's), {@code LinkRefused} when the link is not one the service made or has expired,
     * {@code ResultUnavailable} when there is no copy of that video ({@code gone} once deleted).
     */
    CompletionStage<Download> download(Query query);

    /** Which video ({@code index} among the task's generated ones), asked for how. */
    record Query(TaskId taskId, int index, Access access) {
        public Query {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(access, "access");
        }
    }

    /** How the asker may read the copy. */
    sealed interface Access {
    }

    /** As the task's owner, by its key. */
    record ByKey(ClientKey caller) implements Access {
        public ByKey {
            Objects.requireNonNull(caller, "caller");
        }
    }

    /** With a signed link: when it expires (epoch seconds) and its signature. */
    record BySignature(long expires, String signature) implements Access {
        public BySignature {
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** A copy and where to read it. */
    record Download(ResultCopies.StoredVideo video, ResultStore.Location location, Instant copiedAt) {
        public Download {
            Objects.requireNonNull(video, "video");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(copiedAt, "copiedAt");
        }
    }
}
