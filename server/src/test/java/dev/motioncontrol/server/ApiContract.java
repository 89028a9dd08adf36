package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The API document as a judge of real answers: which documented operation a request reached, and whether its answer
 * is one that operation documents, with the status, the headers, the content type and a body of the schema it names
 * (JSON Schema 2020-12, as OpenAPI 3.1 has it). A status the operation does not document fails, and so does an
 * answer to an undocumented path or method other than the documented 404, or 405 with an {@code Allow} that names
 * exactly the documented methods.
 */
final class ApiContract {

    /** One request and its answer, as they went over the wire. */
    record Exchange(String method, String path, int status, Map<String, String> headers, byte[] body) {

        /** A header's value (names in any case), or {@code null}. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return new JsonObject(text());
        }
    }

    private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
            .setBaseUri("app://").setOutputFormat(OutputFormat.Basic);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final JsonObject document;
    private final List<Template> templates = new ArrayList<>();

    private record Template(String path, Pattern pattern, int literals) {
    }

    private ApiContract(JsonObject document) {
        this.document = document;
        for (String path : document.getJsonObject("paths").fieldNames()) {
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : path.substring(1).split("/", -1)) {
                boolean parameter = segment.startsWith("{") && segment.endsWith("}");
                regex.append('/').append(parameter ? "[^/]+" : Pattern.quote(segment));
                literals += parameter ? 0 : 1;
            }
            templates.add(new Template(path, Pattern.compile(path.equals("/") ? "/" : regex.toString()), literals));
        }
    }

    /** The contract of {@code json}, an OpenAPI 3.1 document whose {@code $ref}s are all within itself. */
    static ApiContract of(String json) {
        JsonObject raw = new JsonObject(json);
        SchemaRepository repository = SchemaRepository.create(OPTIONS);
        repository.dereference(JsonSchema.of(raw.copy()));
        return new ApiContract(repository.resolve(raw));
    }

    /** Fails unless {@code exchange}'s answer is one the document gives its request. */
    void check(Exchange exchange) {
        String where = exchange.method() + " " + exchange.path() + " → " + exchange.status();
        Template template = templateOf(exchange.path());
        if (template == null) {
            assertThat(exchange.status()).as("%s: an undocumented path", where).isEqualTo(404);
            checkAnswer(where, components("responses").getJsonObject("NotFound"), exchange);
            return;
        }
        JsonObject pathItem = document.getJsonObject("paths").getJsonObject(template.path());
        String method = exchange.method().toLowerCase(Locale.ROOT);
        JsonObject operation = pathItem.getJsonObject(method.equals("head") && !pathItem.containsKey("head")
                ? "get" : method);
        if (operation == null) {
            assertThat(exchange.status()).as("%s: a method %s does not document", where, template.path()).isEqualTo(405);
            checkAnswer(where, components("responses").getJsonObject("MethodNotAllowed"), exchange);
            assertThat(methods(exchange.header("Allow"))).as("%s: Allow", where).isEqualTo(allowed(pathItem));
            return;
        }
        JsonObject responses = operation.getJsonObject("responses");
        String status = Integer.toString(exchange.status());
        JsonObject response = responses.getJsonObject(status,
                responses.getJsonObject(status.charAt(0) + "XX"));
        if (response == null) {
            fail("%s: %s (%s) documents no %s answer; it documents %s", where, template.path(),
                    operation.getString("operationId"), status, responses.fieldNames());
        }
        checkAnswer(where + " (" + operation.getString("operationId") + ")", response, exchange);
    }

    /** A schema of the document's components, its references resolved. */
    JsonObject schema(String name) {
        return components("schemas").getJsonObject(name);
    }

    /** Fails unless {@code value} (JSON as decoded) is valid against {@code schema}. */
    static void validate(String where, JsonObject schema, Object value) {
        OutputUnit result = Validator.create(JsonSchema.of(schema.copy()), OPTIONS).validate(value);
        if (!Boolean.TRUE.equals(result.getValid())) {
            fail("%s: %s%n is not valid against its schema:%n%s", where, Json.encode(value),
                    result.toJson().encodePrettily());
        }
    }

    private JsonObject components(String kind) {
        return document.getJsonObject("components").getJsonObject(kind);
    }

