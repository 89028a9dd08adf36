package dev.motioncontrol.adapters.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The playground: a page at {@value #PATH} (and {@code GET /} redirecting there) from which a person tries the API
 * with their key: submit, watch the state live, play the video, list their tasks. The page is plain HTML, CSS and
 * JavaScript kept beside this class, and calls the API as any client does; it needs no key itself, and loads
 * nothing from anywhere else, so it works offline.
 *
 * <p>Every file is answered with its {@code Content-Type} (and charset), {@code Cache-Control: no-cache} with an
 * {@code ETag} (a 304 for an {@code If-None-Match} that names it), {@code X-Content-Type-Options: nosniff}, and a
 * Content-Security-Policy that lets the page run only its own script and style, call only this service, and play
 * media from this service or any http(s) URL (generated videos live on the provider's CDN or behind the service's
 * result links).
 */
final class Playground {

    /** Where the page is; its files are under it. */
    static final String PATH = "/playground";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; media-src 'self' http: https:; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final String FILE = "file";
    private static final String RESOURCES = "playground/";
    private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy");

    /** One file of the page, read once. */
    private record Asset(Buffer body, String contentType, String etag) {
    }

    // Read once, when the class is first used (as a class itself is read from the jar): a few kilobytes.
    private static final Asset PAGE = resource("index.html", "text/html; charset=utf-8");
    private static final Map<String, Asset> FILES = Map.of(
            "playground.css", resource("playground.css", "text/css; charset=utf-8"),
            "playground.js", resource("playground.js", "text/javascript; charset=utf-8"),
            "icon.svg", resource("icon.svg", "image/svg+xml; charset=utf-8"),
            "settings.json", asset(MotionControlHttpApi.json(PlaygroundSettings.current()), "application/json"));

    private Playground() {
    }

    /** Adds the page's routes to {@code router}, each named after its path template. */
    static void install(Router router) {
        MotionControlHttpApi.get(router, "/").setName("/").handler(Playground::toPage);
        MotionControlHttpApi.get(router, PATH).setName(PATH).handler(ctx -> serve(ctx, PAGE));
        MotionControlHttpApi.get(router, PATH + "/:" + FILE).setName(PATH + "/{" + FILE + "}").handler(ctx -> {
            Asset asset = FILES.get(ctx.pathParam(FILE));
            if (asset == null) {
                ctx.next();
            } else {
                serve(ctx, asset);
            }
        });
    }

    private static void toPage(RoutingContext ctx) {
        ctx.response().setStatusCode(302)
                .putHeader(HttpHeaders.LOCATION, PATH)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end();
    }

    private static void serve(RoutingContext ctx, Asset asset) {
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.ETAG, asset.etag())
                .putHeader(CONTENT_TYPE_OPTIONS, "nosniff")
                .putHeader(CSP, CONTENT_SECURITY_POLICY)
                .putHeader(REFERRER_POLICY, "no-referrer");
        if (EntityTags.named(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), asset.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType()).end(asset.body());
    }

    private static Asset resource(String name, String contentType) {
        try (InputStream in = Playground.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the playground's file is missing: classpath resource "
                        + Playground.class.getPackageName().replace('.', '/') + "/" + RESOURCES + name);
            }
            return asset(Buffer.buffer(in.readAllBytes()), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the playground's file " + name, e);
        }
    }

    private static Asset asset(Buffer body, String contentType) {
        return new Asset(body, contentType, EntityTags.of(body));
    }
}
