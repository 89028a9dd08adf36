package dev.motioncontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file server a submission with local files runs: what a media probe and a provider ask of it. */
class LocalMediaServerTest {

    private static final String CONTENT = "0123456789abcdef";

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalMediaServer server;
    private URI url;

    @TempDir
    Path directory;

    @BeforeEach
    void serve() throws Exception {
        Path file = Files.writeString(directory.resolve("my dancer.png"), CONTENT);
        server = LocalMediaServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty());
        url = server.serve(file);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFileIsServedWholeUnderAnUnguessablePathEndingInItsName() throws Exception {
        HttpResponse<String> answer = get(url, null);

        assertThat(url.toString()).matches("http://127\\.0\\.0\\.1:\\d+/[\\w-]{24}/my-dancer\\.png");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(CONTENT);
        assertThat(answer.headers().firstValue("content-type")).contains("image/png");
        assertThat(answer.headers().firstValue("accept-ranges")).contains("bytes");
    }

    @Test
    void aRangeIsAnsweredWithThosePartsOnly() throws Exception {
        HttpResponse<String> head = get(url, "bytes=0-3");
        HttpResponse<String> tail = get(url, "bytes=-4");
        HttpResponse<String> open = get(url, "bytes=12-");

        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.body()).isEqualTo("0123");
        assertThat(head.headers().firstValue("content-range")).contains("bytes 0-3/16");
        assertThat(tail.body()).isEqualTo("cdef");
        assertThat(open.body()).isEqualTo("cdef");
    }

    @Test
    void aRangeBeyondTheFileIs416() throws Exception {
        assertThat(get(url, "bytes=16-").statusCode()).isEqualTo(416);
    }

    @Test
    void aHeadTellsTheLengthWithoutTheBody() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-length")).contains("16");
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void nothingElseIsServed() throws Exception {
        URI guessed = url.resolve("/" + "A".repeat(24) + "/my-dancer.png");

        assertThat(get(guessed, null).statusCode()).isEqualTo(404);
        assertThat(get(url.resolve("/"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void theUrlsStartWithTheAnnouncedBaseWhenOneIsGiven() throws Exception {
        try (LocalMediaServer tunnelled = LocalMediaServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.of(URI.create("https://tunnel.example/me/")))) {
            assertThat(tunnelled.serve(directory.resolve("my dancer.png")).toString())
                    .matches("https://tunnel\\.example/me/[\\w-]{24}/my-dancer\\.png");
        }
    }

    private HttpResponse<String> get(URI uri, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
