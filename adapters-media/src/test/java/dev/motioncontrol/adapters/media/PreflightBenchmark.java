package dev.motioncontrol.adapters.media;

import dev.motioncontrol.application.port.out.MediaProbe;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MediaFormat;
import dev.motioncontrol.domain.UrlAccessPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the media preflight adds to a submit, against a local media server ({@link MediaServer}) that serves the
 * project's fixtures with byte ranges: per medium, the probe's latency (median and 99th percentile), its round trips and the bytes it read,
 * beside one plain round trip to the same server (a one-byte range) measured in the same run. Each probe is a cold
 * one (its own URL, so nothing is remembered). Run by {@code bench/preflight.sh}; exits 1 if a probe reads more than
 * the targets (64 KiB for an image, 256 KiB for a faststart MP4), makes more requests than the medium needs
 * (one with its index in its head, two with its index or last cluster at its end), or gets a medium wrong.
 */
public final class PreflightBenchmark {

    /** A medium, the most it may cost (bytes read, requests), and its bytes. */
    private record Case(String name, MediaFormat.Kind kind, long maxBytes, int maxFetches, byte[] bytes) {
    }

    private static final int MB = 1024 * 1024;
    private static final long NO_TARGET = Long.MAX_VALUE;

    private static List<Case> cases() {
        MediaFormat.Kind image = MediaFormat.Kind.IMAGE;
        MediaFormat.Kind video = MediaFormat.Kind.VIDEO;
        return List.of(
                new Case("PNG 300x300, 3 KB", image, 64 * 1024, 1, TestMedia.fixture("image-300x300.png")),
                new Case("PNG 1024x1024, 5 MB", image, 64 * 1024, 1, TestMedia.paddedPng(1024, 1024, 5 * MB)),
                new Case("JPEG 1024x1024, 10 MB", image, 64 * 1024, 1, TestMedia.paddedJpeg(1024, 1024, 10 * MB)),
                new Case("WEBP 300x300, 3 KB", image, 64 * 1024, 1, TestMedia.fixture("image-300x300.webp")),
                new Case("MP4 30 s faststart, 5 MB", video, 256 * 1024, 1,
                        TestMedia.largeMp4("video-30s-faststart.mp4", 5 * MB, true)),
                new Case("MP4 30 s moov last, 5 MB", video, NO_TARGET, 2,
                        TestMedia.largeMp4("video-30s-moov-last.mp4", 5 * MB, false)),
                new Case("WEBM 30 s, 44 KB", video, NO_TARGET, 2, TestMedia.fixture("video-30s.webm")),
                new Case("WEBM no Duration, 5 MB", video, NO_TARGET, 2,
                        TestMedia.largeWebm("video-10s-no-duration.webm", 5 * MB)));
    }

    private PreflightBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Vertx vertx = Vertx.vertx();
        MediaServer server = MediaServer.start(vertx);
        List<Case> cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            server.serve("/media/" + i, cases.get(i).bytes(), MediaServer.Serving.withRanges());
        }
        String base = server.url("/media/");
        HttpMediaProbe probe = new HttpMediaProbe(vertx, MediaProbeSettings.of(UrlAccessPolicy.allowingPrivateHosts()),
                new FakeHostResolver().map("127.0.0.1", "127.0.0.1"), new ContainerReader());
        HttpClientAgent plain = vertx.createHttpClient();
        boolean allGood = true;
        try {
            List<Double> roundTrips = new ArrayList<>();
            for (int i = 0; i < rounds + 20; i++) {
                long start = System.nanoTime();
                plain.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(base + 0)
                                .putHeader("range", "bytes=0-0"))
                        .compose(request -> request.send()).compose(response -> response.body())
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                if (i >= 20) {
                    roundTrips.add((System.nanoTime() - start) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "one plain round trip (a 1-byte range): median %.2f ms, p99 %.2f ms%n%n",
                    percentile(roundTrips, 50), percentile(roundTrips, 99));
            System.out.printf(Locale.ROOT, "%-26s %10s %10s %8s %12s %-24s  %s%n", "medium", "median ms", "p99 ms",
                    "requests", "bytes read", "target", "verdict");
            int cold = 0;
            for (int index = 0; index < cases.size(); index++) {
                Case medium = cases.get(index);
                List<Double> latencies = new ArrayList<>();
                long bytes = 0;
                int requestsBefore = server.requests.size();
                int fetches = 0;
                String outcome = "";
                for (int i = 0; i < rounds + 20; i++) {
                    HttpUrl url = HttpUrl.of(base + index + "?cold=" + cold++);
                    long start = System.nanoTime();
                    MediaProbe.Probe result = probe.probe(url, medium.kind()).toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                    if (i >= 20) {
                        latencies.add((System.nanoTime() - start) / 1e6);
                    }
                    if (i == 0) {
                        bytes = result.bytesRead();
                        fetches = server.requests.size() - requestsBefore;
                        outcome = describe(result);
                    }
                }
                boolean withinTarget = bytes <= medium.maxBytes() && fetches <= medium.maxFetches();
                boolean measured = outcome.startsWith("measured");
                allGood &= withinTarget && measured;
                System.out.printf(Locale.ROOT, "%-26s %10.2f %10.2f %8d %12d %-24s  %s (%s)%n", medium.name(),
                        percentile(latencies, 50), percentile(latencies, 99), fetches, bytes,
                        (medium.maxBytes() == NO_TARGET ? "" : "<= " + medium.maxBytes() + " B, ")
                                + "<= " + medium.maxFetches() + " req",
                        withinTarget && measured ? "PASS" : "FAIL", outcome);
            }
        } finally {
            probe.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.out.println();
        System.out.println(allGood ? "RESULT: PASS" : "RESULT: FAIL");
        System.exit(allGood ? 0 : 1);
    }

    private static String describe(MediaProbe.Probe result) {
        if (result instanceof MediaProbe.Image image) {
            return "measured " + image.facts().format() + " " + image.facts().widthPx() + "x" + image.facts().heightPx();
        }
        if (result instanceof MediaProbe.Video video) {
            return "measured " + video.facts().format() + " " + video.facts().duration().map(Object::toString)
                    .orElse("duration unknown") + (video.facts().durationEstimated() ? " (estimated)" : "");
        }
        return result.toString();
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
