package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.MediaProbe;
import dev.motioncontrol.application.port.out.Telemetry;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.ImageFacts;
import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.MediaFacts;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.VideoFacts;
import dev.motioncontrol.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Measures a submission's media before the provider is paid to use them, and judges them by the provider's rules
 * ({@link MediaFactRules}): the image and the video are probed at once, and every rule they break is a violation of
 * their field, reported with the request's other violations.
 *
 * <p>What it does with a violation is its {@link Mode}. A medium the probe reached but could not measure within its
 * limits, and a probe that itself breaks (a bug: probes answer every outcome), let the submission through, as
 * {@link Mode#OFF} would: the provider judges the media then.
 */
public final class MediaPreflight {

    private static final System.Logger LOG = System.getLogger(MediaPreflight.class.getName());

    /** What the preflight does. */
    public enum Mode {
        /** Probes, and refuses media that break a rule (400) before anything is paid. */
        ENFORCE,
        /** Probes, and logs what it would refuse, but lets it through. */
        WARN,
        /** Does not probe. */
        OFF;

        /** The mode named {@code name}, in any case: {@code enforce}, {@code warn}, {@code off}. */
        public static Optional<Mode> named(String name) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(name.trim())) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }

        /** The mode's name as configured: {@code enforce}, {@code warn}, {@code off}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What the preflight found: the violations to report (none under {@link Mode#WARN}), and what was measured.
     */
    public record Outcome(List<Violation> violations, MediaFacts measured) {

        /** Nothing measured, nothing found. */
        public static final Outcome NOTHING = new Outcome(List.of(), MediaFacts.NONE);

        public Outcome {
            violations = List.copyOf(violations);
            Objects.requireNonNull(measured, "measured");
        }
    }

    private static final MediaPreflight OFF = new MediaPreflight(null, Mode.OFF);

    private final MediaProbe probe;
    private final Mode mode;
    private final Telemetry telemetry;

    /** @param probe how media are measured; unused when {@code mode} is {@link Mode#OFF} */
    public MediaPreflight(MediaProbe probe, Mode mode) {
        this(probe, mode, Telemetry.NONE);
    }

    /** As above, telling {@code telemetry} what each check made of the media. */
    public MediaPreflight(MediaProbe probe, Mode mode, Telemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.probe = mode == Mode.OFF ? null : Objects.requireNonNull(probe, "probe");
    }

    /** No preflight. */
    public static MediaPreflight off() {
        return OFF;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Probes {@code image} and {@code video} (those given: a field that broke another rule is not probed) at once,
     * and judges the video for {@code orientation}.
     */
    public CompletionStage<Outcome> check(Optional<HttpUrl> image, Optional<HttpUrl> video,
            CharacterOrientation orientation) {
        Objects.requireNonNull(orientation, "orientation");
        if (mode == Mode.OFF || image.isEmpty() && video.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.NOTHING);
        }
        CompletableFuture<Optional<MediaProbe.Probe>> imageProbe = probed(image, MediaFormat.Kind.IMAGE);
        CompletableFuture<Optional<MediaProbe.Probe>> videoProbe = probed(video, MediaFormat.Kind.VIDEO);
        return imageProbe.thenCombine(videoProbe, (imageOutcome, videoOutcome) -> {
            List<Violation> violations = new ArrayList<>();
            Optional<ImageFacts> imageFacts = Optional.empty();
            Optional<VideoFacts> videoFacts = Optional.empty();
            boolean letThrough = false;
            if (imageOutcome.isPresent() && !unmeasured(imageOutcome.get())) {
                MediaProbe.Probe outcome = imageOutcome.get();
                if (outcome instanceof MediaProbe.Image measured) {
                    imageFacts = Optional.of(measured.facts());
                    violations.addAll(MediaFactRules.check(measured.facts()));
                } else {
                    violations.add(new Violation(MediaFactRules.IMAGE_FIELD, reasonOf(outcome)));
                }
            } else if (image.isPresent()) {
                letThrough = true;
            }
            if (videoOutcome.isPresent() && !unmeasured(videoOutcome.get())) {
                MediaProbe.Probe outcome = videoOutcome.get();
                if (outcome instanceof MediaProbe.Video measured) {
                    videoFacts = Optional.of(measured.facts());
                    violations.addAll(MediaFactRules.check(measured.facts(), orientation));
                } else {
                    violations.add(new Violation(MediaFactRules.VIDEO_FIELD, reasonOf(outcome)));
                }
            } else if (video.isPresent()) {
                letThrough = true;
            }
            telemetry.mediaChecked(!violations.isEmpty()
                    ? mode == Mode.WARN ? Telemetry.PreflightOutcome.WARNED : Telemetry.PreflightOutcome.REJECTED
                    : letThrough ? Telemetry.PreflightOutcome.UNMEASURED : Telemetry.PreflightOutcome.PASSED);
            if (mode == Mode.WARN && !violations.isEmpty()) {
                String found = describe(violations);
                LOG.log(System.Logger.Level.WARNING, () -> "Media preflight (warn): the provider will likely refuse "
                        + "the media of this submission, sent on as configured: " + found);
                violations.clear();
            }
            return new Outcome(violations, new MediaFacts(imageFacts, videoFacts));
        });
    }

    /** The probe's outcome, or none if the probe itself broke (logged; the submission goes on). */
    private CompletableFuture<Optional<MediaProbe.Probe>> probed(Optional<HttpUrl> url, MediaFormat.Kind kind) {
        if (url.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletionStage<MediaProbe.Probe> probing;
        try {
            probing = Objects.requireNonNull(probe.probe(url.get(), kind), "probe answer");
        } catch (RuntimeException broken) {
            probing = CompletableFuture.failedFuture(broken);
        }
        return probing.toCompletableFuture().handle((outcome, failure) -> {
            if (failure != null || outcome == null) {
                LOG.log(System.Logger.Level.WARNING, () -> "Media preflight could not probe the " + kind.noun()
                        + "; the submission goes on without it: " + (failure == null ? "no answer"
                        // Its class only: a probe's message may quote the medium's URL, and a URL may carry a token.
                        : failure.getClass().getName()));
                return Optional.empty();
            }
            return Optional.of(outcome);
        });
    }

    /** Whether {@code outcome} says nothing against the medium (logged: the provider judges it). */
    private static boolean unmeasured(MediaProbe.Probe outcome) {
        if (outcome instanceof MediaProbe.Unmeasured unmeasured) {
            LOG.log(System.Logger.Level.INFO, () -> "Media preflight let a medium through unmeasured: "
                    + unmeasured.reason());
            return true;
        }
        return false;
    }

    private static String reasonOf(MediaProbe.Probe outcome) {
        if (outcome instanceof MediaProbe.Unfetchable unfetchable) {
            return unfetchable.reason();
        }
        if (outcome instanceof MediaProbe.Unreadable unreadable) {
            return unreadable.reason();
        }
        // An image where a video was asked for, or the reverse: a probe that answers the other kind.
        return "is not a medium of the kind this field takes";
    }

    private static String describe(List<Violation> violations) {
        List<String> parts = violations.stream().map(violation -> violation.field() + " " + violation.reason())
                .toList();
        return String.join("; ", parts);
    }
}
