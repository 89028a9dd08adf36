package dev.motioncontrol.application.service;

import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.out.Submissions;
import dev.motioncontrol.application.port.out.Submissions.Begun;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.Validation;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.domain.WebhookUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Submits a motion transfer for its caller: sends the provider only a request that passes every rule and
 * whose webhook can be honoured, writes the submission down before paying for it and the task after, and, when
 * it has a webhook, follows the task until it finishes so the webhook can be delivered. The client's
 * {@code webhook_url} is the service's to deliver: the provider is given the service's own callback instead, or
 * none.
 *
 * <p>A submission with an idempotency key is answered once: the same key and request again get the first one's
 * task as it now stands (or its "may have been created"), without asking the provider; the same key with another
 * request is refused; while the first is still being made, the second is told to come back.
 */
public final class SubmitMotionTransferService implements SubmitMotionTransferUseCase {

    /** The longest idempotency key accepted, as at Stripe. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    private static final Duration COME_BACK_AFTER = Duration.ofSeconds(1);
    private static final CompletionStage<MediaFacts> NOTHING_MEASURED = CompletableFuture.completedStage(MediaFacts.NONE);
    static final String TASK_ID_REPEATED = "The provider answered the submission with the id of a task it had "
            + "reported before, so the task it created, if any, is unknown: list your tasks before you submit again.";

    private final boolean keepResults;
    private final MotionTransferRules rules;
    private final WebhookUrlCheck webhookUrls;
    private final VideoProvider provider;
    private final Submissions submissions;
    private final TaskRecords records;
    private final TaskReports reports;
    private final TaskPolling polling;
    private final OwnerHashing owners;
    private final TimeSource time;
    private final SubmissionPlan plan;
    private final Optional<WebhookUrl> providerCallback;
    private final NewTasks newTasks;
    private final MediaPreflight preflight;

    /**
     * Whether a caller may have one more task: asked only of a submission that would create one (not of one answered
     * again under its idempotency key), before the provider is; a failure is the caller's answer, and nothing is
     * created.
     */
    @FunctionalInterface
    public interface NewTasks {
        /** Any caller may. */
        NewTasks UNLIMITED = caller -> CompletableFuture.completedStage(null);

        CompletionStage<Void> allowed(ClientKey caller);
    }

    /**
     * @param providerCallback the service's own URL for the provider's webhooks, sent with each submission in
     *                         place of the client's (empty: none is sent; the service polls instead)
     */
    public SubmitMotionTransferService(MotionTransferRules rules, WebhookUrlCheck webhookUrls, VideoProvider provider,
            Submissions submissions, TaskRecords records, TaskReports reports, TaskPolling polling,
            OwnerHashing owners, TimeSource time, SubmissionPlan plan, Optional<WebhookUrl> providerCallback) {
        this(rules, webhookUrls, provider, submissions, records, reports, polling, owners, time, plan,
                providerCallback, NewTasks.UNLIMITED);
    }

    /** As above, with a limit on {@code newTasks}. */
    public SubmitMotionTransferService(MotionTransferRules rules, WebhookUrlCheck webhookUrls, VideoProvider provider,
            Submissions submissions, TaskRecords records, TaskReports reports, TaskPolling polling,
            OwnerHashing owners, TimeSource time, SubmissionPlan plan, Optional<WebhookUrl> providerCallback,
            NewTasks newTasks) {
        this(rules, webhookUrls, provider, submissions, records, reports, polling, owners, time, plan,
                providerCallback, newTasks, MediaPreflight.off());
    }

    /** As above, with the media measured by {@code preflight} before the provider is paid. */
    public SubmitMotionTransferService(MotionTransferRules rules, WebhookUrlCheck webhookUrls, VideoProvider provider,
            Submissions submissions, TaskRecords records, TaskReports reports, TaskPolling polling,
            OwnerHashing owners, TimeSource time, SubmissionPlan plan, Optional<WebhookUrl> providerCallback,
            NewTasks newTasks, MediaPreflight preflight) {
        this(rules, webhookUrls, provider, submissions, records, reports, polling, owners, time, plan,
                providerCallback, newTasks, preflight, false);
    }

