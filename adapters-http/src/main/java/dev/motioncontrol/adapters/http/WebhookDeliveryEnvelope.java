package dev.motioncontrol.adapters.http;

/** The answer to a webhook delivery request: {@code {"data":{…delivery…}}}. */
record WebhookDeliveryEnvelope(WebhookDeliveryBody data) {
}
