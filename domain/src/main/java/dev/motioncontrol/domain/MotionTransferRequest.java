package dev.motioncontrol.domain;

import java.util.List;
import java.util.Objects;

/**
 * A motion transfer as a caller sent it, not yet checked: each field as on the wire, {@code null} when
 * absent. {@link MotionTransferRules} turns it into a {@link MotionTransfer} or lists what is wrong.
 *
 * @param imageUrl             {@code image_url}, required
 * @param videoUrl             {@code video_url}, required
 * @param prompt               {@code prompt}, optional
 * @param characterOrientation {@code character_orientation}, optional, {@code video} when absent
 * @param cfgScale             {@code cfg_scale}, optional, 0.5 when absent
 * @param webhookUrl           {@code webhook_url}, optional
 * @param model                the model whose endpoint it was sent to
 * @param tier                 the tier whose endpoint it was sent to
 * @param unreadableFields     what the caller's adapter could not even read (a number sent as a string, an
 *                             unknown field); reported together with every other violation
 */
public record MotionTransferRequest(
        String imageUrl,
        String videoUrl,
        String prompt,
        String characterOrientation,
        Double cfgScale,
        String webhookUrl,
        Model model,
        Tier tier,
        List<Violation> unreadableFields) {

    public MotionTransferRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        unreadableFields = unreadableFields == null ? List.of() : List.copyOf(unreadableFields);
    }

    /** A request for {@code model} in which every field could be read. */
    public MotionTransferRequest(String imageUrl, String videoUrl, String prompt, String characterOrientation,
            Double cfgScale, String webhookUrl, Model model, Tier tier) {
        this(imageUrl, videoUrl, prompt, characterOrientation, cfgScale, webhookUrl, model, tier, List.of());
    }

    /** A request for Kling 2.6, the model of the original API, in which every field could be read. */
    public MotionTransferRequest(String imageUrl, String videoUrl, String prompt, String characterOrientation,
            Double cfgScale, String webhookUrl, Tier tier) {
        this(imageUrl, videoUrl, prompt, characterOrientation, cfgScale, webhookUrl, Model.KLING_2_6, tier);
    }

    /** Where the request was sent: its model and tier. */
    public ModelTier modelTier() {
        return ModelTier.of(model, tier);
    }
}
