package dev.motioncontrol.adapters.freepik.http;

/**
 * What one attempt of one HTTP call came to, as the {@link FreepikTransport} saw it and before anyone judged
 * it: an answer, or no answer and whether the request provably never reached the provider. Plain values, so
 * that the {@link ErrorPolicy} that judges them needs neither Vert.x nor a network to be tested.
 */
sealed interface AttemptOutcome {

    /**
     * The provider answered {@code status}.
     *
     * @param retryAfter the {@code Retry-After} header as it came, or {@code null}
     * @param body       the whole body, or {@code null} when it could not be read
     * @param unreadable why the body could not be read (too large, cut at the deadline), or {@code null}
     */
    record Answer(int status, String retryAfter, byte[] body, String unreadable) implements AttemptOutcome {

        /** A complete answer. */
        static Answer of(int status, String retryAfter, byte[] body) {
            return new Answer(status, retryAfter, body, null);
        }

        /** An answer whose status came but whose body could not be read, for the reason given. */
        static Answer unreadable(int status, String retryAfter, String why) {
            return new Answer(status, retryAfter, null, why);
        }
    }

    /**
     * Nothing reached the provider: the connection could not be opened (refused, unknown host, no route, TLS
     * handshake failed, connect timeout), or the attempt was given up before a byte was written.
     */
    record NotSent(String what) implements AttemptOutcome {
    }

    /** The request was, or may have been, written, and no complete answer came: the outcome is unknown. */
    record SentUnknown(String what) implements AttemptOutcome {
    }
}
