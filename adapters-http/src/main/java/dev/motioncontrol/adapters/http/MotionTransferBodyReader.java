package dev.motioncontrol.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a submit body strictly, because a paid request must never be silently misread: exactly one JSON
 * object; strings where strings belong and numbers where numbers belong (no {@code "0.5"} for 0.5); no
 * field the API does not know; no field twice. JSON {@code null} means the field is absent.
 *
 * <p>Whatever it can pin on a field (a wrong type, an unknown or repeated field) it returns as an
 * {@link InvalidParam} next to the fields it could read, so that the use case reports it together with
 * every other rule the request breaks. Only a body that is not one JSON object at all is refused outright.
 */
final class MotionTransferBodyReader {

    /** The fields of the submit body, in the provider's order. */
    static final List<String> FIELDS = List.of(
            "image_url", "video_url", "webhook_url", "prompt", "character_orientation", "cfg_scale");

    /** A field name longer than this is cut short where it is echoed back. */
    private static final int MAX_ECHOED_NAME = 100;
    private static final int MAX_ECHOED_MESSAGE = 200;

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** The outcome of reading a body. */
    sealed interface Reading {
    }

    /** A JSON object: the fields that could be read, and what was wrong with the others. */
    record Readable(MotionTransferBody body, List<InvalidParam> unreadable) implements Reading {
        Readable {
            unreadable = List.copyOf(unreadable);
        }
    }

    /** Not one JSON object: nothing in it can be trusted. */
    record Unreadable(ErrorBody error) implements Reading {
    }

    private MotionTransferBodyReader() {
    }

    static Reading read(byte[] body) {
        Progress progress = new Progress();
        try (JsonParser parser = JSON.createParser(body)) {
            return read(parser, progress);
        } catch (JsonProcessingException e) {
            return notJson(e, progress.valueOf);
        } catch (IOException e) {
            // A parser over a byte array does no I/O; whatever it was, the body could not be read.
            return unreadable("The request body could not be read as JSON.");
        }
    }

    /** Which top-level field's value is being read, so that a syntax error inside it can name the field. */
    private static final class Progress {
        String valueOf;
    }

    private static Reading read(JsonParser parser, Progress progress) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return unreadable("The request body is empty; send a JSON object.");
        }
        if (first != JsonToken.START_OBJECT) {
            skipValue(parser);
            return unreadable("The request body must be a JSON object, not " + describe(first) + ".");
        }
        Fields fields = new Fields();
        List<InvalidParam> unreadable = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            progress.valueOf = name;
            JsonToken value = parser.nextToken();
            if (!seen.add(name)) {
                skipValue(parser);
                unreadable.add(new InvalidParam(echo(name), "appears more than once; send each field once"));
            } else {
                String problem = fields.read(name, value, parser);
                if (problem != null) {
                    unreadable.add(new InvalidParam(echo(name), problem));
                }
            }
            progress.valueOf = null;
        }
        if (parser.nextToken() != null) {
            return unreadable("The request body must be one JSON object; something follows it at "
                    + where(parser) + ".");
        }
        return new Readable(fields.body(), unreadable);
    }

    /** The known fields as read so far. */
    private static final class Fields {
        private String imageUrl;
        private String videoUrl;
        private String webhookUrl;
        private String prompt;
        private String characterOrientation;
        private Double cfgScale;

        /** Reads the value at the parser into field {@code name}; why it could not, if it could not. */
        String read(String name, JsonToken value, JsonParser parser) throws IOException {
            switch (name) {
                case "image_url":
                    return text(value, parser, v -> imageUrl = v);
                case "video_url":
                    return text(value, parser, v -> videoUrl = v);
                case "webhook_url":
                    return text(value, parser, v -> webhookUrl = v);
                case "prompt":
                    return text(value, parser, v -> prompt = v);
                case "character_orientation":
                    return text(value, parser, v -> characterOrientation = v);
                case "cfg_scale":
                    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                        // A number too large for a double becomes an infinity, which the domain refuses.
                        cfgScale = parser.getDoubleValue();
                        return null;
                    }
                    return wrongType(value, parser, "must be a number");
                default:
                    skipValue(parser);
                    return unknownField(name);
            }
        }

        MotionTransferBody body() {
            return new MotionTransferBody(imageUrl, videoUrl, webhookUrl, prompt, characterOrientation, cfgScale);
        }

        private static String text(JsonToken value, JsonParser parser, Consumer<String> field)
                throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                field.accept(parser.getText());
                return null;
            }
            return wrongType(value, parser, "must be a string");
        }

        private static String wrongType(JsonToken value, JsonParser parser, String expected) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            skipValue(parser);
            return expected + ", not " + describe(value);
        }
    }

    private static String unknownField(String name) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String known : FIELDS) {
            int distance = EditDistance.between(lower, known, best);
            if (distance < best) {
                best = distance;
                closest = known;
            }
        }
        // Close enough to be a typo: at most a third of the known name's letters are off.
        if (closest != null && best <= Math.max(1, closest.length() / 3)) {
            return "is not a known field; did you mean " + closest + "?";
        }
        return "is not a known field; the known fields are " + String.join(", ", FIELDS);
    }

    private static void skipValue(JsonParser parser) throws IOException {
        // Reads to the end of an array or object so that its syntax is still checked.
        parser.skipChildren();
    }

    private static Reading notJson(JsonProcessingException e, String field) {
        String reason = e.getOriginalMessage();
        if (reason == null || reason.isBlank()) {
            reason = "malformed JSON";
        } else if (reason.startsWith("Non-standard token")) {
            reason = "NaN and Infinity are not JSON numbers";
            // Such a token can only be a value, and Jackson reads a value together with its field's
            // name, so the field is the one the parser last named.
            if (field == null) {
                field = topLevelName(e);
            }
        }
        reason = firstLine(reason);
        if (reason.length() > MAX_ECHOED_MESSAGE) {
            reason = reason.substring(0, MAX_ECHOED_MESSAGE) + "…";
        }
        String message = "The request body is not valid JSON: " + reason
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ")");
        if (field != null) {
            return new Unreadable(new ErrorBody(message,
                    List.of(new InvalidParam(echo(field), "is not valid JSON: " + reason))));
        }
        return unreadable(message);
    }

    /** The name of the top-level field the parser was in when it failed, if it was in one. */
    private static String topLevelName(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return null;
        }
        JsonStreamContext context = parser.getParsingContext();
        while (context != null && context.getParent() != null && !context.getParent().inRoot()) {
            context = context.getParent();
        }
        return context != null && context.inObject() ? context.getCurrentName() : null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String where(JsonParser parser) {
        return "line " + parser.currentTokenLocation().getLineNr() + ", column "
                + parser.currentTokenLocation().getColumnNr();
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.asString() == null ? token.name() : token.asString();
        }
    }

    private static String echo(String name) {
        if (name.length() <= MAX_ECHOED_NAME) {
            return name;
        }
        return name.substring(0, MAX_ECHOED_NAME) + "…";
    }

    private static Reading unreadable(String message) {
        return new Unreadable(new ErrorBody(message));
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once it cannot be below {@code limit}. */
    static final class EditDistance {

        private EditDistance() {
        }

        static int between(String a, String b, int limit) {
            if (Math.abs(a.length() - b.length()) >= limit) {
                return limit;
            }
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                int rowMin = current[0];
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                    rowMin = Math.min(rowMin, current[j]);
                }
                if (rowMin >= limit) {
                    return limit;
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return Math.min(previous[b.length()], limit);
        }
    }
}
