package dev.motioncontrol.adapters.freepik.http;

/** The provider's answer to a submit or a status request: {@code {"data":{...task...}}}. */
record TaskEnvelope(TaskBody data) {
}
