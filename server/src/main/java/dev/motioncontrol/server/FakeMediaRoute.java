package dev.motioncontrol.server;

import dev.motioncontrol.adapters.freepik.fake.FakeMedia;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Serves the fake provider's generated videos: every completed fake task points here, and every such URL
 * downloads the same small, valid, playable MP4, so a client can exercise its download path offline.
 */
final class FakeMediaRoute implements Consumer<Router> {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}\\.mp4");

    private final Buffer video = Buffer.buffer(FakeMedia.bytes());

    @Override
    public void accept(Router router) {
        // Named after the API document's template of the path: one metrics label for every video.
        router.route(FakeMedia.PATH_PREFIX + ":file").setName(FakeMedia.PATH_PREFIX + "{file}")
                .method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        if (!FILE_NAME.matcher(context.pathParam("file")).matches()) {
            context.next();
            return;
        }
        var response = context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, FakeMedia.CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
        if (context.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(video.length())).end();
        } else {
            response.end(video);
        }
    }
}
