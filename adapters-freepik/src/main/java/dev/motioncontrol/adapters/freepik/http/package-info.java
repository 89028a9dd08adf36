/**
 * The video provider at Freepik (or Magnific) over HTTP: {@link
 * dev.motioncontrol.adapters.freepik.http.FreepikVideoProvider}, configured by {@link
 * dev.motioncontrol.adapters.freepik.http.FreepikSettings}. It never wastes a paid task (a submit is retried
 * only when it provably did not reach the provider), never loses one silently (an uncertain submit says so),
 * and never lets the upstream key out.
 */
package dev.motioncontrol.adapters.freepik.http;
