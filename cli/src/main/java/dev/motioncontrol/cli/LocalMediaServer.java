package dev.motioncontrol.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves local files to whoever must fetch a submission's media by URL (the service, or the provider), for as long as
 * the command runs: the JDK's own HTTP server, {@code GET} and {@code HEAD} with single byte ranges (a media probe
 * reads an MP4's head and tail). Each file is served only under a path with a random, unguessable part, and its own
 * name last, so that its extension still tells its format: {@code http://127.0.0.1:41234/Xq3…/dancer.png}.
 */
final class LocalMediaServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
    private static final Pattern UNSAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "mp4", "video/mp4", "m4v", "video/x-m4v", "mov", "video/quicktime", "webm", "video/webm");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI announcedAs;
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    private LocalMediaServer(HttpServer server, ExecutorService threads, URI announcedAs) {
        this.server = server;
        this.threads = threads;
        this.announcedAs = announcedAs;
    }

    /**
     * Listens on {@code address} (port 0: any free one); the files' URLs start with {@code announcedAs} when given
     * (how the fetcher reaches this machine: a tunnel, a host name), else with the address listened on.
     */
    static LocalMediaServer start(InetSocketAddress address, Optional<URI> announcedAs) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService threads = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "local-media");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        URI base;
        try {
            base = announcedAs.orElse(new URI("http", null, address.getAddress().isAnyLocalAddress()
                    ? InetAddress.getLocalHost().getHostAddress() : address.getAddress().getHostAddress(),
                    server.getAddress().getPort(), "/", null, null));
        } catch (URISyntaxException e) {
            server.stop(0);
            threads.shutdownNow();
            throw new IOException("no URL for " + address + ": " + e.getMessage(), e);
        }
        LocalMediaServer media = new LocalMediaServer(server, threads, base);
        server.createContext("/", media::handle);
        server.start();
        return media;
    }

    /** The URL {@code file} is served at from now on. */
    URI serve(Path file) {
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String name = UNSAFE_NAME.matcher(file.getFileName().toString()).replaceAll("-");
        String path = "/" + token + "/" + name;
        files.put(path, file.toAbsolutePath());
        String base = announcedAs.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    /** Where it listens. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Path file = files.get(exchange.getRequestURI().getRawPath());
            if (file == null || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            long first = 0;
            long last = size - 1;
            int status = 200;
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher matcher = range == null ? null : RANGE.matcher(range.trim());
            if (matcher != null && matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                if (matcher.group(1).isEmpty()) {
                    first = Math.max(0, size - Long.parseLong(matcher.group(2)));
                } else {
                    first = Long.parseLong(matcher.group(1));
                    if (!matcher.group(2).isEmpty()) {
                        last = Math.min(last, Long.parseLong(matcher.group(2)));
                    }
                }
                if (first >= size || first > last) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + size);
            }
            long length = last - first + 1;
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().set("Content-Type", contentType(file));
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.skipNBytes(first);
                byte[] buffer = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (read < 0) {
                        break;
                    }
                    out.write(buffer, 0, read);
                    left -= read;
                }
            } catch (IOException fetcherLeft) {
                // A probe that has read enough closes the connection mid-file: that is its right, not a failure here.
            }
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