    private Template templateOf(String path) {
        List<Template> matching = templates.stream().filter(template -> template.pattern().matcher(path).matches())
                .sorted((a, b) -> b.literals() - a.literals()).toList();
        if (matching.size() > 1 && matching.get(0).literals() == matching.get(1).literals()) {
            fail("%s matches two documented paths alike: %s and %s", path, matching.get(0).path(),
                    matching.get(1).path());
        }
        return matching.isEmpty() ? null : matching.get(0);
    }

    private void checkAnswer(String where, JsonObject response, Exchange exchange) {
        JsonObject headers = response.getJsonObject("headers", new JsonObject());
        for (String name : headers.fieldNames()) {
            JsonObject header = headers.getJsonObject(name);
            String value = exchange.header(name);
            if (value == null) {
                assertThat(header.getBoolean("required", false)).as("%s: the header %s is missing", where, name)
                        .isFalse();
            } else {
                JsonObject schema = header.getJsonObject("schema");
                validate(where + ", header " + name, schema, typed(where, name, schema, value));
            }
        }
        JsonObject content = response.getJsonObject("content", new JsonObject());
        boolean head = exchange.method().equals("HEAD");
        if (content.isEmpty()) {
            assertThat(exchange.body()).as("%s: an answer without content", where).isEmpty();
            return;
        }
        String contentType = exchange.header("Content-Type");
        assertThat(contentType).as("%s: Content-Type", where).isNotNull();
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String documented = content.fieldNames().stream()
                .filter(key -> key.equals(mediaType) || key.endsWith("/*")
                        && mediaType.startsWith(key.substring(0, key.length() - 1)))
                .findFirst()
                .orElseGet(() -> fail("%s: %s is not among the documented content types %s", where, mediaType,
                        content.fieldNames()));
        if (head) {
            assertThat(exchange.body()).as("%s: HEAD has no body", where).isEmpty();
            return;
        }
        assertThat(exchange.body()).as("%s: a body", where).isNotEmpty();
        JsonObject schema = content.getJsonObject(documented).getJsonObject("schema");
        if (documented.equals("application/json")) {
            Object body;
            try {
                body = Json.decodeValue(exchange.text());
            } catch (DecodeException e) {
                throw new AssertionError(where + ": the body is not JSON: " + exchange.text(), e);
            }
            validate(where, schema, body);
        } else if (documented.equals("text/event-stream")) {
            checkEvents(where, exchange.text());
        }
    }

    /** Every event of a stream: a status event's data is a task envelope, an error event's an error. */
    private void checkEvents(String where, String stream) {
        assertThat(stream).as("%s: a stream", where).isNotBlank();
        for (String event : stream.split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : event.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data = line.substring("data: ".length());
                } else {
                    assertThat(line).as("%s: a line of the stream", where).matches("id: [0-9]+|: keep-alive|");
                }
            }
            if (name == null) {
                assertThat(data).as("%s: data without an event", where).isNull();
                continue;
            }
            assertThat(name).as("%s: an event", where).isIn("status", "error");
            assertThat(data).as("%s: the data of an event", where).isNotNull();
            validate(where + ", event " + name, schema(name.equals("status") ? "TaskEnvelope" : "Error"),
                    Json.decodeValue(data));
        }
    }

    /** A header's text as the value its schema types it (an integer header is a number). */
    private static Object typed(String where, String name, JsonObject schema, String value) {
        if ("integer".equals(schema.getString("type"))) {
            assertThat(value).as("%s: the header %s is an integer", where, name).matches("-?[0-9]+");
            return Long.parseLong(value);
        }
        return value;
    }

    private static Set<String> methods(String allow) {
        assertThat(allow).as("Allow").isNotNull();
        Set<String> methods = new TreeSet<>();
        Arrays.stream(allow.split(",")).map(String::trim).forEach(methods::add);
        return methods;
    }

    /** The methods a path item documents, as {@code Allow} names them: a GET with its HEAD. */
    private static Set<String> allowed(JsonObject pathItem) {
        Set<String> methods = new TreeSet<>();
        for (String method : pathItem.fieldNames()) {
            if (METHODS.contains(method)) {
                methods.add(method.toUpperCase(Locale.ROOT));
                if (method.equals("get")) {
                    methods.add("HEAD");
                }
            }
        }
        return methods;
    }
}
