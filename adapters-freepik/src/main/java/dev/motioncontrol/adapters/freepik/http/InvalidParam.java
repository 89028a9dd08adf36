package dev.motioncontrol.adapters.freepik.http;

/** One entry of the provider's {@code invalid_params}: {@code {"name":"image_url","reason":"..."}}. */
record InvalidParam(String name, String reason) {
}
