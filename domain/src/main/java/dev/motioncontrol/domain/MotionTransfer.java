package dev.motioncontrol.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A valid request to transfer the motion of a reference video onto a character image. Obtain one from
 * {@link MotionTransferRules#validate(MotionTransferRequest)}, which checks the rules that need the
 * service's configuration, or build one directly when the values are known to be good.
 */
public record MotionTransfer(
        CharacterImage image,
        ReferenceVideo video,
        Optional<Prompt> prompt,
        CharacterOrientation orientation,
        CfgScale cfgScale,
        Optional<WebhookUrl> webhook,
        ModelTier modelTier) {

    public MotionTransfer {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(orientation, "orientation");
        Objects.requireNonNull(cfgScale, "cfgScale");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(modelTier, "modelTier");
    }

    /** The same transfer with {@code webhook} as its webhook. */
    public MotionTransfer withWebhook(Optional<WebhookUrl> webhook) {
        return new MotionTransfer(image, video, prompt, orientation, cfgScale, webhook, modelTier);
    }
}