    /**
     * As above; with {@code keepResults}, the videos of each task are copied when it completes (see
     * {@link ResultCopier}), and the task is followed until then.
     */
    public SubmitMotionTransferService(MotionTransferRules rules, WebhookUrlCheck webhookUrls, VideoProvider provider,
            Submissions submissions, TaskRecords records, TaskReports reports, TaskPolling polling,
            OwnerHashing owners, TimeSource time, SubmissionPlan plan, Optional<WebhookUrl> providerCallback,
            NewTasks newTasks, MediaPreflight preflight, boolean keepResults) {
        this.keepResults = keepResults;
        this.newTasks = Objects.requireNonNull(newTasks, "newTasks");
        this.preflight = Objects.requireNonNull(preflight, "preflight");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.webhookUrls = Objects.requireNonNull(webhookUrls, "webhookUrls");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.submissions = Objects.requireNonNull(submissions, "submissions");
        this.records = Objects.requireNonNull(records, "records");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.polling = Objects.requireNonNull(polling, "polling");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.time = Objects.requireNonNull(time, "time");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.providerCallback = Objects.requireNonNull(providerCallback, "providerCallback");
    }

    @Override
    public CompletionStage<Task> submit(SubmitMotionTransferCommand command) {
        Validation<MotionTransfer> validation = rules.validate(command.request());
        List<Violation> violations = new ArrayList<>();
        command.idempotencyKey().flatMap(SubmitMotionTransferService::problemWithKey).ifPresent(violations::add);
        if (validation instanceof Validation.Invalid<MotionTransfer> invalid) {
            violations.addAll(0, invalid.violations());
        }
        if (!violations.isEmpty()) {
            return mediaOf(command, violations).<Task>thenApply(media -> {
                violations.addAll(media.violations());
                violations.sort(MotionTransferRules.IN_FIELD_ORDER);
                throw new MotionTransferFailure.InvalidRequest(violations);
            });
        }
        MotionTransfer transfer = ((Validation.Valid<MotionTransfer>) validation).value();
        Owner owner = owners.of(command.caller());
        Instant now = time.now();
        // The fingerprint tells a retry under the same key from another request: without a key nothing asks for it.
        String fingerprint = command.idempotencyKey().isPresent() ? RequestFingerprint.of(transfer) : "";
        Submission submission = Submission.pending(newSubmissionId(), owner, command.idempotencyKey(),
                fingerprint, transfer.modelTier(), now, now.plus(plan.pendingFor()),
                now.plus(plan.keysKeptFor()));
        return submissions.begin(submission).thenCompose(begun -> begun instanceof Begun.Existing existing
                ? answerAgain(existing.submission(), submission)
                : newTasks.allowed(command.caller()).thenCompose(allowed -> checkedBeforePaying(transfer))
                        .handle((media, refused) -> refused == null
                        ? pay(submission, transfer, media, command.cancellation())
                        : abandon(submission, unwrap(refused))).thenCompose(paid -> paid));
    }

    /** Asks the provider, and settles the submission with whatever it answered. */
    private CompletionStage<Task> pay(Submission submission, MotionTransfer transfer, MediaFacts media,
            Cancellation cancellation) {
        return provider.submit(submission.owner(), forProvider(transfer), cancellation)
                .handle((task, failure) -> failure == null
                        ? recordCreated(submission, transfer, media, task)
                        : settle(submission, unwrap(failure)))
                .thenCompose(recorded -> recorded);
    }

    /**
     * Gives up a submission refused before the provider was asked (whatever the reason, a store that could not count
     * the caller's tasks too: nothing was created), freeing its key, and fails with {@code cause}.
     */
    private CompletionStage<Task> abandon(Submission submission, Throwable cause) {
        return submissions.abandon(submission.id()).handle((done, ignored) -> { throw new CompletionException(cause); });
    }

    /**
     * Settles a submission that failed with {@code cause}, and fails with it. Only a failure that proves nothing was
     * created frees the key; any other (a timeout, a reset, a bug) may have come after the provider created the
     * task, and is remembered as uncertain. The caller hears {@code cause} even when the journal could not be
     * settled: a submission left pending is settled as uncertain later, which is what it then is.
     */
    private CompletionStage<Task> settle(Submission submission, Throwable cause) {
        boolean nothingCreated = cause instanceof MotionTransferFailure.InvalidRequest
                || cause instanceof MotionTransferFailure.Unauthorized
                || cause instanceof MotionTransferFailure.RateLimited
                || cause instanceof MotionTransferFailure.ProviderRefused
                || cause instanceof MotionTransferFailure.ProviderUnavailable;
        CompletionStage<Void> settled = nothingCreated ? submissions.abandon(submission.id())
                : submissions.uncertain(submission, cause instanceof MotionTransferFailure.SubmissionUncertain
                        ? cause.getMessage() : Submissions.INTERRUPTED);
        return settled.handle((done, ignored) -> { throw new CompletionException(cause); });
    }

