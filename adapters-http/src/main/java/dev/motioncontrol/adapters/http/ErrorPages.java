package dev.motioncontrol.adapters.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * JSON bodies for what the router answers on its own: no route (404), a route for another method (405,
 * with {@code Allow}), a body over the limit (413), a handler that threw (500, logged), and every other
 * status from 400 to 599. Installed as error handlers, not as a catch-all route, so that routes added to
 * the router later are still reached.
 */
final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    private ErrorPages() {
    }

    /**
     * Installs the handlers on {@code router}. {@code undecodablePath} answers a request whose path the
     * router could not decode (a {@code %zz} in it) when it returns true, as the API may know better
     * than a bare 400 what such a path means.
     */
    static void install(Router router, Predicate<RoutingContext> undecodablePath) {
        for (int status = 400; status <= 599; status++) {
            int code = status;
            router.errorHandler(code, ctx -> answer(router, ctx, code, undecodablePath));
        }
    }

    private static void answer(Router router, RoutingContext ctx, int status, Predicate<RoutingContext> undecodablePath) {
        if (ctx.response().ended() || ctx.response().closed() || ctx.response().headWritten()) {
            return;
        }
        switch (status) {
            case 400:
                // A path parameter the router cannot decode ends here, with no failure recorded on the context.
                boolean mayBePath = ctx.failure() == null || ctx.failure() instanceof IllegalArgumentException;
                if (!mayBePath || !undecodablePath.test(ctx)) {
                    MotionControlHttpApi.respond(ctx, new ErrorResponse(400, "Bad Request"));
                }
                return;
            case 404:
                MotionControlHttpApi.respond(ctx, new ErrorResponse(404, FailureMapper.NOT_FOUND));
                return;
            case 405:
                ctx.response().putHeader(HttpHeaders.ALLOW, allowed(router, ctx.normalizedPath()));
                MotionControlHttpApi.respond(ctx, new ErrorResponse(405, "Method not allowed"));
                return;
            case 413:
                MotionControlHttpApi.respond(ctx, new ErrorResponse(413,
                        "Request body too large; the limit is " + MotionControlHttpApi.MAX_BODY_BYTES + " bytes"));
                return;
            case 500:
                if (ctx.failure() != null) {
                    LOG.error("Unexpected failure answering " + ctx.request().method() + " " + ctx.normalizedPath(),
                            ctx.failure());
                }
                MotionControlHttpApi.respond(ctx, new ErrorResponse(500, FailureMapper.INTERNAL_SERVER_ERROR));
                return;
            default:
                MotionControlHttpApi.respond(ctx, new ErrorResponse(status,
                        HttpResponseStatus.valueOf(status).reasonPhrase()));
        }
    }

    /** The methods of every route whose path matches {@code path}, as an {@code Allow} value. */
    static String allowed(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.methods() != null && !route.methods().isEmpty()
                    && route.getPath() != null && matches(route.getPath(), path)) {
                for (HttpMethod method : route.methods()) {
                    methods.add(method.name());
                }
            }
        }
        return String.join(", ", methods);
    }

    /**
     * Whether {@code path} matches a route's path as {@link Route#getPath()} reports it: {@code :param}
     * segments match any non-empty segment, and a path ending in {@code /} is a prefix (Vert.x reports
     * {@code /fake-media/*} as {@code /fake-media/}). Regular-expression routes report no path and are
     * not considered.
     */
    static boolean matches(String template, String path) {
        if (template.indexOf(':') < 0 && template.length() > 1 && template.endsWith("/")) {
            return path.startsWith(template) || path.equals(strip(template));
        }
        String[] expected = strip(template).split("/", -1);
        String[] actual = strip(path).split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
            if (!parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
