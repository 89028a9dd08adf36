package dev.motioncontrol.adapters.http;

import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.MediaFormats;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.freepik.api.FreepikPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the playground page needs to know of the API, read by it from {@code /playground/settings.json}: the header
 * the key goes in, each model's tiers with their submit and task paths, the list paths, the terminal states, and
 * the provider's rules on each field. Taken from where each of them lives (the domain's rules, {@code FreepikPaths}),
 * so that the page never shows a rule or calls a path the service does not have.
 */
record PlaygroundSettings(String keyHeader, String eventsSuffix, List<ModelChoice> models, List<TaskList> lists,
        List<String> terminalStatuses, Rules rules) {

    /** A model the form offers, with its tiers. */
    record ModelChoice(String model, String label, List<TierChoice> tiers) {
    }

    /** A tier of a model: where a task is submitted, and where it is then found ({@code tasks + "/" + id}). */
    record TierChoice(String tier, String label, String submit, String tasks) {
    }

    /** A list of the caller's tasks: its path, and what it holds (its tasks are found at {@code path + "/" + id}). */
    record TaskList(String path, String label) {
    }

    /** The provider's rules, field by field. */
    record Rules(ImageRule image, VideoRule video, List<OrientationRule> orientations, int promptMaxCharacters,
            CfgScaleRule cfgScale) {
    }

    record ImageRule(List<String> formats, int minSidePx, long maxBytes) {
    }

    record VideoRule(List<String> formats, long minSeconds, long maxSeconds) {
    }

    /** An orientation, and how long a video it makes: the reference video may be no longer. */
    record OrientationRule(String value, long maxSeconds, boolean byDefault) {
    }

    record CfgScaleRule(double min, double max, double byDefault) {
    }

    /** The settings of this service. */
    static PlaygroundSettings current() {
        List<ModelChoice> models = new ArrayList<>();
        for (Model model : Model.values()) {
            List<TierChoice> tiers = new ArrayList<>();
            for (FreepikPaths.Endpoints endpoints : FreepikPaths.all()) {
                if (endpoints.model() == model) {
                    tiers.add(new TierChoice(endpoints.tier().name(), label(endpoints.tier()), endpoints.submit(),
                            endpoints.tasks()));
                }
            }
            models.add(new ModelChoice(model.name(), label(model), tiers));
        }
        List<TaskList> lists = new ArrayList<>();
        for (FreepikPaths.ListPath list : FreepikPaths.listPaths()) {
            lists.add(new TaskList(list.path(), label(list.model(), list.tier())));
        }
        List<OrientationRule> orientations = new ArrayList<>();
        for (CharacterOrientation orientation : CharacterOrientation.values()) {
            orientations.add(new OrientationRule(orientation.wireName(), orientation.maxOutput().toSeconds(),
                    orientation == CharacterOrientation.DEFAULT));
        }
        Rules rules = new Rules(
                new ImageRule(MediaFormats.IMAGE.extensions(), MediaFactRules.MIN_IMAGE_SIDE_PX,
                        MediaFactRules.MAX_IMAGE_BYTES),
                new VideoRule(MediaFormats.VIDEO.extensions(), MediaFactRules.MIN_VIDEO.toSeconds(),
                        MediaFactRules.MAX_VIDEO.toSeconds()),
                orientations,
                Prompt.MAX_CODE_POINTS,
                new CfgScaleRule(CfgScale.MIN, CfgScale.MAX, CfgScale.DEFAULT.value()));
        return new PlaygroundSettings(MotionControlHttpApi.FREEPIK_API_KEY_HEADER, MotionControlHttpApi.EVENTS_SUFFIX,
                models, lists, Stream.of(TaskStatus.CREATED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED,
                        TaskStatus.FAILED).filter(TaskStatus::isTerminal).map(TaskStatus::name).toList(), rules);
    }

    private static String label(Model model) {
        return switch (model) {
            case KLING_2_6 -> "Kling 2.6";
            case KLING_3 -> "Kling 3";
        };
    }

    private static String label(Tier tier) {
        return switch (tier) {
            case PRO -> "Pro";
            case STANDARD -> "Standard";
        };
    }

    private static String label(Model model, Optional<Tier> tier) {
        return tier.map(only -> label(model) + " " + label(only)).orElse(label(model));
    }
}
