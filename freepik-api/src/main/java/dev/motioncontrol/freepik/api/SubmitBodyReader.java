package dev.motioncontrol.freepik.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Reads a client's submit body strictly, because a paid request must never be silently misread: one JSON
 * object, strings where strings belong and numbers where numbers belong ({@code "0.5"} is not a number), no
 * key twice. JSON {@code null} means the field is absent.
 *
 * <p>A field the API does not know is judged by the {@link UnknownFields} policy, except one that looks like
 * a typo of a known field ({@code promt}, {@code image_ur}, {@code cfgscale}): that is always a problem, with
 * a "did you mean", since sending the request without it would lose what the caller meant to pay for.
 *
 * <p>Text must be text, since it is forwarded to a paid request: the body is UTF-8 (RFC 8259), read strictly by the
 * JDK's decoder, so that overlong forms, encoded surrogates and code points above U+10FFFF are refused rather than
 * guessed at; a UTF-8 byte order mark is skipped. A body in UTF-16 or UTF-32 (told by its byte order mark, or by
 * the zero bytes its first, ASCII, character has) is {@link Unsupported}. A JSON escape that makes a lone or
 * reversed surrogate (the escape {@code \\ud800} alone) is no character either. Each is a problem of the field
 * it is in.
 *
 * <p>Whatever it can pin on a field it returns as an {@link InvalidParam} beside the fields it could read, so
 * that the caller reports it together with every other rule the request breaks. Only a body that is not one
 * JSON object is refused outright.
 */
public final class SubmitBodyReader {

    /** What becomes of a field that is not the API's and not a likely typo of one. */
    public enum UnknownFields {
        /** Left out of the request, and named in {@link Readable#ignored()} (the provider ignores them too). */
        IGNORE,
        /** A problem of the request, like a typo. */
        REJECT
    }

    /** The outcome of reading a body. */
    public sealed interface Reading {
    }

    /**
     * A JSON object: the fields that could be read, what was wrong with the others, and the unknown fields
     * left out under {@link UnknownFields#IGNORE}.
     */
    public record Readable(SubmitBody body, List<InvalidParam> problems, List<String> ignored) implements Reading {
        public Readable {
            Objects.requireNonNull(body, "body");
            problems = List.copyOf(problems);
            ignored = List.copyOf(ignored);
        }
    }

    /** Not one JSON object: nothing in it can be trusted. */
    public record Unreadable(ErrorBody error) implements Reading {
    }

    /** Not in UTF-8 (but in UTF-16 or UTF-32): a media type the API does not take. */
    public record Unsupported(ErrorBody error) implements Reading {
    }

    /** A field name longer than this is cut short where it is echoed back. */
    private static final int MAX_ECHOED_NAME = 100;
    private static final int MAX_ECHOED_MESSAGE = 200;

    /** The API's fields, as {@link SubmitBody} declares them, with their JSON kinds. */
    private static final Map<String, JsonNodeType> FIELDS = fields();
    /** Reads the checked fields into a body, its deserializer found once rather than on every read. */
    private static final ObjectReader BODY = FreepikJson.mapper().readerFor(SubmitBody.class);

    private SubmitBodyReader() {
    }

    /** The names of the submit body's fields, in the provider's order. */
    public static List<String> fieldNames() {
        return List.copyOf(FIELDS.keySet());
    }

    public static Reading read(byte[] body, UnknownFields unknownFields) {
        Objects.requireNonNull(unknownFields, "unknownFields");
        if (body == null || body.length == 0) {
            return unreadable("The request body is empty; send a JSON object.");
        }
        String otherEncoding = otherEncoding(body);
        if (otherEncoding != null) {
            return new Unsupported(new ErrorBody("The request body is in " + otherEncoding
                    + "; JSON is sent in UTF-8 (RFC 8259), and no other encoding is supported."));
        }
        Text text = Text.of(body);
        JsonNode root;
        try {
            root = text.tree();
        } catch (JsonProcessingException e) {
            if (text.firstInvalidByte() >= 0) {
                return unreadable(text.invalidUtf8());
            }
            return notJson(e);
        } catch (IOException e) {
            return unreadable("The request body could not be read as JSON.");
        }
        if (root == null || root.isMissingNode()) {
            return unreadable("The request body is empty; send a JSON object.");
        }
        if (!root.isObject()) {
            return unreadable("The request body must be a JSON object, not " + describe(root.getNodeType()) + ".");
        }
        ObjectNode known = FreepikJson.mapper().createObjectNode();
        List<InvalidParam> problems = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNodeType expected = FIELDS.get(name);
            String notText = text.problemWith(name, value);
            if (notText != null) {
                problems.add(new InvalidParam(printable(echo(name)), notText));
            } else if (expected == null) {
                String typoOf = likelyTypoOf(name);
                if (typoOf != null) {
                    problems.add(new InvalidParam(echo(name), "is not a known field; did you mean " + typoOf + "?"));
                } else if (unknownFields == UnknownFields.REJECT) {
                    problems.add(new InvalidParam(echo(name),
                            "is not a known field; the known fields are " + String.join(", ", FIELDS.keySet())));
                } else {
                    ignored.add(printable(echo(name)));
                }
            } else if (value.isNull()) {
                continue;
            } else if (value.getNodeType() != expected) {
                problems.add(new InvalidParam(name, "must be " + describe(expected) + ", not " + describe(value.getNodeType())));
            } else {
                known.set(name, value);
            }
        }
        SubmitBody read;
        try {
            read = BODY.readValue(known);
        } catch (JsonProcessingException e) {
            // Each value was checked against its field's kind above; the mapper is stricter still.
            return unreadable("The request body could not be read: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return unreadable("The request body could not be read as JSON.");
        }
        return new Readable(read, problems, ignored);
    }