    /**
     * Records the task the provider created, as it first reported it, in the same write that settles the
     * submission; a task reported already moving (or over) is published as a move from {@code CREATED}, so that
     * its watchers and its webhook hear of it like of any other.
     *
     * <p>A task id the service has recorded before (another client's task, or one of the caller's) is no new task:
     * the provider's answer is inconsistent, and may hide the task it did create. That submission is uncertain; the
     * known task is left as it was, and nobody but its owner ever sees it.
     */
    private CompletionStage<Task> recordCreated(Submission submission, MotionTransfer transfer, MediaFacts media,
            Task task) {
        Instant now = time.now();
        TaskRecord asCreated = TaskRecord.submitted(submission.owner(), task.id(), transfer.modelTier(),
                transfer.webhook(), now, media, keepResults ? ResultCopies.WANTED : ResultCopies.NONE);
        TaskRecord record = asCreated.reported(task, now);
        return submissions.created(submission, record)
                .thenCompose(recorded -> recorded ? CompletableFuture.completedFuture(true) : isRecorded(record))
                .handle((recorded, failure) -> {
                    if (failure != null) {
                        String reason = "The provider created task " + task.id().value() + ", but the service "
                                + "could not record it: look for it before you submit again";
                        submissions.uncertain(submission, reason);
                        throw new MotionTransferFailure.SubmissionUncertain(reason);
                    }
                    if (!recorded) {
                        submissions.uncertain(submission, TASK_ID_REPEATED);
                        throw new MotionTransferFailure.SubmissionUncertain(TASK_ID_REPEATED);
                    }
                    reports.submitted(asCreated, record);
                    if ((transfer.webhook().isPresent() || keepResults) && !record.task().isTerminal()) {
                        polling.follow(submission.owner(), task.id(), transfer.modelTier());
                    }
                    // As the provider answered, unless a completed task's copy is still to be made.
                    return record.visible().equals(record.task()) ? task : record.visible();
                });
    }

    /**
     * Whether {@code record} is recorded as written: a submission that was no longer pending when its task was
     * recorded (see {@link Submissions#created}) still recorded that task, while a task id given before is
     * recorded otherwise (for someone else, or earlier).
     */
    private CompletionStage<Boolean> isRecorded(TaskRecord record) {
        // Created at the same millisecond (stores keep milliseconds) for the same owner, model and tier: this
        // submission's record.
        return records.find(record.owner(), record.task().id()).thenApply(found -> found
                .filter(known -> known.createdAt().toEpochMilli() == record.createdAt().toEpochMilli()
                        && known.modelTier().equals(record.modelTier()))
                .isPresent());
    }

    /** The answer to a request whose key was used before: the first one's outcome, or why there is none. */
    private CompletionStage<Task> answerAgain(Submission first, Submission again) {
        if (!first.fingerprint().equals(again.fingerprint())) {
            return CompletableFuture.failedStage(new MotionTransferFailure.IdempotencyKeyReused());
        }
        return switch (first.state()) {
            // A created task no longer in the records (forgotten, as the memory store forgets the oldest) is not
            // unknown: it was created, and may be paid for; the caller is told which it was, not a 404.
            case CREATED -> records.find(first.owner(), first.taskId().orElseThrow()).thenApply(found -> found
                    .map(TaskRecord::task)
                    .orElseThrow(() -> new MotionTransferFailure.SubmissionUncertain("The task this Idempotency-Key "
                            + "created, " + first.taskId().orElseThrow().value() + ", is no longer in the service's "
                            + "records; do not submit again for it")));
            case UNCERTAIN -> CompletableFuture.failedStage(new MotionTransferFailure.SubmissionUncertain(
                    first.reason().orElse(Submissions.INTERRUPTED)));
            case PENDING -> CompletableFuture.failedStage(first.pendingUntil().isAfter(time.now())
                    ? new MotionTransferFailure.IdempotencyKeyInUse(COME_BACK_AFTER)
                    : new MotionTransferFailure.SubmissionUncertain(Submissions.INTERRUPTED));
        };
    }

