package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.fake.FakeProviderSettings;
import dev.motioncontrol.adapters.http.AccessLog;
import dev.motioncontrol.adapters.http.ApiDocument;
import dev.motioncontrol.adapters.http.MotionControlHttpApi;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.library.MotionControl;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API document and the API port's router cover each other: every route the router serves is documented under its
 * name, and every documented operation is served. Every optional route is installed (the provider's callbacks too).
 */
class ApiRoutesDocumentedTest {

    private static final Set<String> DOCUMENT_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");

    private static Vertx vertx;
    private static MotionControl core;
    private static Router router;
    private static JsonObject document;

    @BeforeAll
    static void buildTheRouter() {
        vertx = Vertx.vertx();
        core = MotionControl.builder()
                .fake(FakeProviderSettings.defaults(URI.create("http://localhost:8080/")))
                // Only so that the provider's callback route is installed, as in freepik mode with a public URL.
                .providerWebhooks(new WebhookUrl(HttpUrl.of("https://motion.example.com"
                        + MotionControlHttpApi.PROVIDER_CALLBACK_PATH)), List.of(WebhookSecret.generate()))
                .build();
        ApiDocument apiDocument = ApiDocument.read();
        router = ApiVerticle.router(vertx, core, MotionControlServer.extraRoutes(vertx, core,
                new AccessLog(new byte[32], true, Optional.empty())), apiDocument, ServerConfig.from(Map.of()),
                MotionControlHttpApi.DEFAULT_ANSWER_DEADLINE);
        document = new JsonObject(apiDocument.json());
    }

    @AfterAll
    static void close() throws Exception {
        core.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void everyServedRouteIsDocumented() {
        Set<String> undocumented = new TreeSet<>(served());
        undocumented.removeAll(documented());

        assertThat(undocumented).as("served, but not in the API document").isEmpty();
    }

    @Test
    void everyDocumentedOperationIsServed() {
        Set<String> unserved = new TreeSet<>(documented());
        unserved.removeAll(served());

        assertThat(unserved).as("in the API document, but not served").isEmpty();
    }

    @Test
    void everyRouteIsNamedAfterTheTemplateOfItsOwnPath() {
        for (Route route : servingRoutes()) {
            assertThat(route.getName()).as("the name of the route of %s", route.getPath()).isNotNull();
            assertThat(route.getName()).as("a name is a template, never a concrete path").doesNotContain(":")
                    .startsWith("/");
            assertThat(fits(route.getName(), route)).as("route %s named %s", route.getPath(), route.getName()).isTrue();
        }
    }

    @Test
    void everyGetRouteAlsoServesHead() {
        for (Route route : servingRoutes()) {
            if (route.methods().contains(HttpMethod.GET)) {
                assertThat(route.methods()).as(route.getName()).contains(HttpMethod.HEAD);
            }
        }
    }

    /** The router's routes as "METHOD name"; a HEAD beside a GET is the GET's (the document says so once). */
    private static Set<String> served() {
        Set<String> served = new TreeSet<>();
        for (Route route : servingRoutes()) {
            assertThat(route.methods()).as("the methods of %s", route.getName()).isNotEmpty();
            for (HttpMethod method : route.methods()) {
                if (method != HttpMethod.HEAD || !route.methods().contains(HttpMethod.GET)) {
                    served.add(method.name() + " " + route.getName());
                }
            }
        }
        return served;
    }

    /**
     * The routes that serve a path: not those that see every request on its way (the access log, before every route),
     * which have neither a path nor a pattern.
     */
    private static List<Route> servingRoutes() {
        return router.getRoutes().stream().filter(route -> route.getPath() != null || route.isRegexPath()).toList();
    }

    /** The document's operations as "METHOD path". */
    private static Set<String> documented() {
        Set<String> documented = new TreeSet<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (DOCUMENT_METHODS.contains(method)) {
                    documented.add(method.toUpperCase() + " " + path);
                }
            }
        }
        return documented;
    }

    /**
     * Whether {@code name}, a template ({@code /a/{x}/b}), names the route's own path: its {@code :x} parameters in the
     * template's places, or, for a prefix route ({@code /a/*}, whose path Vert.x reports as {@code /a/}), the prefix
     * and one parameter after it.
     */
    private static boolean fits(String name, Route route) {
        String template = name.replaceAll("\\{[^/{}]+}", "{}");
        String path = route.getPath();
        if (path.endsWith("/") && !route.isExactPath()) {
            return template.equals(path + "{}");
        }
        return template.equals(path.replaceAll(":[^/]+", "{}"));
    }
}
