package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API document reads cleanly in two independent readers of OpenAPI (the reference parser, and the official OpenAPI
 * 3.1 schema as Vert.x checks a contract against it), and is complete where readers leave it to the author.
 */
class ApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static ApiDocument document;
    private static JsonNode tree;

    @BeforeAll
    static void read() throws Exception {
        document = ApiDocument.read();
        tree = new YAMLMapper().readTree(document.yaml());
    }

    @Test
    void theReferenceParserReadsItWithoutAnErrorOrAWarning() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document.yaml(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).hasSize(tree.get("paths").size());
    }

    @Test
    void itValidatesAgainstTheOfficialOpenApi31Schema() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject contract = new JsonObject(document.json());
            OutputUnit result = OpenAPIVersion.V3_1.getRepository(vertx, "app:///")
                    .compose(repository -> OpenAPIVersion.V3_1.validateContract(vertx, repository, contract))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(result.getValid()).as(() -> result.toJson().encodePrettily()).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyExampleIsValidAgainstItsSchema() {
        JsonObject raw = new JsonObject(document.json());
        JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app://");
        SchemaRepository repository = SchemaRepository.create(options);
        repository.dereference(JsonSchema.of(raw.copy()));
        List<String> checked = new ArrayList<>();
        checkExamples("#", repository.resolve(raw), options, checked);

        // Media types, parameters and headers with an example, and schemas with examples: dozens of them.
        assertThat(checked).hasSizeGreaterThan(40);
    }

    /**
     * Under {@code node}: the {@code example} and {@code examples} of each media type, parameter or header against its
     * {@code schema}, and each schema's own {@code examples} against it.
     */
    private static void checkExamples(String where, Object node, JsonSchemaOptions options, List<String> checked) {
        if (node instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                checkExamples(where + "/" + i, array.getValue(i), options, checked);
            }
            return;
        }
        if (!(node instanceof JsonObject object)) {
            return;
        }
        JsonObject schema = object.getJsonObject("schema");
        if (schema != null && object.containsKey("example")) {
            valid(where + "/example", schema, object.getValue("example"), options, checked);
        }
        if (schema != null && object.getValue("examples") instanceof JsonObject named) {
            for (String name : named.fieldNames()) {
                valid(where + "/examples/" + name, schema, named.getJsonObject(name).getValue("value"), options, checked);
            }
        }
        if (object.getValue("examples") instanceof JsonArray listed) {
            for (int i = 0; i < listed.size(); i++) {
                valid(where + "/examples/" + i, object, listed.getValue(i), options, checked);
            }
        }
        for (String key : object.fieldNames()) {
            if (!key.equals("example") && !key.equals("examples")) {
                checkExamples(where + "/" + key, object.getValue(key), options, checked);
            }
        }
    }

    private static void valid(String where, JsonObject schema, Object example, JsonSchemaOptions options,
            List<String> checked) {
        OutputUnit result = Validator.create(JsonSchema.of(schema.copy()), options).validate(example);
        assertThat(result.getValid()).as(() -> where + ": " + result.toJson().encodePrettily()).isTrue();
        checked.add(where);
    }

    @Test
    void theJsonIsTheYamlConverted() throws Exception {
        assertThat(new ObjectMapper().readTree(document.json())).isEqualTo(tree);
    }

    @Test
    void everyOperationHasAUniqueIdASummaryATagAndOnlyNumberedResponses() {
        List<String> ids = new ArrayList<>();
        forEachOperation((where, operation) -> {
            assertThat(operation.path("operationId").asText()).as("%s operationId", where).isNotBlank();
            assertThat(operation.path("summary").asText()).as("%s summary", where).isNotBlank();
            assertThat(operation.path("tags")).as("%s tags", where).isNotEmpty();
            // A status the operation does not document must stay visible as a mistake, never fall to a default.
            assertThat(iterable(operation.get("responses").fieldNames())).as("%s responses", where)
                    .isNotEmpty().allMatch(code -> code.matches("[1-5]([0-9]{2}|XX)"));
            ids.add(operation.path("operationId").asText());
        });
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void everyErrorAnswerOfTheServiceIsAnErrorBody() {
        forEachOperation((where, operation) -> operation.get("responses").fields().forEachRemaining(response -> {
            JsonNode resolved = resolve(response.getValue());
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                if (where.contains("/health/")) {
                    return; // the health checks' own body, 503 included
                }
                assertThat(resolved.path("content").path("application/json").path("schema").path("$ref").asText())
                        .as("%s %s", where, response.getKey()).isEqualTo("#/components/schemas/Error");
                assertThat(iterable(resolved.path("content").fieldNames())).as("%s %s", where, response.getKey())
                        .containsExactly("application/json");
            }
        }));
    }

    @Test
    void everyKeyedOperationSaysWhatAMissingKeyGets() {
        forEachOperation((where, operation) -> {
            boolean keyed = !operation.has("security") || operation.get("security").toString().contains("ApiKey");
            if (keyed) {
                assertThat(operation.get("responses").has("401")).as(where).isTrue();
            }
        });
    }

    private interface OperationCheck {
        void check(String where, JsonNode operation);
    }

    private static void forEachOperation(OperationCheck check) {
        tree.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (METHODS.contains(operation.getKey())) {
                check.check(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
            }
        }));
    }

    /** {@code node}, or what its {@code $ref} (within this document) names. */
    private static JsonNode resolve(JsonNode node) {
        Set<String> seen = new HashSet<>();
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            assertThat(seen.add(ref)).as("a $ref cycle at %s", ref).isTrue();
            node = tree.at(ref.substring(1));
            assertThat(node.isMissingNode()).as("%s is in the document", ref).isFalse();
        }
        return node;
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }
}
