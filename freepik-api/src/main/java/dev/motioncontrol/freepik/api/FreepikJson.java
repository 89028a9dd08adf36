package dev.motioncontrol.freepik.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.TaskId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one configured Jackson {@link ObjectMapper} of the API, and what it reads and writes. Property names
 * are the provider's snake_case, taken from the records' components. Strict wherever a misread would cost:
 * no scalar coercion ({@code "0.5"} is not a number, {@code 1} is not a string), a key twice in one object is
 * an error, nothing may follow the value. Unknown properties are ignored by the mapper itself: the provider
 * may add fields to its answers, and the submit reader applies its own policy to a client's.
 */
public final class FreepikJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    // The fixed parts of a task envelope, {"data":{"task_id":"…","status":"…","generated":["…",…]}}; the values go
    // in between, quoted by Jackson's own string encoder.
    private static final JsonStringEncoder QUOTED = JsonStringEncoder.getInstance();
    private static final byte[] ENVELOPE_TASK_ID = ascii("{\"data\":{\"task_id\":\"");
    private static final byte[] ENVELOPE_STATUS = ascii("\",\"status\":\"");
    private static final byte[] ENVELOPE_GENERATED = ascii("\",\"generated\":[");
    private static final byte[] QUOTE = ascii("\"");
    private static final byte[] COMMA_QUOTE = ascii(",\"");
    private static final byte[] ENVELOPE_END = ascii("]}}");

    private FreepikJson() {
    }

    /** Whether {@code text} is there and ASCII (the generator writes other characters in ways of its own). */
    private static boolean isAscii(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The configured mapper, for reading and writing the API's records. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as JSON bytes: a record of this package, or another record with snake_case names. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Records of plain values always serialise; this would be a bug in a record.
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * {@code envelope} as JSON bytes, the same bytes as {@link #write(Object)} gives, its fixed parts written as they
     * are and its values quoted by Jackson's string encoder: a status or submit answer is the hot path of the API, and
     * the mapper's lookup of the records' serializers, or a generator made for each answer, costs more than writing
     * the three fields (an envelope with a missing part, or with text beyond ASCII, goes through the mapper).
     */
    public static byte[] writeEnvelope(TaskEnvelope envelope) {
        TaskBody task = envelope.data();
        if (task == null || !isAscii(task.taskId()) || !isAscii(task.status()) || task.generated() == null) {
            return write(envelope);
        }
        for (String url : task.generated()) {
            if (!isAscii(url)) {
                return write(envelope);
            }
        }
        ByteArrayBuilder bytes = new ByteArrayBuilder(128);
        bytes.write(ENVELOPE_TASK_ID);
        bytes.write(QUOTED.quoteAsUTF8(task.taskId()));
        bytes.write(ENVELOPE_STATUS);
        bytes.write(QUOTED.quoteAsUTF8(task.status()));
        bytes.write(ENVELOPE_GENERATED);
        for (int i = 0; i < task.generated().size(); i++) {
            bytes.write(i == 0 ? QUOTE : COMMA_QUOTE);
            bytes.write(QUOTED.quoteAsUTF8(task.generated().get(i)));
            bytes.write(QUOTE);
        }
        bytes.write(ENVELOPE_END);
        return bytes.toByteArray();
    }

    /** A submit or status answer, {@code {"data":{task}}}, every part of the task checked. */
    public static TaskEnvelope readTaskEnvelope(byte[] json) throws WireFormatException {
        JsonNode root = tree(json);
        if (!root.path("data").isObject()) {
            throw new WireFormatException("the answer has no \"data\" object");
        }
        TaskEnvelope envelope = convert(root, TaskEnvelope.class);
        check(envelope.data(), "data");
        return envelope;
    }

    /** A list answer, {@code {"data":[task, …]}}, every task checked. */
    public static TaskListEnvelope readTaskList(byte[] json) throws WireFormatException {
        JsonNode root = tree(json);
        if (!root.path("data").isArray()) {
            throw new WireFormatException("the answer has no \"data\" array");
        }
        TaskListEnvelope envelope = convert(root, TaskListEnvelope.class);
        for (int i = 0; i < envelope.data().size(); i++) {
            if (envelope.data().get(i) == null) {
                throw new WireFormatException("data[" + i + "] is not an object");
            }
            check(envelope.data().get(i), "data[" + i + "]");
        }
        return envelope;
    }

    /**
     * An error answer in either documented shape, {@code {"message","invalid_params"}} or the same under
     * {@code "problem"}, read leniently: what cannot be read is left out, a parameter without a name is the
     * {@code request}'s, and a body that is no JSON object is {@link ErrorBody#EMPTY}.
     */
    public static ErrorBody readError(byte[] json) {
        JsonNode root;
        try {
            root = tree(json);
        } catch (WireFormatException unreadable) {
            return ErrorBody.EMPTY;
        }
        if (root.path("problem").isObject()) {
            root = root.get("problem");
        }
        String message = text(root.get("message"));
        List<InvalidParam> params = new ArrayList<>();
        for (JsonNode param : root.path("invalid_params")) {
            if (param.isObject()) {
                String name = text(param.get("name"));
                String reason = text(param.get("reason"));
                params.add(new InvalidParam(name == null ? "request" : name,
                        reason == null ? "was rejected by the provider" : reason));
            }
        }
        return new ErrorBody(message, params);
    }

    /**
     * The task a webhook reports: {@code {task}} as the provider posts it, or {@code {"data":{task}}} like
     * the API's answers. Empty when the body is not such a task.
     */
    public static Optional<TaskBody> readReportedTask(byte[] json) {
        try {
            JsonNode root = tree(json);
            if (!root.has("task_id") && root.path("data").isObject()) {
                root = root.get("data");
            }
            TaskBody task = convert(root, TaskBody.class);
            check(task, "task");
            return Optional.of(task);
        } catch (WireFormatException notATask) {
            return Optional.empty();
        }
    }

    /** The body as a JSON object: syntax, duplicate keys and trailing content checked. */
    static JsonNode tree(byte[] json) throws WireFormatException {
        if (json == null || json.length == 0) {
            throw new WireFormatException("there is no body");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new WireFormatException("the body is not a JSON object: " + message(e));
        }
        if (root == null || !root.isObject()) {
            throw new WireFormatException("the body is not a JSON object");
        }
        return root;
    }

    private static <T> T convert(JsonNode node, Class<T> type) throws WireFormatException {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (MismatchedInputException e) {
            throw new WireFormatException(where(e) + " is not " + kind(e.getTargetType()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new WireFormatException(where(e) + ": " + message(e));
        }
    }

    /**
     * The longest generated URL taken in: the provider's signed download links run longer than a client's URLs
     * ({@link HttpUrl#MAX_LENGTH}), but not without end.
     */
    public static final int MAX_GENERATED_URL_LENGTH = 8192;

    /**
     * What a task must be to be taken in: a well-formed id, a status, and videos at {@code http} or {@code https}
     * URLs with a host and no credentials (a {@code javascript:} or {@code file:} URL is no video to hand a client).
     */
    private static void check(TaskBody task, String where) throws WireFormatException {
        if (task.taskId() == null) {
            throw new WireFormatException(where + ".task_id is missing");
        }
        if (!TaskId.isWellFormed(task.taskId())) {
            throw new WireFormatException(where + ".task_id is not a valid task id: \"" + task.taskId() + '"');
        }
        if (task.status() == null || task.status().isBlank()) {
            throw new WireFormatException(where + ".status is missing or blank");
        }
        for (int i = 0; i < task.generated().size(); i++) {
            String url = task.generated().get(i);
            if (url == null) {
                throw new WireFormatException(where + ".generated[" + i + "] is not a string");
            }
            Optional<String> problem = HttpUrl.problemWith(url, MAX_GENERATED_URL_LENGTH);
            if (problem.isPresent()) {
                // Not quoted: a URL may carry a secret in any encoding, and the message may reach a client.
                throw new WireFormatException(where + ".generated[" + i + "] " + problem.get());
            }
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String where(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            return path.toString();
        }
        return "the body";
    }

    /** What a value of {@code type} is on the wire. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "of the documented type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String message(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
