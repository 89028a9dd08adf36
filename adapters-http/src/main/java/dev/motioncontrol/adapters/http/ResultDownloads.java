package dev.motioncontrol.adapters.http;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's download path of its copies of generated videos, {@code GET} {@value #PATH}{@code {task-id}/{index}}:
 * for the task's owner (its API key in the usual header), or for whoever holds a link the service signed
 * ({@code ?expires=…&signature=…}, as the status answers and webhooks give it), which needs no key, so that a video
 * player or a webhook receiver can fetch it.
 *
 * <p>A copy in a local directory is served from here, as players expect: {@code Content-Type}, {@code Content-Length},
 * {@code Accept-Ranges}, an {@code ETag} (its SHA-256, which never changes), {@code 304} for a matching
 * {@code If-None-Match}, and one byte range ({@code Range}, honouring {@code If-Range}) answered {@code 206}, or
 * {@code 416} when it is past the end. A copy in object storage is a {@code 302} to a link the store signed, which
 * serves ranges itself. A copy deleted at the end of its retention is {@code 410 Gone}.
 */
final class ResultDownloads {

    private static final Logger LOG = LoggerFactory.getLogger(ResultDownloads.class);

    /** Where the downloads are served: the task's id and the video's index follow. */
    static final String PATH = "/v1/results/";

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
    /** A copy never changes under its link: a player may keep it for an hour, for its owner only. */
    private static final String CACHE_CONTROL = "private, max-age=3600";
    private static final Pattern INDEX = Pattern.compile("\\d{1,4}");

    private final DownloadResultUseCase downloads;

    ResultDownloads(DownloadResultUseCase downloads) {
        this.downloads = downloads;
    }

    void handle(RoutingContext ctx, ClientKey caller) {
        String taskId = ctx.pathParam("taskId");
        String index = ctx.pathParam("index");
        if (!TaskId.isWellFormed(taskId) || index == null || !INDEX.matcher(index).matches()) {
            MotionControlHttpApi.respond(ctx, new ErrorResponse(404, FailureMapper.NOT_FOUND));
            return;
        }
        Optional<DownloadResultUseCase.Access> access = access(ctx, caller);
        if (access.isEmpty()) {
            return;
        }
        CompletionStage<DownloadResultUseCase.Download> stage;
        try {
            stage = downloads.download(new DownloadResultUseCase.Query(new TaskId(taskId), Integer.parseInt(index),
                    access.get()));
        } catch (RuntimeException e) {
            MotionControlHttpApi.fail(ctx, e);
            return;
        }
        Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
                .onSuccess(download -> serve(ctx, download))
                .onFailure(failure -> MotionControlHttpApi.fail(ctx, failure));
    }

    /** The signed link's, when the request has one; the caller's key otherwise; empty once answered 401/403. */
    private static Optional<DownloadResultUseCase.Access> access(RoutingContext ctx, ClientKey caller) {
        String expires = ctx.request().getParam("expires");
        String signature = ctx.request().getParam("signature");
        if (expires != null || signature != null) {
            if (expires == null || signature == null || !expires.matches("\\d{1,12}")) {
                MotionControlHttpApi.respond(ctx, new ErrorResponse(403,
                        "A download link has both expires (epoch seconds) and signature"));
                return Optional.empty();
            }
            return Optional.of(new DownloadResultUseCase.BySignature(Long.parseLong(expires), signature));
        }
        if (caller == null) {
            MotionControlHttpApi.respond(ctx, new ErrorResponse(401, FailureMapper.MISSING_API_KEY));
            return Optional.empty();
        }
        return Optional.of(new DownloadResultUseCase.ByKey(caller));
    }

