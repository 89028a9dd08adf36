package dev.motioncontrol.freepik.api;

/**
 * JSON that is not what the API documents; the message says what was wrong and where, in the terms of the
 * wire ({@code data.generated[0] is not a string}). It may quote the input: whoever passes it on decides
 * what of it may be shown.
 */
public final class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message, null, false, false);
    }
}
