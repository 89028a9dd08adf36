package dev.motioncontrol.freepik.api;

/** The provider's header names, and the one message its 400s carry. */
public final class FreepikHeaders {

    /** The header Freepik reads the API key from. */
    public static final String FREEPIK_API_KEY = "x-freepik-api-key";

    /** The header Magnific (the same API under another name) reads the API key from. */
    public static final String MAGNIFIC_API_KEY = "x-magnific-api-key";

    /** The {@code message} of a 400 that lists {@code invalid_params}. */
    public static final String INVALID_REQUEST_MESSAGE = "Your request parameters didn't validate.";

    private FreepikHeaders() {
    }
}
