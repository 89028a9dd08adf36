package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What SIGTERM runs: a request already under way is answered, then the server stops taking connections. */
class GracefulShutdownTest {

    private static final byte[] BODY = """
            {"image_url":"https://example.com/dancer.png","video_url":"https://example.com/moves.mp4"}"""
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aRequestInFlightWhenClosingStillGetsItsAnswer() throws Exception {
        MotionControlServer server = MotionControlServer.start(ServerConfig.from(Map.of("PORT", "0", "HOST", "127.0.0.1")))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/ai/video/kling-v2-6-motion-control-std HTTP/1.1\r\nhost: localhost\r\n"
                    + "x-freepik-api-key: key\r\ncontent-type: application/json\r\nexpect: 100-continue\r\n"
                    + "content-length: " + BODY.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // "100 Continue" says the server has read the head and is handling the request: it is in flight.
            assertThat(readInterim(client.getInputStream())).startsWith("HTTP/1.1 100");
            out.write(BODY, 0, 10);
            out.flush();

            Future<Void> closing = server.close();
            out.write(BODY, 10, BODY.length - 10);
            out.flush();

            String response = readResponse(client.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"status\":\"CREATED\"");
            closing.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
    }

    private static String readInterim(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.indexOf("\r\n\r\n") < 0) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            text.append((char) next);
        }
        return text.toString();
    }

    private static String readResponse(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                int length = contentLength(text.substring(0, headEnd));
                if (text.length() - headEnd - 4 >= length) {
                    break;
                }
            }
        }
        return text.toString();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }
}
