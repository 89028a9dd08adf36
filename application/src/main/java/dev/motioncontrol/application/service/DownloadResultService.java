package dev.motioncontrol.application.service;

import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds a copy of a generated video for its owner, or for the holder of a link the service signed: the link is
 * checked before the store is read, so a forged or expired one costs a hash, not a read.
 */
public final class DownloadResultService implements DownloadResultUseCase {

    /** How long a place the store gives for a download stays valid: long enough to start reading it. */
    static final Duration READ_WITHIN = Duration.ofMinutes(5);

    private final TaskRecords records;
    private final OwnerHashing owners;
    private final ResultLinks links;
    private final TimeSource time;

    public DownloadResultService(TaskRecords records, OwnerHashing owners, ResultLinks links, TimeSource time) {
        this.records = Objects.requireNonNull(records, "records");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.links = Objects.requireNonNull(links, "links");
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public CompletionStage<Download> download(Query query) {
        CompletionStage<Optional<TaskRecord>> found;
        if (query.access() instanceof BySignature signed) {
            Optional<String> problem = links.problemWith(query.taskId(), query.index(), signed.expires(),
                    signed.signature());
            if (problem.isPresent()) {
                return CompletableFuture.failedStage(new MotionTransferFailure.LinkRefused(problem.get()));
            }
            found = records.findById(query.taskId());
        } else {
            found = records.find(owners.of(((ByKey) query.access()).caller()), query.taskId());
        }
        return found.thenApply(record -> located(query,
                record.orElseThrow(() -> new MotionTransferFailure.UnknownTask(query.taskId()))));
    }

    private Download located(Query query, TaskRecord record) {
        ResultCopies copies = record.results();
        String which = "Video " + query.index() + " of task " + query.taskId().value();
        if (copies.state() == ResultCopies.State.DELETED) {
            throw new MotionTransferFailure.ResultUnavailable(which + " was deleted on "
                    + copies.deletedAt().orElseThrow() + ", at the end of its retention", true);
        }
        if (copies.state() != ResultCopies.State.COPIED) {
            throw new MotionTransferFailure.ResultUnavailable(which + " has no copy: " + whyNot(copies), false);
        }
        if (query.index() < 0 || query.index() >= copies.videos().size()) {
            throw new MotionTransferFailure.ResultUnavailable(which + " does not exist: the task has "
                    + copies.videos().size() + " video(s)", false);
        }
        ResultCopies.StoredVideo video = copies.videos().get(query.index());
        return new Download(video, links.store().locate(video.key(), time.now(), READ_WITHIN),
                copies.copiedAt().orElseThrow());
    }

    private static String whyNot(ResultCopies copies) {
        return switch (copies.state()) {
            case NONE -> "the service does not keep this task's results";
            case WANTED -> "the task has not completed";
            case COPYING -> "the copy is being made";
            case FAILED -> "the copy failed (" + copies.lastError().orElse("no reason recorded") + ")";
            default -> copies.state().name();
        };
    }
}
