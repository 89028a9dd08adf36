package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.domain.TaskId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes the provider's JSON with Vert.x's {@link JsonObject}, checking every shape it relies
 * on: what it cannot read is an {@link UnexpectedAnswer} that names what was wrong, never an unchecked
 * exception. Every text it takes from an answer into a message (a quote, the provider's message, the
 * reasons of a 400) has the secret replaced first, and is then cut short and put on one line, so that
 * neither a part of the secret nor a forged log line can come out of it.
 */
final class ProviderJson {

    /** How much of an unreadable answer a message quotes. */
    private static final int QUOTE_LIMIT = 120;
    /** How much of the provider's own message, or of a reason it gives, is kept. */
    static final int MESSAGE_LIMIT = 500;
    private static final String REDACTED = "[redacted]";
    /** Line breaks, control and format characters (which could forge or hide log lines), and runs of space. */
    private static final Pattern NOT_ONE_LINE = Pattern.compile("[\\s\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\u0085]+");

    private final String secret;

    /** Reads answers, replacing {@code secret} wherever it appears in what it quotes. */
    ProviderJson(String secret) {
        this.secret = secret;
    }

    static Buffer encode(SubmitRequestBody body) {
        JsonObject json = new JsonObject()
                .put("image_url", body.imageUrl())
                .put("video_url", body.videoUrl());
        if (body.prompt() != null) {
            json.put("prompt", body.prompt());
        }
        json.put("character_orientation", body.characterOrientation())
                .put("cfg_scale", body.cfgScale());
        if (body.webhookUrl() != null) {
            json.put("webhook_url", body.webhookUrl());
        }
        return json.toBuffer();
    }

    TaskEnvelope taskEnvelope(Buffer body) throws UnexpectedAnswer {
        Object data = object(body).getValue("data");
        if (!(data instanceof JsonObject task)) {
            throw new UnexpectedAnswer("the answer has no \"data\" object");
        }
        return new TaskEnvelope(task(task, "data"));
    }

    TaskListEnvelope taskListEnvelope(Buffer body) throws UnexpectedAnswer {
        Object data = object(body).getValue("data");
        if (!(data instanceof JsonArray tasks)) {
            throw new UnexpectedAnswer("the answer has no \"data\" array");
        }
        List<TaskBody> bodies = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            if (!(tasks.getValue(i) instanceof JsonObject task)) {
                throw new UnexpectedAnswer("data[" + i + "] is not an object");
            }
            bodies.add(task(task, "data[" + i + "]"));
        }
        return new TaskListEnvelope(bodies);
    }

    /** The error body in either documented shape; {@link ErrorBody#EMPTY} when there is none to read. */
    ErrorBody errorBody(Buffer body) {
        JsonObject json;
        try {
            json = object(body);
        } catch (UnexpectedAnswer unreadable) {
            return ErrorBody.EMPTY;
        }
        if (json.getValue("problem") instanceof JsonObject problem) {
            json = problem;
        }
        String message = json.getValue("message") instanceof String text && !text.isBlank()
                ? said(text) : null;
        List<InvalidParam> params = new ArrayList<>();
        if (json.getValue("invalid_params") instanceof JsonArray array) {
            for (Object entry : array) {
                if (entry instanceof JsonObject param) {
                    String name = param.getValue("name") instanceof String text && !text.isBlank()
                            ? said(text) : "request";
                    String reason = param.getValue("reason") instanceof String text && !text.isBlank()
                            ? said(text) : "was rejected by the provider";
                    params.add(new InvalidParam(name, reason));
                }
            }
        }
        return new ErrorBody(message, params);
    }

    private TaskBody task(JsonObject task, String where) throws UnexpectedAnswer {
        if (!(task.getValue("task_id") instanceof String id)) {
            throw new UnexpectedAnswer(where + ".task_id is missing or not a string");
        }
        if (!TaskId.isWellFormed(id)) {
            throw new UnexpectedAnswer(where + ".task_id is not a valid task id: " + quoted(id));
        }
        if (!(task.getValue("status") instanceof String status) || status.isBlank()) {
            throw new UnexpectedAnswer(where + ".status is missing or not a string");
        }
        Object generated = task.getValue("generated");
        List<String> urls = new ArrayList<>();
        if (generated instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (!(array.getValue(i) instanceof String url)) {
                    throw new UnexpectedAnswer(where + ".generated[" + i + "] is not a string");
                }
                if (!isAbsoluteUri(url)) {
                    throw new UnexpectedAnswer(where + ".generated[" + i + "] is not an absolute URL: " + quoted(url));
                }
                urls.add(url);
            }
        } else if (generated != null) {
            throw new UnexpectedAnswer(where + ".generated is not an array of URLs");
        }
        return new TaskBody(id, status, urls);
    }

    private JsonObject object(Buffer body) throws UnexpectedAnswer {
        if (body == null || body.length() == 0) {
            throw new UnexpectedAnswer("the answer has no body");
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new UnexpectedAnswer("the answer is not a JSON object: " + quoted(body.toString()));
        }
    }

    private static boolean isAbsoluteUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A text of the provider's, as a message may carry it: the secret replaced, on one line, cut short. */
    private String said(String text) {
        return oneLine(redacted(text), MESSAGE_LIMIT);
    }

    private String quoted(String text) {
        // The secret goes first: cut first, and a part of it could survive at the cut.
        return '"' + oneLine(redacted(text), QUOTE_LIMIT) + '"';
    }

    private String redacted(String text) {
        return text.replace(secret, REDACTED);
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
