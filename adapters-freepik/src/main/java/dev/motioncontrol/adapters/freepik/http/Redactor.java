package dev.motioncontrol.adapters.freepik.http;

/**
 * Keeps the upstream key out of every text this client produces: failure messages, log lines, descriptions of
 * exceptions. Also puts those texts on one line and cuts them short, so that neither a forged log line nor a
 * megabyte of answer comes out of them.
 */
final class Redactor {

    static final String REDACTED = "[redacted]";

    private final String secret;

    Redactor(String secret) {
        this.secret = secret;
    }

    /** The text with the key, should it ever appear in it, replaced. */
    String redacted(String text) {
        return text == null ? null : text.replace(secret, REDACTED);
    }

    /** The text redacted, on one line, cut to a length fit for a log line. */
    String loggable(String text) {
        return ProviderJson.oneLine(redacted(text), 4 * ProviderJson.MESSAGE_LIMIT);
    }

    /** The cause's class and message, redacted, on one line and cut short (it may quote what the provider sent). */
    String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? ""
                : " (" + ProviderJson.oneLine(redacted(message), ProviderJson.MESSAGE_LIMIT) + ")");
    }
}
