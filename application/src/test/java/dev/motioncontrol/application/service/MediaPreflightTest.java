package dev.motioncontrol.application.service;

import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.application.port.out.RecordingTelemetry;
import static dev.motioncontrol.application.service.Stages.failureOf;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.MediaProbe;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.MotionTransferRules;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.VideoFacts;
import dev.motioncontrol.domain.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Answers;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class MediaPreflightTest {

    private static final ClientKey CALLER = new ClientKey("key-alpha");
    private static final String IMAGE = "https://cdn.example.com/character.png";
    private static final String VIDEO = "https://cdn.example.com/dance.mp4";

    @Mock(answer = Answers.CALLS_REAL_METHODS, strictness = Mock.Strictness.LENIENT)
    private VideoProvider provider;

    private final MapStateStore store = new MapStateStore();
    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-12-03T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(time);
    /** What the probe answers, by URL; a URL not here is a 300×300 PNG or a 5 s MP4. */
    private final Map<String, MediaProbe.Probe> answers = new ConcurrentHashMap<>();
    private final List<String> probed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MediaProbe probe = (url, kind) -> {
        probed.add(kind + " " + url);
        return CompletableFuture.completedFuture(answers.getOrDefault(url.toString(), kind == MediaFormat.Kind.IMAGE
                ? new MediaProbe.Image(ImageFacts.of(MediaFormat.PNG, 300, 300, 5000), 100)
                : new MediaProbe.Video(VideoFacts.of(MediaFormat.MP4, Duration.ofSeconds(5)), 100)));
    };

    private SubmitMotionTransferService service(MediaPreflight.Mode mode) {
        return service(mode, SubmitMotionTransferService.NewTasks.UNLIMITED);
    }

    private SubmitMotionTransferService service(MediaPreflight.Mode mode, SubmitMotionTransferService.NewTasks limit) {
        TaskChanges changes = new TaskChanges();
        TaskReports reports = new TaskReports(store, changes, time);
        TaskPolling polling = new TaskPolling(new StatusChecks(store, provider, reports, time, StatusFreshness.ALWAYS),
                new TaskWatchers(), scheduler, PollingPlan.DEFAULT);
        return new SubmitMotionTransferService(new MotionTransferRules(UrlAccessPolicy.publicOnly()),
                WebhookUrlCheck.refusingAll(), provider, store, store, reports, polling, MapStateStore.OWNERS, time,
                SubmissionPlan.DEFAULT, Optional.empty(), limit, new MediaPreflight(probe, mode));
    }

    private static SubmitMotionTransferCommand submit(String image, String video, String orientation) {
        return new SubmitMotionTransferCommand(CALLER,
                new MotionTransferRequest(image, video, null, orientation, null, null, Tier.PRO));
    }

    private static List<Violation> violationsOf(Throwable failure) {
        assertThat(failure).isInstanceOf(MotionTransferFailure.InvalidRequest.class);
        return ((MotionTransferFailure.InvalidRequest) failure).violations();
    }

    @Test
    void mediaThatBreakTheProvidersRulesAreRefusedWithWhatWasMeasuredAndNothingIsPaid() {
        answers.put(IMAGE, new MediaProbe.Image(ImageFacts.of(MediaFormat.PNG, 200, 180, 900), 100));
        answers.put(VIDEO, new MediaProbe.Video(VideoFacts.of(MediaFormat.MP4, Duration.ofMillis(12_000)), 100));

        List<Violation> violations = violationsOf(failureOf(service(MediaPreflight.Mode.ENFORCE)
                .submit(submit(IMAGE, VIDEO, "image"))));

        assertThat(violations).containsExactly(
                new Violation("image_url", "is 200×180 px; at least 300×300 is required"),
                new Violation("video_url", "is 12.0 s long; with character_orientation image at most 10 s is allowed"
                        + " — use video for up to 30 s"));
        verifyNoInteractions(provider);
        assertThat(probed).containsExactlyInAnyOrder("IMAGE " + IMAGE, "VIDEO " + VIDEO);
    }

    @Test
    void mediaThatCannotBeFetchedOrReadAreViolationsOfTheirFields() {
        answers.put(IMAGE, new MediaProbe.Unfetchable("could not be fetched: the server answered 404 Not Found", 0));
        answers.put(VIDEO, new MediaProbe.Unreadable("is a truncated MP4: it has no index (moov)", 4096));

        assertThat(violationsOf(failureOf(service(MediaPreflight.Mode.ENFORCE).submit(submit(IMAGE, VIDEO, null)))))
                .containsExactly(
                        new Violation("image_url", "could not be fetched: the server answered 404 Not Found"),
                        new Violation("video_url", "is a truncated MP4: it has no index (moov)"));
        verifyNoInteractions(provider);
    }

    @Test
    void theMediaOfARequestWithOtherViolationsAreMeasuredAllTheSameAndReportedWithThem() {
        answers.put(VIDEO, new MediaProbe.Video(VideoFacts.of(MediaFormat.MP4, Duration.ofMillis(2_000)), 100));

        List<Violation> violations = violationsOf(failureOf(service(MediaPreflight.Mode.ENFORCE)
                .submit(submit("not a url", VIDEO, "sideways"))));

        assertThat(violations).extracting(Violation::field)
                .containsExactly("image_url", "video_url", "character_orientation");
        assertThat(violations.get(1).reason()).isEqualTo("is 2.0 s long; at least 3 s is required");
        assertThat(probed).containsExactly("VIDEO " + VIDEO);
        verifyNoInteractions(provider);
    }

    @Test
    void aCallerAtItsLimitsGetsItsRequestsOtherViolationsWithoutAFetch() {
        SubmitMotionTransferService.NewTasks atItsLimit = caller -> CompletableFuture.failedFuture(
                new MotionTransferFailure.RateLimited("at most 2 unfinished tasks", Optional.of(Duration.ofSeconds(1))));

        List<Violation> violations = violationsOf(failureOf(service(MediaPreflight.Mode.ENFORCE, atItsLimit)
                .submit(submit(IMAGE, VIDEO, "sideways"))));

        assertThat(violations).extracting(Violation::field).containsExactly("character_orientation");
        assertThat(probed).isEmpty();
    }

    @Test
    void goodMediaReachTheProviderAndWhatWasMeasuredIsKeptWithTheTask() {
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(
                Task.created(new TaskId("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55"))));

        Task task = resultOf(service(MediaPreflight.Mode.ENFORCE).submit(submit(IMAGE, VIDEO, null)));

        assertThat(task.id().value()).isEqualTo("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55");
        verify(provider).submit(any(), any());
        assertThat(resultOf(store.findById(task.id())).orElseThrow().media()).isEqualTo(new MediaFacts(
                Optional.of(ImageFacts.of(MediaFormat.PNG, 300, 300, 5000)),
                Optional.of(VideoFacts.of(MediaFormat.MP4, Duration.ofSeconds(5)))));
    }

    @Test
    void warnLetsMediaThatBreakTheRulesThroughAndOffDoesNotProbe() {
        when(provider.submit(any(), any())).thenAnswer(invocation -> CompletableFuture.completedFuture(
                Task.created(TaskId.random())));
        answers.put(IMAGE, new MediaProbe.Image(ImageFacts.of(MediaFormat.GIF, 200, 200, 900), 100));

        resultOf(service(MediaPreflight.Mode.WARN).submit(submit(IMAGE, VIDEO, null)));
        assertThat(probed).hasSize(2);

        probed.clear();
        resultOf(service(MediaPreflight.Mode.OFF).submit(submit(IMAGE, VIDEO, null)));
        assertThat(probed).isEmpty();
    }

    @Test
    void aMediumReachedButNotMeasuredGoesOnToTheProvider() {
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(
                Task.created(TaskId.random())));
        answers.put(VIDEO, new MediaProbe.Unmeasured("could not be fetched: the server answered 503 Service "
                + "Unavailable", 0));

        Task task = resultOf(service(MediaPreflight.Mode.ENFORCE).submit(submit(IMAGE, VIDEO, null)));

        verify(provider).submit(any(), any());
        assertThat(resultOf(store.findById(task.id())).orElseThrow().media().video()).isEmpty();
    }

    @Test
    void aProbeThatBreaksLetsTheSubmissionThrough() {
        when(provider.submit(any(), any())).thenReturn(CompletableFuture.completedFuture(
                Task.created(TaskId.random())));
        MediaPreflight broken = new MediaPreflight((url, kind) -> CompletableFuture.failedFuture(
                new IllegalStateException("a bug")), MediaPreflight.Mode.ENFORCE);

        MediaPreflight.Outcome outcome = resultOf(broken.check(Optional.of(HttpUrl.of(IMAGE)),
                Optional.of(HttpUrl.of(VIDEO)), dev.motioncontrol.domain.CharacterOrientation.VIDEO));

        assertThat(outcome.violations()).isEmpty();
    }

    @Test
    void theTelemetryHearsWhatEachCheckMadeOfTheMedia() {
        RecordingTelemetry telemetry = new RecordingTelemetry();
        answers.put(IMAGE, new MediaProbe.Image(ImageFacts.of(MediaFormat.PNG, 600, 600, 900), 100));
        answers.put(VIDEO, new MediaProbe.Video(VideoFacts.of(MediaFormat.MP4, Duration.ofMillis(5_000)), 100));
        CharacterOrientation orientation = CharacterOrientation.IMAGE;
        Optional<HttpUrl> image = Optional.of(HttpUrl.of(IMAGE));
        Optional<HttpUrl> video = Optional.of(HttpUrl.of(VIDEO));

        Stages.resultOf(new MediaPreflight(probe, MediaPreflight.Mode.ENFORCE, telemetry).check(image, video, orientation));
        answers.put(VIDEO, new MediaProbe.Video(VideoFacts.of(MediaFormat.MP4, Duration.ofMillis(12_000)), 100));
        Stages.resultOf(new MediaPreflight(probe, MediaPreflight.Mode.ENFORCE, telemetry).check(image, video, orientation));
        Stages.resultOf(new MediaPreflight(probe, MediaPreflight.Mode.WARN, telemetry).check(image, video, orientation));
        answers.put(VIDEO, new MediaProbe.Unmeasured("could not be fetched: 503", 0));
        Stages.resultOf(new MediaPreflight(probe, MediaPreflight.Mode.ENFORCE, telemetry).check(image, video, orientation));

        assertThat(telemetry.told()).containsExactly("preflight:PASSED", "preflight:REJECTED", "preflight:WARNED",
                "preflight:UNMEASURED");
    }
}
