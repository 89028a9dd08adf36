package dev.motioncontrol.application.port.in;

import dev.motioncontrol.domain.MediaFacts;
import java.util.concurrent.CompletionStage;

/** What the media preflight measured of one of the caller's tasks' image and video before it was paid for. */
public interface GetTaskMediaUseCase {

    /**
     * The task's measured media ({@link MediaFacts#NONE} when nothing was measured). Fails with {@code UnknownTask}
     * when the caller has no such task.
     */
    CompletionStage<MediaFacts> getTaskMedia(GetTaskStatusQuery query);
}
