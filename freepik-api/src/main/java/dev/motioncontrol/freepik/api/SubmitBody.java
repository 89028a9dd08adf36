package dev.motioncontrol.freepik.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of a submit, both tiers and both models: {@code {"image_url","video_url","webhook_url"?,"prompt"?,
 * "character_orientation"?,"cfg_scale"?}}. Each component is {@code null} when absent and then left out of the
 * JSON. The components are the API's fields, in the provider's order: adding one here adds it everywhere
 * (reading, writing, the "did you mean" list, and the mappers, which fail the build until it is mapped).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitBody(
        String imageUrl,
        String videoUrl,
        String webhookUrl,
        String prompt,
        String characterOrientation,
        Double cfgScale) {
}
