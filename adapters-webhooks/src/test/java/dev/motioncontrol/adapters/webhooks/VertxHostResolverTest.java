package dev.motioncontrol.adapters.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VertxHostResolverTest {

    private final Vertx vertx = Vertx.vertx();
    private final VertxHostResolver resolver = new VertxHostResolver(vertx);

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anIpv4LiteralIsItsOwnOnlyAddress() throws Exception {
        assertThat(await(resolver.resolve("203.0.113.7"))).containsExactly(InetAddress.getByName("203.0.113.7"));
    }

    @Test
    void anIpv6LiteralWithOrWithoutBracketsIsItsOwnOnlyAddress() throws Exception {
        assertThat(await(resolver.resolve("[2001:db8::1]"))).containsExactly(InetAddress.getByName("2001:db8::1"));
        assertThat(await(resolver.resolve("::1"))).containsExactly(InetAddress.getByName("::1"));
    }

    @Test
    void aLiteralIsAnsweredAtOnceWithoutALookUp() {
        assertThat(resolver.resolve("192.0.2.1").toCompletableFuture()).isCompleted();
    }

    @Test
    void aNameResolvesToEveryAddressThePlatformKnows() throws Exception {
        List<InetAddress> addresses = await(resolver.resolve("localhost"));

        assertThat(addresses).isNotEmpty().allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
    }

    @Test
    void aNameThatDoesNotResolveFailsTheStageNamingIt() {
        assertThatThrownBy(() -> await(resolver.resolve("no-such-host.invalid")))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(UnknownHostException.class).hasMessage("no-such-host.invalid does not resolve");
    }

    private static List<InetAddress> await(CompletionStage<List<InetAddress>> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