    /**
     * {@code name} as it may go into a header or a log line: visible ASCII only, no comma (the list's
     * separator); anything else becomes {@code ?}. A field's name is the client's text, and it is named back
     * after the task was paid for, so it must never be what makes the answer fail.
     */
    static String printable(String name) {
        StringBuilder safe = new StringBuilder(name.length());
        name.codePoints().forEach(c -> safe.append(c > ' ' && c < 0x7f && c != ',' ? (char) c : '?'));
        return safe.toString();
    }

    /**
     * The known field {@code name} is most likely a typo of: the same letters without {@code _} or in
     * another case ({@code cfgscale}, {@code webhookUrl}), the start of one ({@code webhook}, {@code cfg},
     * {@code image}), or at most a third of its letters off ({@code promt}, {@code image_ur}). {@code null}
     * when it is none's.
     */
    static String likelyTypoOf(String name) {
        String squeezed = squeeze(name);
        if (squeezed.length() >= 3) {
            for (String known : FIELDS.keySet()) {
                if (squeeze(known).startsWith(squeezed)) {
                    return known;
                }
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String known : FIELDS.keySet()) {
            if (squeeze(known).equals(squeezed)) {
                return known;
            }
            // -1 when further than the threshold, which keeps a long unknown name cheap.
            int distance = new LevenshteinDistance(Math.max(1, known.length() / 3)).apply(lower, known);
            if (distance >= 0 && distance < best) {
                best = distance;
                closest = known;
            }
        }
        return closest;
    }

    private static String squeeze(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static Map<String, JsonNodeType> fields() {
        BeanDescription description = FreepikJson.mapper().getDeserializationConfig()
                .introspect(FreepikJson.mapper().constructType(SubmitBody.class));
        Map<String, JsonNodeType> fields = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            Class<?> type = property.getRawPrimaryType();
            fields.put(property.getName(), Number.class.isAssignableFrom(type) ? JsonNodeType.NUMBER : JsonNodeType.STRING);
        }
        return fields;
    }

    private static Reading notJson(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        boolean duplicate = reason != null && reason.startsWith("Duplicate field");
        String field = topLevelName(e, duplicate);
        if (duplicate && field != null) {
            return new Unreadable(new ErrorBody(FreepikHeaders.INVALID_REQUEST_MESSAGE,
                    List.of(new InvalidParam(echo(field), "appears more than once; send each field once"))));
        }
        if (reason == null || reason.isBlank()) {
            reason = "malformed JSON";
        } else if (reason.startsWith("Non-standard token")) {
            reason = "NaN and Infinity are not JSON numbers";
        } else if (reason.startsWith("Trailing token")) {
            return unreadable("The request body must be one JSON object; something follows it"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr()) + ".");
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
    private static String topLevelName(JsonProcessingException e, boolean atName) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return null;
        }
        JsonStreamContext context = parser.getParsingContext();
        if (!atName && context != null && context.inObject() && context.getParent() != null && context.getParent().inRoot()
                && parser.currentToken() != JsonToken.FIELD_NAME) {
            // In the body itself, between fields: the last field's value was whole, the fault is not its.
            return null;
        }
        while (context != null && context.getParent() != null && !context.getParent().inRoot()) {
            context = context.getParent();
        }
        return context != null && context.inObject() ? context.getCurrentName() : null;
    }

