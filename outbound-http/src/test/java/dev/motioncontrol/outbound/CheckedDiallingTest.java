package dev.motioncontrol.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.UrlAccessPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckedDiallingTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CheckedDialling.Checked check(String url, String... addresses) throws Exception {
        List<InetAddress> resolved = new java.util.ArrayList<>();
        for (String address : addresses) {
            resolved.add(InetAddress.getByName(address));
        }
        CheckedDialling dialling = new CheckedDialling(vertx, host -> CompletableFuture.completedFuture(resolved),
                UrlAccessPolicy.publicOnly());
        return dialling.check(HttpUrl.of(url), 1000, null).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aHostWhoseEveryAddressIsPublicIsDialledAtItsFirst() throws Exception {
        assertThat(check("https://media.example.com/a.mp4", "203.0.113.7", "198.51.100.9"))
                .isEqualTo(new CheckedDialling.Allowed(InetAddress.getByName("203.0.113.7")));
    }

    @Test
    void aHostWithOnePrivateAddressAmongPublicOnesIsRefused() throws Exception {
        assertThat(check("https://media.example.com/a.mp4", "203.0.113.7", "10.1.2.3"))
                .isInstanceOfSatisfying(CheckedDialling.Refused.class, refused -> assertThat(refused.reason())
                        .contains("10.1.2.3"));
    }

    @Test
    void aUrlThePolicyRefusesIsNotLookedUp() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CheckedDialling dialling = new CheckedDialling(vertx, host -> {
            lookups.incrementAndGet();
            return CompletableFuture.completedFuture(List.of());
        }, UrlAccessPolicy.publicOnly());

        CheckedDialling.Checked checked = dialling.check(HttpUrl.of("http://localhost/a.png"), 1000, null)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(checked).isInstanceOf(CheckedDialling.Refused.class);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void aHostThatDoesNotAnswerInTimeOrHasNoAddressIsUnresolved() throws Exception {
        CheckedDialling silent = new CheckedDialling(vertx, host -> new CompletableFuture<>(),
                UrlAccessPolicy.publicOnly());

        assertThat(silent.check(HttpUrl.of("https://slow.example.com/a"), 50, null).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(new CheckedDialling.Unresolved("slow.example.com", true, null));
        assertThat(check("https://none.example.com/a"))
                .isEqualTo(new CheckedDialling.Unresolved("none.example.com", false, null));
    }

    @Test
    void theRequestGoesToTheCheckedAddressWithTheUrlsHostAsItsAuthority() throws Exception {
        RequestOptions options = CheckedDialling.requestTo(HttpUrl.of("https://media.example.com/v/a%20b.mp4?sig=x"),
                InetAddress.getByName("203.0.113.7"));

        assertThat(options.getServer().toString()).contains("203.0.113.7").contains("443");
        assertThat(options.getHost()).isEqualTo("media.example.com");
        assertThat(options.getURI()).isEqualTo("/v/a%20b.mp4?sig=x");
        assertThat(options.isSsl()).isTrue();
        assertThat(options.getFollowRedirects()).isFalse();
    }
}
