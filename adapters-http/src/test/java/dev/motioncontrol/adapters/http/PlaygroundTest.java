package dev.motioncontrol.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.service.MotionTransferUseCases;
import dev.motioncontrol.application.service.WiredUseCases;
import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.MediaFactRules;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.freepik.api.FreepikPaths;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The playground's page and files over real HTTP: what they are served with, and what the page is told of the API. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PlaygroundTest {

    private static final Pattern LINKED = Pattern.compile("\\b(?:src|href)=\"([^\"]*)\"");

    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void startApi(Vertx vertx, VertxTestContext test) {
        MotionTransferUseCases service = WiredUseCases.over(new StubVideoProvider(), new MapStateStore())
                .acceptedKeys(AcceptedClientKeys.only(Set.of("key-of-client-a")))
                .build();
        Router router = MotionControlHttpApi.builder(service, service, service).playground().build(vertx);
        vertx.createHttpServer().requestHandler(router).listen(0).onComplete(test.succeeding(started -> {
            server = started;
            client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
                    .setDefaultPort(started.actualPort()).setFollowRedirects(false));
            test.completeNow();
        }));
    }

    @AfterEach
    void stopApi(VertxTestContext test) {
        client.close();
        server.close().onComplete(test.succeedingThenComplete());
    }

    @Test
    void theRootRedirectsToThePlayground(VertxTestContext test) {
        expect(test, client.get("/").send(), response -> {
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.getHeader("Location")).isEqualTo("/playground");
        });
    }

    @Test
    void thePageNeedsNoKeyAndComesWithItsProtections(VertxTestContext test) {
        expect(test, client.get("/playground").send(), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
            assertThat(response.getHeader("ETag")).matches("\"[0-9a-f]{64}\"");
            String policy = response.getHeader("Content-Security-Policy");
            assertThat(policy).contains("default-src 'none'", "script-src 'self';", "style-src 'self';",
                    "connect-src 'self';", "media-src 'self' http: https:;", "frame-ancestors 'none'");
            assertThat(policy).doesNotContain("unsafe");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "/playground/playground.js, text/javascript; charset=utf-8",
        "/playground/playground.css, text/css; charset=utf-8",
        "/playground/icon.svg, image/svg+xml; charset=utf-8",
        "/playground/settings.json, application/json"})
    void eachFileIsServedWithItsTypeAndTheSameProtections(String path, String contentType, VertxTestContext test) {
        expect(test, client.get(path).send(), response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).isEqualTo(contentType);
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("Content-Security-Policy")).isEqualTo(Playground.CONTENT_SECURITY_POLICY);
            assertThat(response.body().length()).isPositive();
        });
    }

    @Test
    void aCopyTheBrowserHoldsIsConfirmedWithA304(VertxTestContext test) {
        client.get("/playground/playground.js").send()
                .compose(first -> client.get("/playground/playground.js")
                        .putHeader("If-None-Match", first.getHeader("ETag")).send()
                        .map(second -> List.of(first, second)))
                .onComplete(test.succeeding(both -> test.verify(() -> {
                    assertThat(both.get(1).statusCode()).isEqualTo(304);
                    assertThat(both.get(1).body()).isNull();
                    assertThat(both.get(1).getHeader("ETag")).isEqualTo(both.get(0).getHeader("ETag"));
                    test.completeNow();
                })));
    }

    @Test
    void aFileThePlaygroundDoesNotHaveIsNotFound(VertxTestContext test) {
        expect(test, client.get("/playground/secrets.txt").send(), response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        });
    }

    @Test
    void thePageLoadsOnlyItsOwnFilesAndHasNothingInline(VertxTestContext test) {
        Future<String> page = client.get("/playground").send().map(HttpResponse::bodyAsString);
        Future<String> style = client.get("/playground/playground.css").send().map(HttpResponse::bodyAsString);
        Future.all(page, style).onComplete(test.succeeding(both -> test.verify(() -> {
            String html = page.result();
            Matcher linked = LINKED.matcher(html);
            int links = 0;
            while (linked.find()) {
                links++;
                assertThat(linked.group(1)).as("a link of the page").matches("/playground/[a-z.]+|#.*");
            }
            assertThat(links).isPositive();
            assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
            assertThat(html).doesNotContainPattern("\\sstyle=|<style|\\son[a-z]+=");
            assertThat(style.result()).doesNotContain("url(", "@import");
            test.completeNow();
        })));
    }

    @Test
    void theSettingsTellThePageTheDomainsRulesAndTheProvidersPaths(VertxTestContext test) {
        expect(test, client.get("/playground/settings.json").send(), response -> {
            JsonObject settings = response.bodyAsJsonObject();
            assertThat(settings.getString("key_header")).isEqualTo(MotionControlHttpApi.FREEPIK_API_KEY_HEADER);
            assertThat(settings.getString("events_suffix")).isEqualTo(MotionControlHttpApi.EVENTS_SUFFIX);
            JsonObject rules = settings.getJsonObject("rules");
            assertThat(rules.getInteger("prompt_max_characters")).isEqualTo(Prompt.MAX_CODE_POINTS);
            assertThat(rules.getJsonObject("image").getInteger("min_side_px")).isEqualTo(MediaFactRules.MIN_IMAGE_SIDE_PX);
            assertThat(rules.getJsonObject("image").getLong("max_bytes")).isEqualTo(MediaFactRules.MAX_IMAGE_BYTES);
            assertThat(rules.getJsonObject("video").getLong("max_seconds")).isEqualTo(MediaFactRules.MAX_VIDEO.toSeconds());
            assertThat(rules.getJsonObject("cfg_scale").getDouble("max")).isEqualTo(CfgScale.MAX);
            JsonArray models = settings.getJsonArray("models");
            List<String> submits = IntStream.range(0, models.size()).boxed()
                    .flatMap(i -> models.getJsonObject(i).getJsonArray("tiers").stream())
                    .map(tier -> ((JsonObject) tier).getString("submit")).toList();
            assertThat(submits).containsExactlyElementsOf(
                    FreepikPaths.all().stream().map(FreepikPaths.Endpoints::submit).toList());
            assertThat(settings.getJsonArray("lists").stream().map(list -> ((JsonObject) list).getString("path")))
                    .containsExactlyElementsOf(FreepikPaths.listPaths().stream().map(FreepikPaths.ListPath::path).toList());
            assertThat(settings.getJsonArray("terminal_statuses")).containsExactly("COMPLETED", "FAILED");
        });
    }

    @Test
    void withoutThePlaygroundNeitherThePageNorTheRootIsServed(Vertx vertx, VertxTestContext test) {
        MotionTransferUseCases service = WiredUseCases.over(new StubVideoProvider(), new MapStateStore()).build();
        Router plain = MotionControlHttpApi.router(vertx, service, service, service);
        vertx.createHttpServer().requestHandler(plain).listen(0)
                .compose(other -> {
                    WebClient otherClient = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
                            .setDefaultPort(other.actualPort()).setFollowRedirects(false));
                    return Future.all(otherClient.get("/").send(), otherClient.get("/playground").send())
                            .eventually(() -> {
                                otherClient.close();
                                return other.close();
                            });
                })
                .onComplete(test.succeeding(both -> test.verify(() -> {
                    assertThat(((HttpResponse<?>) both.resultAt(0)).statusCode()).isEqualTo(404);
                    assertThat(((HttpResponse<?>) both.resultAt(1)).statusCode()).isEqualTo(404);
                    test.completeNow();
                })));
    }

    private static void expect(VertxTestContext test, Future<HttpResponse<Buffer>> response,
            Consumer<HttpResponse<Buffer>> check) {
        response.onComplete(test.succeeding(r -> test.verify(() -> {
            check.accept(r);
            test.completeNow();
        })));
    }
}
