/**
 * An in-memory fake of the video provider: behaves like Freepik's Kling 2.6 Motion Control API
 * (tasks go {@code CREATED → IN_PROGRESS → COMPLETED | FAILED}, each visible only to its creator),
 * offline, in pure Java, with bounded memory. Use it to run the service without a provider account and
 * in test suites, driven by a controllable clock.
 */
package dev.motioncontrol.adapters.freepik.fake;
