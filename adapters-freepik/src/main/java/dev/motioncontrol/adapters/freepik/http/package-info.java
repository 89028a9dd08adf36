/**
 * The video provider at Freepik (or Magnific) over HTTP: {@link
 * dev.motioncontrol.adapters.freepik.http.FreepikVideoProvider}, configured by {@link
 * dev.motioncontrol.adapters.freepik.http.FreepikSettings}. It never wastes a paid task (a submit is retried
 * only when it provably did not reach the provider), never loses one silently (an uncertain submit says so),
 * and never lets the upstream key out.
 *
 * <p>Inside, one class per job: {@code FreepikTransport} makes one attempt of one HTTP call and says what
 * happened ({@code AttemptOutcome}); {@code ErrorPolicy}, pure, decides what that means (the README's table
 * "How failures at the provider reach you"); {@code RequestLimits} and {@code RetrySchedule} hold the rate, the
 * concurrency and the retries, from resilience4j, on Vert.x timers; {@code ProviderCall} runs one call's attempts
 * within its deadline; {@code ClientHome} is the context, owned by no deployment, where all of it runs.
 */
package dev.motioncontrol.adapters.freepik.http;
