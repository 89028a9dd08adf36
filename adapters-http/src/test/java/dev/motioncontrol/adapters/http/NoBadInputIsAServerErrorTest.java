package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a caller sends, the answer is a JSON 4xx (or a 200 for what is valid), never a 500. */
class NoBadInputIsAServerErrorTest extends HttpApiTestBase {

    static Stream<Arguments> nastyBodies() {
        return Stream.of(
                text("whitespace only", " \n\t "),
                text("null", "null"),
                text("true", "true"),
                text("a number", "42"),
                text("a string", "\"{}\""),
                text("an empty array", "[]"),
                text("an empty object", "{}"),
                text("an unclosed object", "{"),
                text("a closing brace", "}"),
                text("a missing value", "{\"image_url\":}"),
                text("a trailing comma", bodyWith("").replace("}", ",}")),
                text("single quotes", "{'image_url':'" + IMAGE + "'}"),
                text("a comment", "/* hi */" + validBody()),
                text("an unquoted name", "{image_url:\"" + IMAGE + "\"}"),
                text("Infinity", bodyWith("\"cfg_scale\":Infinity")),
                text("-Infinity", bodyWith("\"cfg_scale\":-Infinity")),
                text("minus 1e400", bodyWith("\"cfg_scale\":-1e400")),
                text("a tiny number", bodyWith("\"cfg_scale\":1e-400")),
                text("a 2000-digit integer", bodyWith("\"cfg_scale\":" + "9".repeat(2000))),
                text("a leading zero", bodyWith("\"cfg_scale\":01")),
                text("a hex number", bodyWith("\"cfg_scale\":0x1")),
                text("a boolean cfg scale", bodyWith("\"cfg_scale\":true")),
                text("an object cfg scale", bodyWith("\"cfg_scale\":{\"value\":0.5}")),
                text("a negative cfg scale", bodyWith("\"cfg_scale\":-0.0001")),
                text("a nested unknown field", bodyWith("\"extra\":{\"a\":[1,2,{\"b\":null}]}")),
                text("deep nesting", "[".repeat(5000) + "]".repeat(5000)),
                text("deep nesting in a field", bodyWith("\"prompt\":" + "[".repeat(5000))),
                text("an escaped NUL", bodyWith("\"prompt\":\"a\\u0000b\"")),
                text("a raw control character", bodyWith("\"prompt\":\"a\u0001b\"")),
                text("a lone surrogate escape", bodyWith("\"prompt\":\"\\ud800\"")),
                text("a bad escape", bodyWith("\"prompt\":\"\\q\"")),
                text("an unterminated string", "{\"prompt\":\"abc"),
                text("an empty field name", bodyWith("\"\":1")),
                text("a very long unknown field", bodyWith("\"" + "x".repeat(20_000) + "\":1")),
                text("many unknown fields", manyUnknownFields()),
                text("an empty image url", "{\"image_url\":\"\",\"video_url\":\"" + VIDEO + "\"}"),
                text("an image url of spaces", "{\"image_url\":\"   \",\"video_url\":\"" + VIDEO + "\"}"),
                text("a url without host", "{\"image_url\":\"https://\",\"video_url\":\"" + VIDEO + "\"}"),
                text("a bad percent escape", "{\"image_url\":\"http://%zz/\",\"video_url\":\"" + VIDEO + "\"}"),
                text("an IPv6 loopback", "{\"image_url\":\"http://[::1]/a.png\",\"video_url\":\"" + VIDEO + "\"}"),
                text("a malformed IPv6", "{\"image_url\":\"http://[v1.x]/a.png\",\"video_url\":\"" + VIDEO + "\"}"),
                text("an overlong IPv4 part", "{\"image_url\":\"http://1.2.3.0xfffffffffffffffffff/\",\"video_url\":\""
                        + VIDEO + "\"}"),
                text("a javascript url", "{\"image_url\":\"javascript:alert(1)\",\"video_url\":\"" + VIDEO + "\"}"),
                text("a url over 2048 characters", "{\"image_url\":\"https://cdn.example.com/" + "a".repeat(3000)
                        + ".png\",\"video_url\":\"" + VIDEO + "\"}"),
                text("an unknown orientation", bodyWith("\"character_orientation\":\"VIDEO\"")),
                text("a webhook to a private address", bodyWith("\"webhook_url\":\"http://169.254.169.254/\"")),
                bytes("invalid UTF-8", new byte[] {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
                bytes("a NUL byte", new byte[] {'{', 0, '}'}),
                bytes("UTF-16 with a BOM", utf16(validBody())),
                bytes("a UTF-8 BOM", withUtf8Bom(validBody())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyBodies")
    void aNastyBodyIsNeverAServerError(String description, Buffer body, VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, body), response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 499);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
            if (response.statusCode() >= 400) {
                assertThat(response.bodyAsJsonObject().getString("message")).isNotBlank();
            }
        });
    }

    static Stream<String> nastyPaths() {
        return Stream.of(
                STATUS_PATH + "/%zz",
                STATUS_PATH + "/%00",
                STATUS_PATH + "/%2F",
                STATUS_PATH + "/..%2F..%2Fetc",
                STATUS_PATH + "/" + "9".repeat(4000),
                STATUS_PATH + "/%F0%9F%92%83",
                STATUS_PATH + "//",
                STATUS_PATH + "/a/b",
                PRO + "/%C3%28",
                STATUS_PATH + "?page=-1&limit=abc");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyPaths")
    void aNastyPathIsNeverAServerError(String path, VertxTestContext test) {
        expect(test, client.request(HttpMethod.GET, path).putHeader(FREEPIK_KEY, KEY_A).send(), response -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 499);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        });
    }

    /**
     * Fails until the domain is fixed: {@code UrlAccessPolicy} throws IllegalArgumentException ("not an
     * IPv6 literal") for an IPv6 literal whose zone id names no local interface, instead of reporting a
     * violation, so the use case throws and the answer is a 500.
     */
    @Test
    void anIpv6ZoneIdNamingNoInterfaceIsABadRequest(VertxTestContext test) {
        expect(test, submit(PRO, KEY_A, "{\"image_url\":\"http://[fe80::1%25eth9]/a.png\",\"video_url\":\"" + VIDEO + "\"}"),
                response -> assertThat(response.statusCode()).isEqualTo(400));
    }

    private static Arguments text(String description, String body) {
        return Arguments.of(description, Buffer.buffer(body));
    }

    private static Arguments bytes(String description, byte[] body) {
        return Arguments.of(description, Buffer.buffer(body));
    }

    private static String manyUnknownFields() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 2000; i++) {
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        return body.append('}').toString();
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16);
    }

    private static byte[] withUtf8Bom(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        return withBom;
    }
}
