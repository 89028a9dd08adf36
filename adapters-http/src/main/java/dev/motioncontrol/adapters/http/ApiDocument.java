package dev.motioncontrol.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The service's public API described in OpenAPI 3.1: every path its API port serves, with its operations, schemas
 * and answers. Written by hand in YAML ({@value #RESOURCE}, a resource beside this class); served as written at
 * {@value #YAML_PATH} and as JSON at {@value #JSON_PATH}, both without an API key and cacheable (see
 * {@link MotionControlHttpApi.Builder#apiDocument}). Tests hold it to the router's routes and to the service's real
 * answers.
 */
public final class ApiDocument {

    /** Where the document is served as written, {@code application/yaml}. */
    public static final String YAML_PATH = "/openapi.yaml";

    /** Where the document is served as JSON, {@code application/json}. */
    public static final String JSON_PATH = "/openapi.json";

    /** The document, relative to this class on the class path. */
    static final String RESOURCE = "openapi.yaml";

    /** The document changes only with a release: a client may keep it an hour, then revalidate by its ETag. */
    private static final String CACHE_CONTROL = "public, max-age=3600";
    private static final CharSequence APPLICATION_YAML = HttpHeaders.createOptimized("application/yaml");

    private final String yaml;
    private final String json;

    private ApiDocument(String yaml, String json) {
        this.yaml = yaml;
        this.json = json;
    }

    /**
     * Reads the document from this module's resources and converts it to JSON once. It reads a file: call it off the
     * event loops (when the service starts), and give the one instance to every router.
     *
     * @throws IllegalStateException when the resource is missing or is not YAML (a broken build)
     */
    public static ApiDocument read() {
        byte[] yaml;
        try (InputStream in = ApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The API document " + RESOURCE + " is not on the class path beside "
                        + ApiDocument.class.getName());
            }
            yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The API document " + RESOURCE + " could not be read", e);
        }
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml));
        } catch (IOException e) {
            throw new IllegalStateException("The API document " + RESOURCE + " is not valid YAML", e);
        }
        return new ApiDocument(new String(yaml, StandardCharsets.UTF_8), json);
    }

    /** The document in YAML, as written. */
    public String yaml() {
        return yaml;
    }

    /** The same document in JSON. */
    public String json() {
        return json;
    }

    /** Serves the document at {@link #YAML_PATH} and {@link #JSON_PATH}, each route named after its path. */
    void install(Router router) {
        serve(router, YAML_PATH, APPLICATION_YAML, Buffer.buffer(yaml));
        serve(router, JSON_PATH, MotionControlHttpApi.APPLICATION_JSON, Buffer.buffer(json));
    }

    private static void serve(Router router, String path, CharSequence contentType, Buffer body) {
        String etag = EntityTags.of(body);
        String length = Integer.toString(body.length());
        MotionControlHttpApi.get(router, path).setName(path).handler(ctx -> answer(ctx, contentType, body, etag, length));
    }

    private static void answer(RoutingContext ctx, CharSequence contentType, Buffer body, String etag, String length) {
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        if (EntityTags.named(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, length).end();
        } else {
            response.end(body);
        }
    }
}
