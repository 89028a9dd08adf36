package dev.motioncontrol.freepik.api;

/** The answer to a submit or a status request: {@code {"data":{…task…}}}. */
public record TaskEnvelope(TaskBody data) {
}
