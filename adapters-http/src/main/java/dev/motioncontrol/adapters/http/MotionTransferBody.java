package dev.motioncontrol.adapters.http;

/**
 * The JSON body of a submit request, field for field as the provider documents it, each {@code null} when
 * the caller left it out (or sent JSON {@code null}). Nothing here is checked yet: the use case does that.
 *
 * @param imageUrl             {@code image_url}
 * @param videoUrl             {@code video_url}
 * @param webhookUrl           {@code webhook_url}
 * @param prompt               {@code prompt}
 * @param characterOrientation {@code character_orientation}
 * @param cfgScale             {@code cfg_scale}; JSON integers are numbers too, and a number too large for a
 *                             double arrives as an infinity, which the domain refuses
 */
record MotionTransferBody(
        String imageUrl,
        String videoUrl,
        String webhookUrl,
        String prompt,
        String characterOrientation,
        Double cfgScale) {
}
