package dev.motioncontrol.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no client library would send as written (two Host headers, a
 * Content-Length beside chunks, bytes that are not UTF-8, a head trickled a byte at a time) and answers whose bytes
 * matter (a status line and a body, then a closed connection).
 */
final class RawHttp implements AutoCloseable {

    /** How long a test waits for an answer the server owes. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    /** One answer as it came: its status line, headers (names in lower case), body, and what followed. */
    record Answer(String statusLine, Map<String, String> headers, String body) {

        int status() {
            String[] parts = statusLine.split(" ", 3);
            return Integer.parseInt(parts[1]);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final PushbackInputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
        in = new PushbackInputStream(socket.getInputStream(), 1);
        out = socket.getOutputStream();
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next answer, read whole; {@code head} when it answers a HEAD (no body follows, whatever it says). */
    Answer answer(boolean head) throws IOException {
        byte[] bytes = readUntilHeadEnds();
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = "";
        String length = headers.get("content-length");
        if (!head && length != null) {
            body = new String(readExactly(Integer.parseInt(length)), StandardCharsets.UTF_8);
        } else if (!head && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            throw new IllegalStateException("a chunked answer: read it with untilClosed()");
        }
        return new Answer(lines[0], headers, body);
    }

    Answer answer() throws IOException {
        return answer(false);
    }

    /**
     * Whether the server sends something or closes the connection within {@code within}; what it sends is left to
     * be read.
     */
    boolean inputWithin(Duration within) throws IOException {
        int b = readWithin(within);
        if (b >= 0) {
            in.unread(b);
        }
        return b != NOTHING_YET;
    }

    /** Whether the server closes the connection within {@code within}, reading (and dropping) what it sends first. */
    boolean closedWithin(Duration within) throws IOException {
        int b;
        do {
            b = readWithin(within);
        } while (b >= 0);
        return b == CLOSED;
    }

    private static final int CLOSED = -1;
    private static final int NOTHING_YET = -2;

    /** The next byte, or {@link #CLOSED} (a reset is a close too), or {@link #NOTHING_YET} after {@code within}. */
    private int readWithin(Duration within) throws IOException {
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        try {
            return Math.max(CLOSED, in.read());
        } catch (SocketTimeoutException nothingYet) {
            return NOTHING_YET;
        } catch (IOException reset) {
            return CLOSED;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            }
        }
    }

    /** Everything the server sends until it closes the connection (at most {@link #ANSWER_WITHIN}). */
    String untilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the server did not close the connection within " + ANSWER_WITHIN
                    + "; it sent: " + all.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException reset) {
            // A reset after the answer: what came is what there is.
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] readUntilHeadEnds() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a whole answer head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        byte[] bytes = head.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 4);
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("the connection closed " + (length - bytes.length) + " bytes before the body's end");
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
