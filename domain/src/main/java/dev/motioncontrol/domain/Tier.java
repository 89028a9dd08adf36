package dev.motioncontrol.domain;

/** The model tier a transfer runs on; each has its own submit endpoint and price. */
public enum Tier {

    PRO("pro"),
    STANDARD("std");

    private final String pathSuffix;

    Tier(String pathSuffix) {
        this.pathSuffix = pathSuffix;
    }

    /** How the provider's submit path names this tier: {@code pro} or {@code std}. */
    public String pathSuffix() {
        return pathSuffix;
    }
}
