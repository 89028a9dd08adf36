package dev.motioncontrol.adapters.http;

/**
 * One entry of a 400's {@code invalid_params}: {@code {"name":"cfg_scale","reason":"must be a number"}}.
 * Also what the body reader produces for a field it cannot read, before the use case adds its own findings.
 */
record InvalidParam(String name, String reason) {
}
