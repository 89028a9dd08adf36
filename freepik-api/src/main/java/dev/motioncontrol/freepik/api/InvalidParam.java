package dev.motioncontrol.freepik.api;

/** One entry of a 400's {@code invalid_params}: {@code {"name":"cfg_scale","reason":"must be a number"}}. */
public record InvalidParam(String name, String reason) {
}
