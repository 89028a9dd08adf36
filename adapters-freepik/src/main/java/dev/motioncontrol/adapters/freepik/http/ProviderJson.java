package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.freepik.api.FreepikJson;
import dev.motioncontrol.freepik.api.InvalidParam;
import dev.motioncontrol.freepik.api.SubmitBody;
import dev.motioncontrol.freepik.api.TaskEnvelope;
import dev.motioncontrol.freepik.api.TaskListEnvelope;
import dev.motioncontrol.freepik.api.WireFormatException;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes the provider's JSON through the wire module ({@link FreepikJson}), which checks every
 * shape it relies on: what it cannot read is an {@link UnexpectedAnswer} that names what was wrong, never an
 * unchecked exception. Every text it takes from an answer into a message (a quote, the provider's message, the
 * reasons of a 400) has the secret replaced first, and is then cut short and put on one line, so that
 * neither a part of the secret nor a forged log line can come out of it.
 */
final class ProviderJson {

    /** How much of an unreadable answer a message quotes. */
    private static final int QUOTE_LIMIT = 120;
    /** How much of the provider's own message, or of a reason it gives, is kept. */
    static final int MESSAGE_LIMIT = 500;
    /** Line breaks, control and format characters (which could forge or hide log lines), and runs of space. */
    private static final Pattern NOT_ONE_LINE = Pattern.compile("[\\s\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\u0085]+");

    private final Redactor redactor;

    /** Reads answers, replacing {@code secret} wherever it appears in what it quotes. */
    ProviderJson(String secret) {
        this.redactor = new Redactor(secret);
    }

    static Buffer encode(SubmitBody body) {
        return Buffer.buffer(FreepikJson.write(body));
    }

    TaskEnvelope taskEnvelope(Buffer body) throws UnexpectedAnswer {
        try {
            return FreepikJson.readTaskEnvelope(bytes(body));
        } catch (WireFormatException e) {
            throw unexpected(e);
        }
    }

    TaskListEnvelope taskListEnvelope(Buffer body) throws UnexpectedAnswer {
        try {
            return FreepikJson.readTaskList(bytes(body));
        } catch (WireFormatException e) {
            throw unexpected(e);
        }
    }

    /**
     * The error body in either documented shape, every text of it as a message may carry it;
     * {@link ErrorBody#EMPTY} when there is none to read.
     */
    ErrorBody errorBody(Buffer body) {
        ErrorBody error = FreepikJson.readError(bytes(body));
        List<InvalidParam> params = new ArrayList<>(error.invalidParams().size());
        for (InvalidParam param : error.invalidParams()) {
            params.add(new InvalidParam(said(param.name()), said(param.reason())));
        }
        return new ErrorBody(error.message() == null ? null : said(error.message()), params);
    }

    private static byte[] bytes(Buffer body) {
        return body == null ? new byte[0] : body.getBytes();
    }

    /** What the wire module found wrong, as the message may carry it: the secret out, one line, cut short. */
    private UnexpectedAnswer unexpected(WireFormatException e) {
        return new UnexpectedAnswer(oneLine(redacted(e.getMessage()), 2 * QUOTE_LIMIT));
    }

    /** A text of the provider's, as a message may carry it: the secret replaced, on one line, cut short. */
    private String said(String text) {
        return oneLine(redacted(text), MESSAGE_LIMIT);
    }

    private String redacted(String text) {
        return redactor.redacted(text);
    }

    /**
     * {@code text} on one line (line breaks, control and format characters and runs of space made one space)
     * and at most {@code limit} characters long, with "..." when cut. Only a bounded head of the text is
     * looked at, so a megabyte of answer costs no more than a short one.
     */
    static String oneLine(String text, int limit) {
        String head = text.length() > 4L * limit + 16 ? text.substring(0, 4 * limit + 16) : text;
        String flat = NOT_ONE_LINE.matcher(head).replaceAll(" ").strip();
        if (flat.length() <= limit && head.length() == text.length()) {
            return flat;
        }
        int end = Math.min(limit, flat.length());
        if (end > 0 && Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        return flat.substring(0, end) + "...";
    }

    /** An answer that is not what the provider documents; the message says what was wrong. */
    static final class UnexpectedAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        UnexpectedAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
