package dev.motioncontrol.adapters.freepik.http;

/**
 * The JSON body of a submit, as the provider reads it: {@code {"image_url","video_url","prompt"?,
 * "character_orientation","cfg_scale","webhook_url"?}}; {@code null} fields are left out.
 */
record SubmitRequestBody(
        String imageUrl,
        String videoUrl,
        String prompt,
        String characterOrientation,
        double cfgScale,
        String webhookUrl) {
}
