package dev.motioncontrol.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every rule a motion transfer request must pass before it may be sent to the provider, checked all at
 * once so that the caller learns of every mistake in one answer.
 */
public final class MotionTransferRules {

    /** The API's fields, in the order the provider documents them; violations are reported in this order. */
    public static final List<String> FIELDS = List.of(
            "image_url", "video_url", "webhook_url", "prompt", "character_orientation", "cfg_scale");

    /** Violations in the order of their fields in {@link #FIELDS} (others after), each field's in the order found. */
    public static final Comparator<Violation> IN_FIELD_ORDER = Comparator.comparingInt(MotionTransferRules::fieldOrder);

    private final UrlAccessPolicy urlAccess;

    public MotionTransferRules(UrlAccessPolicy urlAccess) {
        this.urlAccess = Objects.requireNonNull(urlAccess, "urlAccess");
    }

    /** Which media and webhook hosts these rules let through. */
    public UrlAccessPolicy urlAccess() {
        return urlAccess;
    }

    /** Rules with the default policy: media and webhook URLs must be publicly accessible. */
    public static MotionTransferRules publicOnly() {
        return new MotionTransferRules(UrlAccessPolicy.publicOnly());
    }

    /** The valid transfer, or every violation of {@code request}. */
    public Validation<MotionTransfer> validate(MotionTransferRequest request) {
        Objects.requireNonNull(request, "request");
        List<Violation> violations = new ArrayList<>(request.unreadableFields());
        Checker check = new Checker(violations, unreadable(request));

        HttpUrl image = check.required("image_url", request.imageUrl(), text -> url(text, MediaFormats.IMAGE));
        HttpUrl video = check.required("video_url", request.videoUrl(), text -> url(text, MediaFormats.VIDEO));
        HttpUrl webhook = check.optional("webhook_url", request.webhookUrl(), text -> url(text, null));
        Prompt prompt = check.optional("prompt", request.prompt(),
                text -> Prompt.problemWith(text).<Result<Prompt>>map(Result::failed)
                        .orElseGet(() -> Result.ok(new Prompt(text))));
        CharacterOrientation orientation = check.optional("character_orientation", request.characterOrientation(),
                text -> CharacterOrientation.fromWireName(text).map(Result::ok)
                        .orElseGet(() -> Result.failed("must be one of: video, image")));
        CfgScale cfgScale = check.optional("cfg_scale", request.cfgScale(),
                value -> CfgScale.problemWith(value).<Result<CfgScale>>map(Result::failed)
                        .orElseGet(() -> Result.ok(new CfgScale(value))));

        if (!violations.isEmpty()) {
            violations.sort(IN_FIELD_ORDER);
            return new Validation.Invalid<>(violations);
        }
        return new Validation.Valid<>(new MotionTransfer(
                new CharacterImage(image),
                new ReferenceVideo(video),
                Optional.ofNullable(prompt),
                orientation == null ? CharacterOrientation.DEFAULT : orientation,
                cfgScale == null ? CfgScale.DEFAULT : cfgScale,
                Optional.ofNullable(webhook).map(WebhookUrl::new),
                request.modelTier()));
    }

    private Result<HttpUrl> url(String text, MediaFormats format) {
        HttpUrl url;
        try {
            url = HttpUrl.of(text);
        } catch (IllegalArgumentException malformed) {
            return Result.failed(malformed.getMessage());
        }
        Optional<String> problem = urlAccess.problemWith(url);
        if (problem.isEmpty() && format != null) {
            problem = format.problemWith(url);
        }
        return problem.<Result<HttpUrl>>map(Result::failed).orElseGet(() -> Result.ok(url));
    }

    private static List<String> unreadable(MotionTransferRequest request) {
        return request.unreadableFields().stream().map(Violation::field).toList();
    }

    private static int fieldOrder(Violation violation) {
        int index = FIELDS.indexOf(violation.field());
        return index < 0 ? FIELDS.size() : index;
    }

    private record Result<T>(T value, String problem) {
        static <T> Result<T> ok(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> failed(String problem) {
            return new Result<>(null, problem);
        }
    }

    /** Runs one field's check and records its violation; a field already reported unreadable is skipped. */
    private record Checker(List<Violation> violations, List<String> unreadable) {

        <R, T> T required(String field, R raw, java.util.function.Function<R, Result<T>> rule) {
            if (raw == null && !unreadable.contains(field)) {
                violations.add(new Violation(field, "is required"));
                return null;
            }
            return optional(field, raw, rule);
        }

        <R, T> T optional(String field, R raw, java.util.function.Function<R, Result<T>> rule) {
            if (raw == null || unreadable.contains(field)) {
                return null;
            }
            Result<T> result = rule.apply(raw);
            if (result.problem() != null) {
                violations.add(new Violation(field, result.problem()));
            }
            return result.value();
        }
    }
}
