/**
 * Signing and verifying webhooks with the <a href="https://www.standardwebhooks.com">Standard Webhooks</a>
 * scheme, which Freepik uses for its callbacks and this service uses for its own.
 *
 * <p>Three headers travel with each webhook: {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature}, a space-separated list of {@code v1,<base64 HMAC-SHA256>} entries computed over
 * {@code "{webhook-id}.{webhook-timestamp}.{raw body}"}. {@link dev.motioncontrol.domain.webhook.WebhookSigner}
 * produces them, {@link dev.motioncontrol.domain.webhook.WebhookVerifier} checks them, and
 * {@link dev.motioncontrol.domain.webhook.WebhookSecret} holds the shared key in either of its two encodings.
 *
 * <p>The JDK alone ({@code javax.crypto}): a Java integrator needs nothing else to verify a webhook.
 */
package dev.motioncontrol.domain.webhook;