    private static void serve(RoutingContext ctx, DownloadResultUseCase.Download download) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (download.location() instanceof ResultStore.SignedLink link) {
            response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, link.uri().toString())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
            return;
        }
        String file = ((ResultStore.LocalFile) download.location()).path().toString();
        ctx.vertx().fileSystem().props(file)
                .onFailure(missing -> missing(ctx, file))
                .onSuccess(props -> {
                    try {
                        serveFile(ctx, download, file, props.size());
                    } catch (RuntimeException e) {
                        MotionControlHttpApi.fail(ctx, e);
                    }
                });
    }

    /**
     * The record says the copy is there, but the file is not: deleted at this moment by the retention, or kept on
     * another instance's disk (a directory store must be one that every instance mounts). Not a 410: nothing says it
     * is gone for good.
     */
    private static void missing(RoutingContext ctx, String file) {
        LOG.warn("A copy the records hold is not in the result directory: {} (with several instances, RESULTS_STORE=dir: "
                + "must name a directory they all share)", file);
        MotionControlHttpApi.respond(ctx, new ErrorResponse(404, "The copy of this video is not in the result store"));
    }

    private static void serveFile(RoutingContext ctx, DownloadResultUseCase.Download download, String file,
            long size) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String etag = EntityTags.quoted(download.video().sha256());
        if (EntityTags.named(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            response.setStatusCode(304).putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).end();
            return;
        }
        String ifRange = ctx.request().getHeader("If-Range");
        String range = ifRange == null || ifRange.trim().equals(etag) ? ctx.request().getHeader("Range") : null;
        Slice slice = Slice.of(range, size);
        if (slice == null) {
            response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            MotionControlHttpApi.respond(ctx, new ErrorResponse(416, "The range asked for is not within the " + size
                    + " bytes of this video"));
            return;
        }
        response.setStatusCode(slice.partial() ? 206 : 200)
                .putHeader(HttpHeaders.CONTENT_TYPE, download.video().contentType())
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(slice.length()))
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .putHeader("X-Content-Type-Options", "nosniff");
        if (slice.partial()) {
            response.putHeader(HttpHeaders.CONTENT_RANGE,
                    "bytes " + slice.offset() + "-" + (slice.offset() + slice.length() - 1) + "/" + size);
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
            return;
        }
        response.sendFile(file, slice.offset(), slice.length()).onFailure(failure -> {
            if (!response.headWritten()) {
                // Gone between the look and the read: answered as missing, without the file's headers.
                for (CharSequence header : List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_RANGE,
                        HttpHeaders.ETAG, HttpHeaders.ACCEPT_RANGES, HttpHeaders.CACHE_CONTROL)) {
                    response.headers().remove(header);
                }
                missing(ctx, file);
            } else {
                response.reset(); // cut short: the client sees an incomplete body, never a wrong one
            }
        });
    }

    /**
     * What of a file of {@code size} bytes a {@code Range} header asks for: one range (partial), or the whole file
     * when there is no header or it is no single byte range (several ranges, another unit, {@code 9-5}, numbers of
     * more than 18 digits), as RFC 9110 allows; {@code null} when the range is past the end (or a suffix of none).
     */
    record Slice(long offset, long length, boolean partial) {

        static Slice of(String range, long size) {
            Slice whole = new Slice(0, size, false);
            if (range == null) {
                return whole;
            }
            Matcher one = ONE_RANGE.matcher(range.replace(" ", ""));
            if (!one.matches() || (one.group(1).isEmpty() && one.group(2).isEmpty())) {
                return whole;
            }
            long first;
            long last;
            if (one.group(1).isEmpty()) {
                first = Math.max(0, size - Long.parseLong(one.group(2)));
                last = size - 1;
            } else {
                first = Long.parseLong(one.group(1));
                if (one.group(2).isEmpty()) {
                    last = size - 1;
                } else {
                    last = Long.parseLong(one.group(2));
                    if (last < first) {
                        return whole; // no range at all
                    }
                    last = Math.min(last, size - 1);
                }
            }
            if (first >= size || last < first) {
                return null;
            }
            return new Slice(first, last - first + 1, true);
        }
    }
}
