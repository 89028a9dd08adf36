package dev.motioncontrol.application.service;

import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.out.GeneratedVideoFetcher;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.WebhookUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copies of generated videos: made when a kept task completes, retried when the failure may pass, given up
 * otherwise; shown to clients in place of the provider's URLs, the webhook sent after them; deleted at the end of
 * their retention; downloaded by the owner or with a signed link.
 */
class ResultCopierTest {

    private static final ClientKey CALLER = new ClientKey("caller");
    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));
    private static final URI VIDEO = URI.create("https://cdn.provider.example/v/1.mp4?token=secret");
    private static final byte[] BYTES = "a generated video".getBytes(StandardCharsets.US_ASCII);
    private static final URI DOWNLOADS = URI.create("https://motion.example.com/v1/results/");
    private static final ResultCopier.Plan PLAN = new ResultCopier.Plan(
            new RetryPlan(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1))), Optional.of(Duration.ofDays(7)),
            Duration.ofSeconds(5), Duration.ofMinutes(30));

    @TempDir
    Path staging;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-12-03T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final MapStateStore store = new MapStateStore();
    private final TaskChanges changes = new TaskChanges();
    private final List<TaskRecords.Change> published = new ArrayList<>();
    private final ScriptedFetcher fetcher = new ScriptedFetcher();
    private MapResultStore results;
    private ResultCopier copier;

    private ResultCopier copier() {
        results = new MapResultStore(staging);
        copier = new ResultCopier(store.tasks(), store.results(), fetcher, results, changes, scheduler, time, PLAN);
        changes.subscribe(published::add);
        changes.subscribe(copier);
        return copier;
    }

    @AfterEach
    void close() {
        if (copier != null) {
            copier.close();
        }
    }

    @Test
    void aKeptTaskThatCompletesIsShownInProgressAndItsWebhookWaitsUntilTheCopyIsMade() {
        TaskRecord running = kept(Optional.of(HOOK));

        TaskRecord completed = running.reported(completed(running.task().id()), time.now());

        assertThat(completed.results().state()).isEqualTo(ResultCopies.State.COPYING);
        assertThat(completed.results().dueAt()).hasValue(time.now());
        assertThat(completed.visible().status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(completed.visible().generated()).isEmpty();
        assertThat(completed.webhook().orElseThrow().nextAttemptAt()).isEmpty();
    }

    @Test
    void aTaskWhoseResultsAreNotKeptIsShownAsReportedWithItsWebhookDue() {
        TaskRecord running = store.remember(CALLER, Task.created(TaskId.random()), MapStateStore.KLING_26_PRO,
                Optional.of(HOOK));

        TaskRecord completed = running.reported(completed(running.task().id()), time.now());

        assertThat(completed.visible()).isEqualTo(completed.task());
        assertThat(completed.webhook().orElseThrow().nextAttemptAt()).hasValue(time.now());
    }

    @Test
    void theCopyIsMadeOnceTheTaskCompletesAndTheWebhookFallsDueWithIt() throws Exception {
        copier();
        TaskRecord running = kept(Optional.of(HOOK));
        fetcher.serve(VIDEO, BYTES, "video/mp4");

        complete(running);

        TaskRecord copied = record(running.task().id());
        assertThat(copied.results().state()).isEqualTo(ResultCopies.State.COPIED);
        ResultCopies.StoredVideo video = copied.results().videos().get(0);
        assertThat(video.key()).isEqualTo(running.task().id().value() + "/0.mp4");
        assertThat(video.sizeBytes()).isEqualTo(BYTES.length);
        assertThat(video.sha256()).isEqualTo(sha256(BYTES));
        assertThat(results.kept.get(video.key())).isEqualTo(BYTES);
        assertThat(copied.results().copiedAt()).hasValue(time.now());
        assertThat(copied.results().dueAt()).hasValue(time.now().plus(Duration.ofDays(7)));
        assertThat(copied.webhook().orElseThrow().nextAttemptAt()).hasValue(time.now());
        assertThat(copied.visible().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(published).anySatisfy(change ->
                assertThat(change.after().results().state()).isEqualTo(ResultCopies.State.COPIED));
        try (var staged = Files.list(staging)) {
            assertThat(staged).isEmpty();
        }
    }

    @Test
    void clientsAreShownSignedLinksToTheCopiesInPlaceOfTheProvidersUrls() {
        copier();
        TaskRecord running = kept(Optional.empty());
        fetcher.serve(VIDEO, BYTES, "video/mp4");
        complete(running);
        ResultLinks links = links();

        Task shown = new ShownTasks(Optional.of(links)).of(record(running.task().id()));

        assertThat(shown.status()).isEqualTo(TaskStatus.COMPLETED);
        URI link = shown.generated().get(0);
        assertThat(link.toString()).startsWith(DOWNLOADS + running.task().id().value() + "/0?expires=");
        assertThat(link.toString()).doesNotContain("secret");
        Map<String, String> query = query(link);
        assertThat(links.problemWith(running.task().id(), 0, Long.parseLong(query.get("expires")),
                query.get("signature"))).isEmpty();
    }

    @Test
    void aSignedLinkWorksForItsOwnVideoUntilItExpiresAndNotOnceTampered() {
        ResultLinks links = links();
        TaskId id = TaskId.random();
        TaskRecord record = copiedRecord(id);
        Map<String, String> query = query(links.of(record).get(0));
        long expires = Long.parseLong(query.get("expires"));
        String signature = query.get("signature");

        assertThat(links.problemWith(id, 0, expires, signature)).isEmpty();
        assertThat(links.problemWith(id, 1, expires, signature)).hasValueSatisfying(problem ->
                assertThat(problem).contains("signature is not valid"));
        assertThat(links.problemWith(id, 0, expires + 3600, signature)).isPresent();
        assertThat(links.problemWith(TaskId.random(), 0, expires, signature)).isPresent();
        time.advance(Duration.ofHours(24));
        assertThat(links.problemWith(id, 0, expires, signature)).hasValueSatisfying(problem ->
                assertThat(problem).contains("expired"));
    }

    @Test
    void linksStayValidUnderAnotherInstanceSharingTheStoreSecret() {
        TaskId id = TaskId.random();
        Map<String, String> query = query(links().of(copiedRecord(id)).get(0));

        assertThat(links().problemWith(id, 0, Long.parseLong(query.get("expires")), query.get("signature")))
                .isEmpty();
    }

    @Test
    void aFailureThatMayPassIsRetriedAtItsTimeThenGivenUpWithTheProvidersUrlsAndTheWebhookSent() {
        copier();
        TaskRecord running = kept(Optional.of(HOOK));
        fetcher.fail(VIDEO, "the server answered 503", true);
        fetcher.fail(VIDEO, "the server answered 503", true);
        fetcher.fail(VIDEO, "the server answered 503", true);

        complete(running);
        assertThat(record(running.task().id()).results().state()).isEqualTo(ResultCopies.State.COPYING);
        assertThat(record(running.task().id()).visible().status()).isEqualTo(TaskStatus.IN_PROGRESS);
        scheduler.advance(Duration.ofSeconds(9));
        assertThat(fetcher.fetches).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(fetcher.fetches).isEqualTo(2);
        scheduler.advance(Duration.ofMinutes(1));

        TaskRecord failed = record(running.task().id());
        assertThat(fetcher.fetches).isEqualTo(3);
        assertThat(failed.results().state()).isEqualTo(ResultCopies.State.FAILED);
        assertThat(failed.results().attempts()).isEqualTo(3);
        assertThat(failed.results().lastError()).hasValue("video 0: the server answered 503");
        assertThat(failed.visible()).isEqualTo(failed.task());
        assertThat(new ShownTasks(Optional.of(links())).of(failed).generated()).containsExactly(VIDEO);
        assertThat(failed.webhook().orElseThrow().nextAttemptAt()).hasValue(time.now());
    }

    @Test
    void aFailureThatWillNotPassGivesTheCopyUpAtOnce() {
        copier();
        TaskRecord running = kept(Optional.empty());
        fetcher.fail(VIDEO, "larger than the cap of 1024 bytes", false);

        complete(running);

        TaskRecord failed = record(running.task().id());
        assertThat(failed.results().state()).isEqualTo(ResultCopies.State.FAILED);
        assertThat(failed.results().lastError()).hasValue("video 0: larger than the cap of 1024 bytes");
        assertThat(fetcher.fetches).isEqualTo(1);
    }

    @Test
    void aStoreThatFailsIsTriedAgain() {
        copier();
        TaskRecord running = kept(Optional.empty());
        fetcher.serve(VIDEO, BYTES, "video/mp4");
        results.failNextKeep = true;

        complete(running);
        assertThat(record(running.task().id()).results().lastError().orElseThrow())
                .contains("the result store did not keep video 0");
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(record(running.task().id()).results().state()).isEqualTo(ResultCopies.State.COPIED);
    }

    @Test
    void copiesAreDeletedAtTheEndOfTheirRetentionAndTheDownloadThenSaysGone() {
        copier().start();
        TaskRecord running = kept(Optional.empty());
        fetcher.serve(VIDEO, BYTES, "video/mp4");
        complete(running);
        String key = record(running.task().id()).results().videos().get(0).key();

        scheduler.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(results.kept).containsKey(key);
        scheduler.advance(Duration.ofMinutes(2));

        TaskRecord deleted = record(running.task().id());
        assertThat(results.kept).doesNotContainKey(key);
        assertThat(deleted.results().state()).isEqualTo(ResultCopies.State.DELETED);
        assertThat(deleted.results().deletedAt()).isPresent();
        DownloadResultService downloads = new DownloadResultService(store.tasks(), MapStateStore.OWNERS, links(),
                time);
        assertThat(failureOf(downloads.download(new DownloadResultUseCase.Query(running.task().id(), 0,
                new DownloadResultUseCase.ByKey(CALLER)))))
                .isInstanceOfSatisfying(MotionTransferFailure.ResultUnavailable.class, gone -> {
                    assertThat(gone.gone()).isTrue();
                    assertThat(gone.getMessage()).contains("deleted");
                });
    }

    @Test
    void theOwnerOrTheHolderOfASignedLinkFindsTheCopyAndNobodyElse() {
        copier();
        TaskRecord running = kept(Optional.empty());
        fetcher.serve(VIDEO, BYTES, "video/mp4");
        complete(running);
        TaskId id = running.task().id();
        DownloadResultService downloads = new DownloadResultService(store.tasks(), MapStateStore.OWNERS, links(),
                time);
        Map<String, String> query = query(new ShownTasks(Optional.of(links())).of(record(id)).generated().get(0));

        DownloadResultUseCase.Download byKey = resultOf(downloads.download(new DownloadResultUseCase.Query(id, 0,
                new DownloadResultUseCase.ByKey(CALLER))));
        DownloadResultUseCase.Download byLink = resultOf(downloads.download(new DownloadResultUseCase.Query(id, 0,
                new DownloadResultUseCase.BySignature(Long.parseLong(query.get("expires")), query.get("signature")))));

        assertThat(byKey.video().sha256()).isEqualTo(sha256(BYTES));
        assertThat(byKey.location()).isInstanceOf(ResultStore.LocalFile.class);
        assertThat(byLink.video()).isEqualTo(byKey.video());
        assertThat(failureOf(downloads.download(new DownloadResultUseCase.Query(id, 0,
                new DownloadResultUseCase.ByKey(new ClientKey("someone else"))))))
                .isInstanceOf(MotionTransferFailure.UnknownTask.class);
        assertThat(failureOf(downloads.download(new DownloadResultUseCase.Query(id, 1,
                new DownloadResultUseCase.ByKey(CALLER)))))
                .isInstanceOfSatisfying(MotionTransferFailure.ResultUnavailable.class,
                        missing -> assertThat(missing.gone()).isFalse());
        assertThat(failureOf(downloads.download(new DownloadResultUseCase.Query(id, 0,
                new DownloadResultUseCase.BySignature(Long.parseLong(query.get("expires")), "forged")))))
                .isInstanceOf(MotionTransferFailure.LinkRefused.class);
    }

    @Test
    void aCopyUnderWayIsNotDownloadable() {
        TaskRecord running = kept(Optional.empty());
        resultOf(store.update(running.task().id(), record -> record.reported(completed(record.task().id()),
                time.now())));
        DownloadResultService downloads = new DownloadResultService(store.tasks(), MapStateStore.OWNERS, links(),
                time);

        assertThat(failureOf(downloads.download(new DownloadResultUseCase.Query(running.task().id(), 0,
                new DownloadResultUseCase.ByKey(CALLER)))))
                .isInstanceOfSatisfying(MotionTransferFailure.ResultUnavailable.class, unavailable ->
                        assertThat(unavailable.getMessage()).contains("being made"));
    }

    @Test
    void aServiceThatKeepsNoCopiesAnyMoreGivesUpThoseStillToMakeSoTheirWebhooksGo() {
        TaskRecord running = kept(Optional.of(HOOK));
        copier = ResultCopier.abandoning(store.tasks(), store.results(), changes, scheduler, time, PLAN.sweepEvery());
        changes.subscribe(copier);

        complete(running);

        TaskRecord given = record(running.task().id());
        assertThat(given.results().state()).isEqualTo(ResultCopies.State.FAILED);
        assertThat(given.results().lastError()).hasValue(ResultCopier.NO_LONGER_KEPT);
        assertThat(given.visible()).isEqualTo(given.task());
        assertThat(given.webhook().orElseThrow().nextAttemptAt()).hasValue(time.now());
        assertThat(fetcher.fetches).isZero();
    }

    @Test
    void aCopyThatOutlastsItsLeaseCountsAsAFailedAttemptSoItEndsAndTheWebhookGoes() {
        GeneratedVideoFetcher hanging = (source, into) -> {
            fetcher.fetches++;
            return new CompletableFuture<>();
        };
        results = new MapResultStore(staging);
        copier = new ResultCopier(store.tasks(), store.results(), hanging, results, changes, scheduler, time, PLAN);
        changes.subscribe(copier);
        copier.start();
        TaskRecord running = kept(Optional.of(HOOK));

        complete(running);
        scheduler.advance(Duration.ofMinutes(29));
        assertThat(record(running.task().id()).results().attempts()).isZero();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(record(running.task().id()).results().attempts()).isEqualTo(1);
        assertThat(record(running.task().id()).results().lastError().orElseThrow()).contains("did not end within");
        scheduler.advance(Duration.ofHours(2));

        TaskRecord given = record(running.task().id());
        assertThat(given.results().state()).isEqualTo(ResultCopies.State.FAILED);
        assertThat(given.results().attempts()).isEqualTo(3);
        assertThat(fetcher.fetches).isEqualTo(3);
        assertThat(given.visible().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(given.webhook().orElseThrow().nextAttemptAt()).isPresent();
    }

    @Test
    void aCopyMadeWhileTheStoreIsAwayIsRecordedOnceItIsBack() {
        GeneratedVideoFetcher outageMeanwhile = (source, into) -> {
            CompletionStage<GeneratedVideoFetcher.Fetch> fetched = fetcher.fetch(source, into);
            store.becomeUnavailable();
            return fetched;
        };
        fetcher.serve(VIDEO, BYTES, "video/mp4");
        results = new MapResultStore(staging);
        copier = new ResultCopier(store.tasks(), store.results(), outageMeanwhile, results, changes, scheduler, time,
                PLAN);
        changes.subscribe(copier);
        TaskRecord running = kept(Optional.empty());

        complete(running);
        scheduler.advance(Duration.ofSeconds(5));
        store.becomeAvailable();
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(record(running.task().id()).results().state()).isEqualTo(ResultCopies.State.COPIED);
        assertThat(fetcher.fetches).isEqualTo(1);
    }

    @Test
    void copiesUnderWayAreGivenBackAtCloseSoTheNextRunMakesThemAtOnce() {
        GeneratedVideoFetcher hanging = (source, into) -> new CompletableFuture<>();
        results = new MapResultStore(staging);
        copier = new ResultCopier(store.tasks(), store.results(), hanging, results, changes, scheduler, time, PLAN);
        changes.subscribe(copier);
        TaskRecord running = kept(Optional.empty());
        complete(running);
        assertThat(record(running.task().id()).results().dueAt()).hasValueSatisfying(lease ->
                assertThat(lease).isAfter(time.now()));

        resultOf(copier.giveBack());

        assertThat(record(running.task().id()).results().dueAt()).hasValue(time.now());
        assertThat(record(running.task().id()).results().state()).isEqualTo(ResultCopies.State.COPYING);
    }

    @Test
    void theStoresTroublesStayInTheOperatorsLogNotInTheRecordTheOwnerReads() {
        copier();
        TaskRecord running = kept(Optional.empty());
        fetcher.serve(VIDEO, BYTES, "video/mp4");
        results.failNextKeep = true;

        complete(running);

        assertThat(record(running.task().id()).results().lastError()).hasValue(
                "the result store did not keep video 0; it is tried again");
    }

    @Test
    void aCopyGivenUpLeavesNothingAnyAttemptKept() {
        copier();
        TaskRecord running = kept(Optional.empty());
        String id = running.task().id().value();
        results.kept.put(id + "/0.webm", BYTES);
        results.kept.put(id + "/0.mp4", BYTES);
        fetcher.fail(VIDEO, "the server answered 404", false);

        complete(running);

        assertThat(record(running.task().id()).results().state()).isEqualTo(ResultCopies.State.FAILED);
        assertThat(results.kept).isEmpty();
    }

    @Test
    void anAttemptCutShortKeepsNothingWhenItsFetchEndsLateSoTheNextAttemptsCopyStands() {
        List<CompletableFuture<GeneratedVideoFetcher.Fetch>> pending = new ArrayList<>();
        List<Path> into = new ArrayList<>();
        GeneratedVideoFetcher slowFirst = (source, path) -> {
            fetcher.fetches++;
            if (fetcher.fetches == 1) {
                CompletableFuture<GeneratedVideoFetcher.Fetch> late = new CompletableFuture<>();
                pending.add(late);
                into.add(path);
                return late;
            }
            return fetcher.fetch(source, path);
        };
        fetcher.serve(VIDEO, BYTES, "video/mp4");
        results = new MapResultStore(staging);
        copier = new ResultCopier(store.tasks(), store.results(), slowFirst, results, changes, scheduler, time, PLAN);
        changes.subscribe(copier);
        copier.start();
        TaskRecord running = kept(Optional.empty());
        complete(running);
        scheduler.advance(Duration.ofMinutes(30).plusSeconds(10));
        assertThat(record(running.task().id()).results().state()).isEqualTo(ResultCopies.State.COPIED);
        fetcher.fetches = 100; // the late attempt's fetch is not served again

        writeBytes(into.get(0), "the late attempt's bytes");
        pending.get(0).complete(new GeneratedVideoFetcher.Failed("the provider's URL expired (404)", false));
        pending.clear();

        TaskRecord copied = record(running.task().id());
        assertThat(copied.results().state()).isEqualTo(ResultCopies.State.COPIED);
        assertThat(results.kept.get(copied.results().videos().get(0).key())).isEqualTo(BYTES);
    }

    @Test
    void aLateFetchOfAnAttemptCutShortIsDiscardedNotKept() {
        List<CompletableFuture<GeneratedVideoFetcher.Fetch>> pending = new ArrayList<>();
        GeneratedVideoFetcher hanging = (source, path) -> {
            CompletableFuture<GeneratedVideoFetcher.Fetch> late = new CompletableFuture<>();
            pending.add(late);
            return late;
        };
        results = new MapResultStore(staging);
        ResultCopier.Plan once = new ResultCopier.Plan(new RetryPlan(List.of()), Optional.empty(),
                PLAN.sweepEvery(), PLAN.lease());
        copier = new ResultCopier(store.tasks(), store.results(), hanging, results, changes, scheduler, time, once);
        changes.subscribe(copier);
        TaskRecord running = kept(Optional.empty());
        complete(running);
        scheduler.advance(Duration.ofMinutes(30));
        assertThat(record(running.task().id()).results().state()).isEqualTo(ResultCopies.State.FAILED);

        pending.get(0).complete(new GeneratedVideoFetcher.Fetched(BYTES.length, sha256(BYTES), "video/mp4"));

        assertThat(results.kept).isEmpty();
        assertThat(results.discarded).isEqualTo(1);
    }

    // --- helpers

    private static void writeBytes(Path path, String text) {
        try {
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TaskRecord kept(Optional<WebhookUrl> webhook) {
        TaskRecord record = TaskRecord.submitted(MapStateStore.owner(CALLER), TaskId.random(),
                MapStateStore.KLING_26_PRO, webhook, time.now(), MediaFacts.NONE, ResultCopies.WANTED);
        resultOf(store.tasks().remember(record));
        return record;
    }

    private TaskRecord copiedRecord(TaskId id) {
        TaskRecord record = TaskRecord.submitted(MapStateStore.owner(CALLER), id, MapStateStore.KLING_26_PRO,
                Optional.empty(), time.now(), MediaFacts.NONE, ResultCopies.WANTED)
                .reported(completed(id), time.now());
        return record.withResults(record.results().copied(List.of(new ResultCopies.StoredVideo(id.value() + "/0.mp4",
                BYTES.length, sha256(BYTES), "video/mp4")), time.now(), Optional.empty()), time.now());
    }

    /** The provider reports the task completed; the change is published, as the reports do. */
    private void complete(TaskRecord running) {
        TaskRecords.Change change = resultOf(store.update(running.task().id(),
                record -> record.reported(completed(record.task().id()), time.now()))).orElseThrow();
        changes.publish(change);
    }

    private TaskRecord record(TaskId id) {
        return resultOf(store.tasks().findById(id)).orElseThrow();
    }

    private ResultLinks links() {
        return new ResultLinks(results != null ? results : new MapResultStore(staging), Optional.of(DOWNLOADS),
                Duration.ofHours(24), time, resultOf(store.ownerSecret()));
    }

    private static Task completed(TaskId id) {
        return new Task(id, TaskStatus.COMPLETED, List.of(VIDEO));
    }

    private static Map<String, String> query(URI link) {
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : link.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], parts[1]);
        }
        return query;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves each URL's scripted outcomes in turn, writing the bytes of a success to the staged file. */
    static final class ScriptedFetcher implements GeneratedVideoFetcher {
        private final Map<URI, Deque<Object>> script = new ConcurrentHashMap<>();
        private final Map<URI, Object> always = new ConcurrentHashMap<>();
        int fetches;

        void serve(URI url, byte[] bytes, String contentType) {
            always.put(url, new Served(bytes, contentType));
        }

        void fail(URI url, String reason, boolean mayRetry) {
            script.computeIfAbsent(url, key -> new ArrayDeque<>()).add(new Failed(reason, mayRetry));
        }

        @Override
        public synchronized CompletionStage<Fetch> fetch(URI source, Path into) {
            fetches++;
            Deque<Object> next = script.get(source);
            Object outcome = next != null && !next.isEmpty() ? next.poll() : always.get(source);
            if (outcome instanceof Served served) {
                try {
                    Files.write(into, served.bytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return CompletableFuture.completedFuture(new Fetched(served.bytes().length, sha256(served.bytes()),
                        served.contentType()));
            }
            return CompletableFuture.completedFuture(outcome == null ? new Failed("404", false) : (Fetch) outcome);
        }

        private record Served(byte[] bytes, String contentType) {
        }
    }

    /** A result store in a map, staging in a directory. */
    static final class MapResultStore implements ResultStore {
        final Map<String, byte[]> kept = new ConcurrentHashMap<>();
        private final Path staging;
        volatile boolean failNextKeep;
        volatile int discarded;

        MapResultStore(Path staging) {
            this.staging = staging;
        }

        @Override
        public Path stagingDirectory() {
            return staging;
        }

        @Override
        public CompletionStage<Void> keep(String key, Path staged, String contentType) {
            try {
                byte[] bytes = Files.readAllBytes(staged);
                Files.delete(staged);
                if (failNextKeep) {
                    failNextKeep = false;
                    return CompletableFuture.failedFuture(new IOException("the disk is full"));
                }
                kept.put(key, bytes);
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletionStage<Void> discard(Path staged) {
            discarded++;
            try {
                Files.deleteIfExists(staged);
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletionStage<Void> delete(String key) {
            kept.remove(key);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Location locate(String key, Instant now, Duration lifetime) {
            return new LocalFile(staging.resolve("kept").resolve(key));
        }
    }
}
