package dev.motioncontrol.domain;

/**
 * The motion-control model a transfer runs on. Both take the same request under the same rules; each has
 * its own endpoints at the provider, and a task is known only at the endpoints of its own model.
 */
public enum Model {

    /** Kling 2.6 Motion Control. */
    KLING_2_6,

    /** Kling 3 Motion Control. */
    KLING_3
}
