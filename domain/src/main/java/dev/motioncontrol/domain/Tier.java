package dev.motioncontrol.domain;

/** The tier a transfer runs on, within its model: each has its own submit endpoint and price. */
public enum Tier {

    /** Higher fidelity. */
    PRO,

    /** Faster. */
    STANDARD
}
