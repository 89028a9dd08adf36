package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.freepik.api.FreepikPaths;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A video provider that behaves like Freepik's Kling 2.6 Motion Control, in memory and offline: nothing
 * is generated, nothing is paid, and every completed task points at the same small {@link FakeMedia}
 * video.
 *
 * <h2>Lifecycle</h2>
 * {@link #submit} returns a {@code CREATED} task with a fresh random UUID. Its status then follows from
 * the {@link TimeSource} each time it is read (no timer, no thread): for an age below
 * {@link FakeProviderSettings#queueDelay() queueDelay} it is {@code CREATED}; below
 * {@code queueDelay + generationDelay} {@code IN_PROGRESS}; after that {@code COMPLETED} with one generated
 * URL, {@code mediaBaseUrl + "fake-media/{task_id}.mp4"}. A controllable clock makes it deterministic;
 * with zero delays the first read finds the task {@code COMPLETED}. A clock that steps back can move a
 * task back too; the system clock rarely does.
 *
 * <h2>Markers</h2>
 * An unmodified client steers a task by putting a marker anywhere in its {@code prompt}, in any case:
 * <ul>
 *   <li>{@value #FAIL_MARKER}: the task ends {@code FAILED}, with no generated URL, instead of
 *       {@code COMPLETED};</li>
 *   <li>{@value #SLOW_MARKER}: both delays are {@value #SLOW_FACTOR} times longer.</li>
 * </ul>
 *
 * <h2>Owners</h2>
 * A task is visible only to the {@link Owner} that submitted it: anyone else asking for its status
 * gets {@link MotionTransferFailure.UnknownTask}, exactly as for an id that never existed.
 * {@link #list} returns the caller's newest {@value #LIST_LIMIT} tasks, newest first (the provider's own
 * pagination is not documented, so the fake offers one page).
 *
 * <h2>Control</h2>
 * Built with a {@link FakeProviderControl} ({@link FakeProviderSettings#withControl}), the fake also lets a test end a
 * task now, make the next submissions fail as the provider can, and move its tasks on when their clock was moved; each
 * task moved that way is reported to the listeners given to {@link #reportMovesTo}, as a provider's webhook would
 * report it. Without a control, none of this costs anything.
 *
 * <h2>Bounds</h2>
 * Memory stays bounded whatever the load: at most {@link FakeProviderSettings#maxTasks() maxTasks} tasks
 * are kept, and submitting one more first forgets the oldest; a task is forgotten once it is
 * {@link FakeProviderSettings#maxAge() maxAge} old (it is unknown from that instant on; its memory is
 * reclaimed at the next submission). A forgotten task is an {@code UnknownTask}, as at a provider whose
 * records expire. Each task takes about 70 bytes, so a million fit easily in a 1 GB heap.
 *
 * <h2>Threads</h2>
 * Safe for any number of threads. {@link #status} and {@link #list} take no lock and allocate only what
 * they return; submissions are serialised among themselves, and each is O(1) amortised.
 */
public final class FakeVideoProvider implements VideoProvider {

    /** In a prompt, any case: the task ends {@code FAILED} instead of {@code COMPLETED}. */
    public static final String FAIL_MARKER = "[fake:fail]";
    /** In a prompt, any case: the task waits and generates {@value #SLOW_FACTOR} times longer. */
    public static final String SLOW_MARKER = "[fake:slow]";
    /** How many times longer both delays are for a task marked {@value #SLOW_MARKER}. */
    public static final int SLOW_FACTOR = 10;
    /** The most tasks {@link #list} returns: the caller's newest. */
    public static final int LIST_LIMIT = 100;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TimeSource clock;
    private final String mediaUrlPrefix;
    private final long queuedNanos;
    private final long finishedNanos;
    private final long slowQueuedNanos;
    private final long slowFinishedNanos;
    private final long maxAgeNanos;
    private final int maxTasks;

    private final Optional<FakeProviderControl> control;
    /** How the tasks a control ended have ended; {@code null} without a control. */
    private final ConcurrentHashMap<StoredTask, TaskStatus> settled;
    private final List<Function<Task, CompletionStage<?>>> moveListeners = new CopyOnWriteArrayList<>();
    /** When the clock was last said to have moved; guarded by {@link #writeLock}. */
    private long clockReportedNanos;
    /** Tasks submitted, in all and by then; guarded by {@link #writeLock}. */
    private long submitted;
    private long submittedByClockReport;

    private final TaskIndex index = new TaskIndex();
    private final ConcurrentHashMap<Owner, TaskOwner> owners = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    /** Kept tasks in submission order, as a ring from {@link #oldest}; guarded by {@link #writeLock}. */
    private StoredTask[] submissionOrder;
    private int oldest;
    private int kept;

    public FakeVideoProvider(FakeProviderSettings settings, TimeSource clock) {
        Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        String base = settings.mediaBaseUrl().toString();
        this.mediaUrlPrefix = (base.endsWith("/") ? base : base + "/") + FakeMedia.PATH_PREFIX.substring(1);
        this.queuedNanos = nanos(settings.queueDelay());
        this.finishedNanos = saturatedSum(queuedNanos, nanos(settings.generationDelay()));
        this.slowQueuedNanos = saturatedTimes(queuedNanos, SLOW_FACTOR);
        this.slowFinishedNanos = saturatedTimes(finishedNanos, SLOW_FACTOR);
        this.maxAgeNanos = nanos(settings.maxAge());
        this.maxTasks = settings.maxTasks();
        this.submissionOrder = new StoredTask[Math.min(16, maxTasks)];
        this.control = settings.control();
        this.settled = control.isPresent() ? new ConcurrentHashMap<>() : null;
        this.clockReportedNanos = nowNanos();
        control.ifPresent(hold -> hold.attach(this));
    }

    @Override
    public CompletionStage<Task> submit(Owner owner, MotionTransfer transfer) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(transfer, "transfer");
        Optional<SubmitFailure> armed = control.flatMap(FakeProviderControl::nextSubmitFailure);
        if (armed.isPresent()) {
            return CompletableFuture.failedFuture(armed.get().failure());
        }
        byte markers = (byte) (markersIn(transfer.prompt()) | StoredTask.bitsOf(transfer.modelTier()));
        TaskId id = TaskId.random();
        synchronized (writeLock) {
            long now = nowNanos();
            forgetExpired(now);
            while (kept >= maxTasks) {
                forgetOldest();
            }
            while (index.find(CanonicalUuid.high(id.value()), CanonicalUuid.low(id.value())) != null) {
                id = TaskId.random(); // a UUID collision: never seen, but cheap to rule out
            }
            TaskOwner taskOwner = owners.computeIfAbsent(owner, key -> new TaskOwner(key, LIST_LIMIT));
            StoredTask task = new StoredTask(
                    CanonicalUuid.high(id.value()), CanonicalUuid.low(id.value()), now, taskOwner, markers);
            index.add(task);
            remember(task);
            submitted++;
            taskOwner.added(task);
        }
        return CompletableFuture.completedFuture(Task.created(id));
    }

    @Override
    public CompletionStage<Task> status(Owner owner, TaskId taskId, ModelTier at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(at, "at");
        StoredTask task = known(owner, taskId, at);
        long age = task == null ? 0 : nowNanos() - task.submittedAtNanos;
        if (task == null || age >= maxAgeNanos) {
            return unknown(taskId);
        }
        return CompletableFuture.completedFuture(taskAt(task, taskId, age));
    }

    /**
     * {@code owner}'s task with {@code taskId} where it runs ({@code at}), or {@code null}: like the provider, a task is
     * known only under its own model's task path (Kling 3: its own tier's).
     */
    private StoredTask known(Owner owner, TaskId taskId, ModelTier at) {
        String text = taskId.value();
        if (!CanonicalUuid.isCanonical(text)) {
            return null;
        }
        StoredTask task = index.find(CanonicalUuid.high(text), CanonicalUuid.low(text));
        return task == null || !task.owner.key.equals(owner)
                || !task.endpoints().tasks().equals(FreepikPaths.of(at).tasks()) ? null : task;
    }

    /** The fake knows its schedule: how long until the task moves from {@code CREATED} or {@code IN_PROGRESS}. */
    @Override
    public Optional<Duration> nextMoveWithin(Owner owner, TaskId taskId, ModelTier at) {
        StoredTask task = known(owner, taskId, at);
        if (task == null || settled != null && settled.containsKey(task)) {
            return Optional.empty();
        }
        long age = nowNanos() - task.submittedAtNanos;
        long next = age < queuedFor(task) ? queuedFor(task) : age < finishedFor(task) ? finishedFor(task)
                : Long.MAX_VALUE;
        return next == Long.MAX_VALUE || next >= maxAgeNanos ? Optional.empty() : Optional.of(Duration.ofNanos(next - age));
    }

    @Override
    public CompletionStage<List<Task>> list(Owner owner, Model model, Optional<Tier> tier) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        TaskOwner taskOwner = owners.get(owner);
        if (taskOwner == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        StoredTask[] newestFirst = taskOwner.newestFirst();
        long now = nowNanos();
        List<Task> tasks = new ArrayList<>(newestFirst.length);
        for (StoredTask task : newestFirst) {
            long age = now - task.submittedAtNanos;
            FreepikPaths.Endpoints at = task.endpoints();
            if (age < maxAgeNanos && at.model() == model && tier.map(only -> only == at.tier()).orElse(true)) {
                tasks.add(taskAt(task, new TaskId(new UUID(task.idHigh, task.idLow).toString()), age));
            }
        }
        return CompletableFuture.completedFuture(Collections.unmodifiableList(tasks));
    }

    /** How many tasks are held in memory now, including expired ones not yet reclaimed. */
    public int keptTasks() {
        synchronized (writeLock) {
            return kept;
        }
    }

    /**
     * From now on, {@code listener} is told of every task the fake's control moves ({@link FakeProviderControl}): each
     * task as the fake now reports it. The control's calls complete once every listener's stage has.
     */
    public void reportMovesTo(Function<Task, CompletionStage<?>> listener) {
        moveListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Ends a task with {@code outcome} now, for the control, and reports it. */
    CompletionStage<Task> settle(TaskId id, TaskStatus outcome) {
        Task ended;
        synchronized (writeLock) {
            String text = id.value();
            StoredTask task = CanonicalUuid.isCanonical(text)
                    ? index.find(CanonicalUuid.high(text), CanonicalUuid.low(text)) : null;
            long age = task == null ? 0 : nowNanos() - task.submittedAtNanos;
            if (task == null || age >= maxAgeNanos) {
                throw new IllegalArgumentException("the fake has no task " + text);
            }
            Task current = taskAt(task, id, age);
            if (current.isTerminal() && !current.status().equals(outcome)) {
                throw new IllegalStateException("task " + text + " has already ended " + current.status().name());
            }
            // One that has already ended so is reported all the same: its listeners may not have heard of it yet.
            settled.putIfAbsent(task, outcome);
            ended = taskAt(task, id, age);
        }
        return reported(List.of(ended)).thenApply(taken -> ended);
    }

    /**
     * Reports, for the control, each task whose status the clock changed since it was last said to have moved: one
     * pass over the tasks kept.
     */
    CompletionStage<Void> reportMovesOfTheClock() {
        List<Task> moved = new ArrayList<>();
        synchronized (writeLock) {
            long now = nowNanos();
            long since = clockReportedNanos;
            clockReportedNanos = now;
            // The newest tasks kept, submitted since: their listeners know them as their submission answered, CREATED.
            long fresh = Math.min(kept, submitted - submittedByClockReport);
            submittedByClockReport = submitted;
            for (int i = 0; i < kept; i++) {
                StoredTask task = submissionOrder[(oldest + i) % submissionOrder.length];
                long age = now - task.submittedAtNanos;
                if (age >= maxAgeNanos || settled != null && settled.containsKey(task)) {
                    continue;
                }
                TaskId id = new TaskId(new UUID(task.idHigh, task.idLow).toString());
                TaskStatus was = i >= kept - fresh ? TaskStatus.CREATED
                        : taskAt(task, id, Math.max(0, since - task.submittedAtNanos)).status();
                Task is = taskAt(task, id, age);
                if (!was.equals(is.status())) {
                    moved.add(is);
                }
            }
        }
        return reported(moved);
    }

    private CompletionStage<Void> reported(List<Task> moves) {
        List<CompletableFuture<?>> taken = new ArrayList<>();
        for (Task move : moves) {
            for (Function<Task, CompletionStage<?>> listener : moveListeners) {
                CompletionStage<?> stage;
                try {
                    stage = listener.apply(move);
                } catch (RuntimeException e) {
                    stage = CompletableFuture.failedFuture(e);
                }
                taken.add(stage.toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new));
    }

    private Task taskAt(StoredTask task, TaskId id, long age) {
        TaskStatus ended = settled == null ? null : settled.get(task);
        if (ended != null) {
            return ended.equals(TaskStatus.COMPLETED) ? completed(id) : new Task(id, TaskStatus.FAILED, List.of());
        }
        if (age < queuedFor(task)) {
            return new Task(id, TaskStatus.CREATED, List.of());
        }
        if (age < finishedFor(task)) {
            return new Task(id, TaskStatus.IN_PROGRESS, List.of());
        }
        if (task.fails()) {
            return new Task(id, TaskStatus.FAILED, List.of());
        }
        return completed(id);
    }

    private Task completed(TaskId id) {
        return new Task(id, TaskStatus.COMPLETED,
                List.of(URI.create(mediaUrlPrefix + id.value() + FakeMedia.FILE_EXTENSION)));
    }

    /** How long after its submission {@code task} is {@code CREATED}. */
    private long queuedFor(StoredTask task) {
        return task.slow() ? slowQueuedNanos : queuedNanos;
    }

    /** How long after its submission {@code task} has finished. */
    private long finishedFor(StoredTask task) {
        return task.slow() ? slowFinishedNanos : finishedNanos;
    }

    private void remember(StoredTask task) {
        if (kept == submissionOrder.length) {
            StoredTask[] larger = new StoredTask[(int) Math.min(2L * submissionOrder.length, maxTasks)];
            for (int i = 0; i < kept; i++) {
                larger[i] = submissionOrder[(oldest + i) % submissionOrder.length];
            }
            submissionOrder = larger;
            oldest = 0;
        }
        submissionOrder[(oldest + kept) % submissionOrder.length] = task;
        kept++;
    }

    private void forgetExpired(long now) {
        // Submission order is time order as long as the clock does not step back; a task that is out of
        // order is still unknown once expired, and is reclaimed when its turn comes.
        while (kept > 0 && now - submissionOrder[oldest].submittedAtNanos >= maxAgeNanos) {
            forgetOldest();
        }
    }

    private void forgetOldest() {
        StoredTask task = submissionOrder[oldest];
        submissionOrder[oldest] = null;
        oldest = (oldest + 1) % submissionOrder.length;
        kept--;
        index.remove(task);
        if (settled != null) {
            settled.remove(task);
        }
        TaskOwner owner = task.owner;
        owner.removed(task);
        if (owner.keptTasks() == 0) {
            owners.remove(owner.key, owner);
        }
    }

    private long nowNanos() {
        Instant now = clock.now();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    }

    private static byte markersIn(Optional<Prompt> prompt) {
        if (prompt.isEmpty()) {
            return 0;
        }
        String text = prompt.get().text();
        byte markers = 0;
        if (containsIgnoringCase(text, FAIL_MARKER)) {
            markers |= StoredTask.FAILS;
        }
        if (containsIgnoringCase(text, SLOW_MARKER)) {
            markers |= StoredTask.SLOW;
        }
        return markers;
    }

    private static boolean containsIgnoringCase(String text, String marker) {
        for (int i = 0; i + marker.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, marker, 0, marker.length())) {
                return true;
            }
        }
        return false;
    }

    private static <T> CompletionStage<T> unknown(TaskId taskId) {
        return CompletableFuture.failedFuture(new MotionTransferFailure.UnknownTask(taskId));
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedTimes(long value, int factor) {
        return value > Long.MAX_VALUE / factor ? Long.MAX_VALUE : value * factor;
    }
}
