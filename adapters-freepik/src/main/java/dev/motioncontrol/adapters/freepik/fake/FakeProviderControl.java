package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A test's hold on a {@link FakeVideoProvider}, for what its API cannot ask: end a task now ({@link #complete},
 * {@link #fail}), make the next submissions fail as the provider can ({@link #failNextSubmit}), and move its tasks on
 * when the clock it reads was moved ({@link #clockMoved}). Give it to the fake with
 * {@link FakeProviderSettings#withControl}; it drives the last fake built with it.
 *
 * <p>A task moved this way is reported at once to whoever listens to the fake ({@link FakeVideoProvider#reportMovesTo}),
 * as a provider's webhook would: the library hands the reports to the service, so that its records, its live status
 * streams, its awaits and its webhooks know of the move when the returned stage completes, rather than at the next
 * poll. Safe for any number of threads.
 */
public final class FakeProviderControl {

    private final Queue<SubmitFailure> nextSubmits = new ConcurrentLinkedQueue<>();
    private volatile FakeVideoProvider fake;

    /**
     * Ends the task {@code COMPLETED} now, with its one generated video, whatever its delays say; completes with the
     * task as the fake now reports it, once the listeners have taken the report. Throws
     * {@link IllegalArgumentException} if the fake has no such task, {@link IllegalStateException} if it already
     * ended otherwise.
     */
    public CompletionStage<Task> complete(TaskId id) {
        return attached().settle(Objects.requireNonNull(id, "id"), TaskStatus.COMPLETED);
    }

    /** {@link #complete} for a task to end {@code FAILED}, without a video (the provider says no more of why). */
    public CompletionStage<Task> fail(TaskId id) {
        return attached().settle(Objects.requireNonNull(id, "id"), TaskStatus.FAILED);
    }

    /**
     * Makes the next submission the fake receives fail with {@code failure}, and create nothing; each call arms one more
     * failure, used in the order armed.
     */
    public void failNextSubmit(SubmitFailure failure) {
        nextSubmits.add(Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Says that the clock the fake reads has moved: each task whose status that changed since the last time this was
     * said (or since the fake was built) is reported to the fake's listeners; completes once they have taken every
     * report. Reading the fake (a status, a list) needs no such word: it always answers as the clock now says.
     */
    public CompletionStage<Void> clockMoved() {
        return attached().reportMovesOfTheClock();
    }

    /** Forgets the submission failures armed and not yet used. The tasks and how they ended stay as they are. */
    public void reset() {
        nextSubmits.clear();
    }

    /** Called by the fake built with this control: from then on, this control drives it. */
    void attach(FakeVideoProvider provider) {
        fake = Objects.requireNonNull(provider, "provider");
    }

    /** The failure the submission under way is to meet, if one was armed; it is used up. */
    Optional<SubmitFailure> nextSubmitFailure() {
        return Optional.ofNullable(nextSubmits.poll());
    }

    private FakeVideoProvider attached() {
        FakeVideoProvider provider = fake;
        if (provider == null) {
            throw new IllegalStateException("no fake provider was built with this control yet "
                    + "(FakeProviderSettings.withControl, then MotionControl.builder().fake(settings))");
        }
        return provider;
    }
}