    private static String describe(JsonNodeType type) {
        switch (type) {
            case ARRAY:
                return "an array";
            case OBJECT:
            case POJO:
                return "an object";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return type.name().toLowerCase(Locale.ROOT);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "malformed";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String echo(String name) {
        return name.length() <= MAX_ECHOED_NAME ? name : name.substring(0, MAX_ECHOED_NAME) + "…";
    }

    private static Reading unreadable(String message) {
        return new Unreadable(new ErrorBody(message));
    }

    /**
     * The encoding a body is in when it is UTF-16 or UTF-32, told by its byte order mark or, without one, by where
     * its first character's zero bytes are (RFC 4627, section 3): {@code null} for anything else.
     */
    static String otherEncoding(byte[] body) {
        int b0 = body[0] & 0xff;
        int b1 = body.length > 1 ? body[1] & 0xff : -1;
        int b2 = body.length > 2 ? body[2] & 0xff : -1;
        int b3 = body.length > 3 ? body[3] & 0xff : -1;
        if (b0 == 0 && b1 == 0 && (b2 == 0xfe && b3 == 0xff || b2 == 0 && b3 > 0)) {
            return "UTF-32BE";
        }
        if (b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0 || b0 > 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            return "UTF-32LE";
        }
        if (b0 == 0xfe && b1 == 0xff || b0 == 0 && b1 > 0) {
            return "UTF-16BE";
        }
        if (b0 == 0xff && b1 == 0xfe || b0 > 0 && b1 == 0) {
            return "UTF-16LE";
        }
        return null;
    }

    /**
     * A body's bytes as text: ASCII as it is (most bodies, parsed from the bytes as before), anything else decoded
     * strictly as UTF-8 when it is, else leniently (each invalid sequence one U+FFFD) with the offset of the first
     * invalid byte, so that the fields it fell in can be named.
     *
     * @param ascii the body when it is all ASCII, else {@code null}
     * @param json  the decoded body when it is not all ASCII, else {@code null}
     */
    private record Text(byte[] ascii, String json, int firstInvalidByte) {

        private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

        static Text of(byte[] body) {
            if (isAscii(body)) {
                return new Text(body, null, -1);
            }
            int start = body.length >= 3 && body[0] == UTF8_BOM[0] && body[1] == UTF8_BOM[1] && body[2] == UTF8_BOM[2]
                    ? 3 : 0;
            ByteBuffer bytes = ByteBuffer.wrap(body, start, body.length - start);
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                return new Text(null, strict.decode(bytes).toString(), -1);
            } catch (CharacterCodingException invalid) {
                return new Text(null, new String(body, start, body.length - start, StandardCharsets.UTF_8),
                        firstInvalid(body, start));
            }
        }

        private static boolean isAscii(byte[] body) {
            for (byte b : body) {
                if (b < 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The body's JSON tree: from the ASCII bytes, or from the decoded text (never from other bytes: Jackson
         * would take UTF-16 and UTF-32 too, and read invalid UTF-8 leniently).
         */
        JsonNode tree() throws IOException {
            return ascii != null ? FreepikJson.mapper().readTree(ascii) : FreepikJson.mapper().readTree(json);
        }

        /** The offset of the first byte the strict decoder refuses. */
        private static int firstInvalid(byte[] body, int start) {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer bytes = ByteBuffer.wrap(body, start, body.length - start);
            CharBuffer chars = CharBuffer.allocate(body.length);
            CoderResult result = strict.decode(bytes, chars, true);
            return result.isError() ? bytes.position() : body.length;
        }

        String invalidUtf8() {
            return "The request body is not valid UTF-8: the bytes at offset " + firstInvalidByte
                    + " are no character (an overlong form, a surrogate, a code point above U+10FFFF, or a broken "
                    + "sequence).";
        }

        /**
         * Why the field {@code name} with {@code value} is not text, or {@code null}: it holds bytes that were not
         * UTF-8, or a JSON escape that is a lone surrogate.
         */
        String problemWith(String name, JsonNode value) {
            if (firstInvalidByte >= 0 && (name.indexOf('\ufffd') >= 0 || anyText(value, t -> t.indexOf('\ufffd') >= 0))) {
                return "is not valid UTF-8: it holds bytes that are no character (the body's first is at offset "
                        + firstInvalidByte + ")";
            }
            int lone = loneSurrogate(name);
            if (lone < 0) {
                int[] found = {-1};
                anyText(value, t -> (found[0] = loneSurrogate(t)) >= 0);
                lone = found[0];
            }
            if (lone >= 0) {
                return String.format("holds the escape \\u%04x, a lone surrogate, which is no character", lone);
            }
            return null;
        }

        /** Whether a text in {@code value} (a string, or one nested in it, names included) passes {@code test}. */
        private static boolean anyText(JsonNode value, java.util.function.Predicate<String> test) {
            if (value.isTextual()) {
                return test.test(value.textValue());
            }
            if (value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (test.test(field.getKey()) || anyText(field.getValue(), test)) {
                        return true;
                    }
                }
            } else if (value.isArray()) {
                for (JsonNode element : value) {
                    if (anyText(element, test)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The first surrogate of {@code text} that is not half of a pair, or -1. */
        private static int loneSurrogate(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return c;
                }
            }
            return -1;
        }
    }
}