    /** Unique, not secret: a random UUID without {@link java.security.SecureRandom}'s cost on every submit. */
    private static String newSubmissionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** Why {@code key} cannot be an idempotency key, if it cannot. */
    static Optional<Violation> problemWithKey(String key) {
        if (key.isEmpty()) {
            return Optional.of(new Violation(SubmitMotionTransferCommand.IDEMPOTENCY_KEY, "must not be empty"));
        }
        if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            return Optional.of(new Violation(SubmitMotionTransferCommand.IDEMPOTENCY_KEY, "is " + key.length()
                    + " characters long; at most " + MAX_IDEMPOTENCY_KEY_LENGTH + " are allowed"));
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                return Optional.of(new Violation(SubmitMotionTransferCommand.IDEMPOTENCY_KEY, String.format(
                        "must not contain control characters (U+%04X at position %d)", (int) key.charAt(i), i + 1)));
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses, before anything is paid for, a webhook the service cannot honour and media the provider would refuse:
     * the webhook is judged while the media are measured, and every violation is reported at once. Completes with
     * what was measured, to be kept with the task.
     */
    private CompletionStage<MediaFacts> checkedBeforePaying(MotionTransfer transfer) {
        if (transfer.webhook().isEmpty() && preflight.mode() == MediaPreflight.Mode.OFF) {
            return NOTHING_MEASURED;
        }
        CompletableFuture<Optional<Violation>> webhook = transfer.webhook().isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : webhookUrls.problemWith(transfer.webhook().get()).toCompletableFuture();
        CompletableFuture<MediaPreflight.Outcome> media = preflight.check(Optional.of(transfer.image().url()),
                Optional.of(transfer.video().url()), transfer.orientation()).toCompletableFuture();
        return webhook.thenCombine(media, (webhookProblem, outcome) -> {
            List<Violation> violations = new ArrayList<>(outcome.violations());
            webhookProblem.ifPresent(violations::add);
            if (!violations.isEmpty()) {
                violations.sort(MotionTransferRules.IN_FIELD_ORDER);
                throw new MotionTransferFailure.InvalidRequest(violations);
            }
            return outcome.measured();
        });
    }

    /**
     * The media of a request that broke other rules, measured all the same, so that one answer names all that is wrong
     * with it: those whose URL broke none ({@code known} lists what was found), the video judged for the orientation
     * asked (or the default, if that was not one). Not for a caller at its limits: its requests cost no fetches.
     */
    private CompletionStage<MediaPreflight.Outcome> mediaOf(SubmitMotionTransferCommand command, List<Violation> known) {
        if (preflight.mode() == MediaPreflight.Mode.OFF) {
            return CompletableFuture.completedStage(MediaPreflight.Outcome.NOTHING);
        }
        MotionTransferRequest request = command.request();
        return newTasks.allowed(command.caller()).handle((allowed, refused) -> refused == null
                ? measured(request, known) : CompletableFuture.completedStage(MediaPreflight.Outcome.NOTHING))
                .thenCompose(measuring -> measuring);
    }

    private CompletionStage<MediaPreflight.Outcome> measured(MotionTransferRequest request, List<Violation> known) {
        return preflight.check(goodUrl(MediaFactRules.IMAGE_FIELD, request.imageUrl(), known),
                goodUrl(MediaFactRules.VIDEO_FIELD, request.videoUrl(), known),
                Optional.ofNullable(request.characterOrientation()).flatMap(CharacterOrientation::fromWireName)
                        .orElse(CharacterOrientation.DEFAULT));
    }

    private static Optional<HttpUrl> goodUrl(String field, String text, List<Violation> known) {
        if (text == null || known.stream().anyMatch(violation -> violation.field().equals(field))) {
            return Optional.empty();
        }
        try {
            return Optional.of(HttpUrl.of(text));
        } catch (IllegalArgumentException notAUrl) {
            return Optional.empty();
        }
    }

    /** The transfer as the provider gets it: with the service's own callback in place of the client's webhook. */
    private MotionTransfer forProvider(MotionTransfer transfer) {
        return transfer.withWebhook(providerCallback);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
