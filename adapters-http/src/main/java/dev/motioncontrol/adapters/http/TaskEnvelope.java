package dev.motioncontrol.adapters.http;

/** The answer to a submit or a status request: {@code {"data":{…task…}}}. */
record TaskEnvelope(TaskBody data) {
}
