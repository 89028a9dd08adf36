package dev.motioncontrol.adapters.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.WebhookSender.Attempt;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookVerification;
import dev.motioncontrol.domain.webhook.WebhookVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedWebhookSenderTest {

    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final UrlAccessPolicy LOOPBACK_ALLOWED = UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1"));
    private static final Task COMPLETED = new Task(new TaskId("3f1a2b4c-0000-4000-8000-00000000abcd"),
        TaskStatus.COMPLETED, List.of(URI.create("https://cdn.example.com/videos/out.mp4")));

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final TimeSource time = now::get;
    private final List<Receiver> receivers = new ArrayList<>();
    private Vertx vertx;
    private FakeHostResolver resolver;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
        resolver = new FakeHostResolver().map("127.0.0.1", "127.0.0.1");
    }

    @AfterEach
    void stopVertx() throws Exception {
        for (Receiver receiver : receivers) {
            receiver.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsTheProviderShapedBodyWithTheThreeSignedHeaders() throws Exception {
        Receiver receiver = receiver(204);

        Attempt attempt = await(sender(LOOPBACK_ALLOWED).send(webhook(receiver.url("/hook?source=kling")), COMPLETED));

        assertThat(attempt).isEqualTo(Attempt.answered(NOW, 204));
        assertThat(receiver.requests).hasSize(1);
        Receiver.Received received = receiver.requests.get(0);
        assertThat(received.path()).isEqualTo("/hook?source=kling");
        assertThat(received.bodyText()).isEqualTo("{\"task_id\":\"3f1a2b4c-0000-4000-8000-00000000abcd\","
            + "\"status\":\"COMPLETED\",\"generated\":[\"https://cdn.example.com/videos/out.mp4\"]}");
        assertThat(received.headers())
            .containsEntry("content-type", "application/json")
            .containsEntry("user-agent", WebhookSenderSettings.DEFAULT_USER_AGENT)
            .containsEntry("webhook-id", "msg_3f1a2b4c-0000-4000-8000-00000000abcd_COMPLETED")
            .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()));
        assertThat(received.headers().get("webhook-signature")).startsWith("v1,");
    }

    @Test
    void signatureVerifiesWithTheDomainVerifierAndTheSameSecret() throws Exception {
        Receiver receiver = receiver(200);

        await(sender(LOOPBACK_ALLOWED).send(webhook(receiver.url("/hook")), COMPLETED));

        Receiver.Received received = receiver.requests.get(0);
        WebhookVerification verification = WebhookVerifier.of(SECRET)
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
            .verify(received.headers(), received.body());
        assertThat(verification).isEqualTo(new WebhookVerification.Verified(
            "msg_3f1a2b4c-0000-4000-8000-00000000abcd_COMPLETED", NOW));
        assertThat(WebhookVerifier.of(WebhookSecret.parse("another secret"))
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
            .verify(received.headers(), received.body()).isVerified()).isFalse();
    }

    @Test
    void webhookIdIsTheSameOnEveryAttemptForOneTaskStateAndDiffersForAnother() throws Exception {
        Receiver receiver = receiver(500);
        SignedWebhookSender sender = sender(LOOPBACK_ALLOWED);

        await(sender.send(webhook(receiver.url("/hook")), COMPLETED));
        now.set(NOW.plusSeconds(30));
        await(sender.send(webhook(receiver.url("/hook")), COMPLETED));
        await(sender.send(webhook(receiver.url("/hook")), new Task(COMPLETED.id(), TaskStatus.FAILED, List.of())));

        assertThat(receiver.requests).extracting(r -> r.headers().get("webhook-id")).containsExactly(
            "msg_3f1a2b4c-0000-4000-8000-00000000abcd_COMPLETED",
            "msg_3f1a2b4c-0000-4000-8000-00000000abcd_COMPLETED",
            "msg_3f1a2b4c-0000-4000-8000-00000000abcd_FAILED");
        assertThat(receiver.requests).extracting(r -> r.headers().get("webhook-timestamp")).containsExactly(
            Long.toString(NOW.getEpochSecond()), Long.toString(NOW.getEpochSecond() + 30),
            Long.toString(NOW.getEpochSecond() + 30));
    }

    @Test
    void webhookIdOfAStatusOutsideTheSafeCharactersStaysAValidHeaderValue() {
        Task odd = new Task(new TaskId("t1"), TaskStatus.of("on hold: ü"), List.of());

        assertThat(WebhookMessage.webhookId(odd)).isEqualTo("msg_t1_on_hold_");
    }

    @Test
    void generatedIsAnEmptyArrayWhenNothingWasGenerated() throws Exception {
        Receiver receiver = receiver(200);

        await(sender(LOOPBACK_ALLOWED).send(webhook(receiver.url("/hook")), Task.created(new TaskId("t-1"))));

        assertThat(receiver.requests.get(0).bodyText())
            .isEqualTo("{\"task_id\":\"t-1\",\"status\":\"CREATED\",\"generated\":[]}");
    }

    @Test
    void connectsToTheResolvedAddressWhileTheHostHeaderKeepsTheUrlsName() throws Exception {
        Receiver receiver = receiver(200);
        resolver.map("hooks.test", "127.0.0.1");

        Attempt attempt = await(sender(LOOPBACK_ALLOWED)
            .send(webhook("http://hooks.test:" + receiver.port() + "/hook"), COMPLETED));

        // The platform cannot resolve hooks.test: only the checked address can have been dialled.
        assertThat(attempt.status()).hasValue(200);
        assertThat(receiver.requests).singleElement()
            .satisfies(r -> assertThat(r.headers()).containsEntry("host", "hooks.test:" + receiver.port()));
    }

    @Test
    void refusesALoopbackLiteralByDefaultWithoutConnecting() throws Exception {
        Receiver receiver = receiver(200);

        Attempt attempt = await(sender(UrlAccessPolicy.publicOnly()).send(webhook(receiver.url("/hook")), COMPLETED));

        assertThat(attempt.status()).isEmpty();
        assertThat(attempt.error()).hasValueSatisfying(error -> assertThat(error).startsWith("refused: ")
            .contains("127.0.0.1"));
        assertThat(attempt.at()).isEqualTo(NOW);
        assertThat(receiver.connections).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.5", "169.254.169.254", "::1"})
    void refusesAPublicLookingNameThatResolvesToANonPublicAddress(String address) throws Exception {
        Receiver receiver = receiver(200);
        resolver.map("hooks.example.com", address);

        Attempt attempt = await(sender(UrlAccessPolicy.publicOnly())
            .send(webhook("http://hooks.example.com:" + receiver.port() + "/hook"), COMPLETED));

        assertThat(attempt.error()).hasValueSatisfying(error -> assertThat(error)
            .startsWith("refused: ").contains("hooks.example.com resolves to"));
        assertThat(receiver.connections).hasValue(0);
    }

    @Test
    void refusesWhenAnyOfTheResolvedAddressesIsNonPublic() throws Exception {
        Receiver receiver = receiver(200);
        resolver.map("hooks.example.com", "203.0.113.7", "127.0.0.1");

        Attempt attempt = await(sender(UrlAccessPolicy.publicOnly())
            .send(webhook("http://hooks.example.com:" + receiver.port() + "/hook"), COMPLETED));

        assertThat(attempt.error()).hasValueSatisfying(error -> assertThat(error)
            .startsWith("refused: ").contains("127.0.0.1"));
        assertThat(receiver.connections).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hooks.test", "127.0.0.0/8", "127.0.0.1"})
    void anAllowListEntryForTheNameOrTheNetworkLetsItThrough(String allowed) throws Exception {
        Receiver receiver = receiver(200);
        resolver.map("hooks.test", "127.0.0.1");

        Attempt attempt = await(sender(UrlAccessPolicy.publicOnlyExcept(List.of(allowed)))
            .send(webhook("http://hooks.test:" + receiver.port() + "/hook"), COMPLETED));

        assertThat(attempt.status()).hasValue(200);
        assertThat(receiver.requests).hasSize(1);
    }

    @Test
    void aRebindingAnswerCannotLeadTheConnectionAwayFromTheCheckedAddress() throws Exception {
        Receiver receiver = receiver(200);
        // Public (TEST-NET-1, never routed) when checked, loopback at any later look-up.
        resolver.map("rebind.example.com", "192.0.2.1").thenMap("rebind.example.com", "127.0.0.1");

        Attempt attempt = await(sender(UrlAccessPolicy.publicOnly(), Duration.ofMillis(500))
            .send(webhook("http://rebind.example.com:" + receiver.port() + "/hook"), COMPLETED));

        assertThat(attempt.status()).isEmpty();
        // Refused or unroutable, depending on the network: either way the checked address is the one dialled.
        assertThat(attempt.error()).hasValueSatisfying(error -> assertThat(error).satisfiesAnyOf(
            e -> assertThat(e).startsWith("connection failed: ").contains("192.0.2.1"),
            e -> assertThat(e).isEqualTo("timed out after 500 ms")));
        assertThat(resolver.lookups).hasValue(1);
        assertThat(receiver.connections).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 410, 404, 301})
    void anyHttpAnswerIsAnsweredWithItsStatus(int status) throws Exception {
        Receiver receiver = receiver(status);

        Attempt attempt = await(sender(LOOPBACK_ALLOWED).send(webhook(receiver.url("/hook")), COMPLETED));

        assertThat(attempt).isEqualTo(Attempt.answered(NOW, status));
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 303, 307, 308})
    void aRedirectIsAnsweredAndNotFollowed(int status) throws Exception {
        Receiver target = receiver(200);
        Receiver redirecting = track(Receiver.start(vertx, new HttpServerOptions(), request -> request.response()
            .setStatusCode(status).putHeader("location", target.url("/elsewhere")).end()));

        Attempt attempt = await(sender(LOOPBACK_ALLOWED).send(webhook(redirecting.url("/hook")), COMPLETED));

        assertThat(attempt).isEqualTo(Attempt.answered(NOW, status));
        assertThat(redirecting.requests).hasSize(1);
        assertThat(target.connections).hasValue(0);
    }

    @Test
    void aReceiverThatNeverAnswersIsATimeoutWithinTheTimeout() throws Exception {
        Receiver silent = track(Receiver.start(vertx, new HttpServerOptions(), request -> { }));
        Duration timeout = Duration.ofMillis(400);

        long started = System.nanoTime();
        Attempt attempt = await(sender(LOOPBACK_ALLOWED, timeout).send(webhook(silent.url("/hook")), COMPLETED));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(attempt.status()).isEmpty();
        assertThat(attempt.error()).hasValue("timed out after 400 ms");
        assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(2));
        assertThat(silent.requests).hasSize(1);
    }

    @Test
    void aClosedPortIsAFailedConnection() throws Exception {
        Receiver closed = Receiver.answering(vertx, 200);
        String url = closed.url("/hook");
        closed.close();

        Attempt attempt = await(sender(LOOPBACK_ALLOWED).send(webhook(url), COMPLETED));

        assertThat(attempt.status()).isEmpty();
        assertThat(attempt.error()).hasValueSatisfying(error -> assertThat(error).startsWith("connection failed: "));
    }

    @Test
    void aNameThatDoesNotResolveIsAFailedAttempt() throws Exception {
        Attempt attempt = await(sender(UrlAccessPolicy.publicOnly())
            .send(webhook("https://nowhere.example.com/hook"), COMPLETED));

        assertThat(attempt).isEqualTo(Attempt.failed(NOW,
            "could not resolve nowhere.example.com: nowhere.example.com does not resolve"));
    }

    @Test
    void aResolverThatNeverAnswersIsAFailedAttemptWithinTheTimeout() throws Exception {
        SignedWebhookSender sender = new SignedWebhookSender(vertx,
            settings(UrlAccessPolicy.publicOnly()).withTimeout(Duration.ofMillis(300)),
            host -> new CompletableFuture<>(), time);

        Attempt attempt = await(sender.send(webhook("https://slow-dns.example.com/hook"), COMPLETED));

        assertThat(attempt.error()).hasValue("could not resolve slow-dns.example.com within 300 ms");
    }

    @Test
    void aResolverThatThrowsIsAFailedAttempt() throws Exception {
        SignedWebhookSender sender = new SignedWebhookSender(vertx, settings(UrlAccessPolicy.publicOnly()),
            host -> {
                throw new IllegalStateException("resolver broken");
            }, time);

        Attempt attempt = await(sender.send(webhook("https://hooks.example.com/hook"), COMPLETED));

        assertThat(attempt.error()).hasValue("could not resolve hooks.example.com: resolver broken");
    }

    @Test
    void dropsTheConnectionOnceTheResponseBodyExceedsTheLimit() throws Exception {
        Receiver chatty = track(Receiver.start(vertx, new HttpServerOptions(), request -> request.response()
            .setStatusCode(200).end(Buffer.buffer(new byte[256 * 1024]))));
        SignedWebhookSender sender = new SignedWebhookSender(vertx,
            settings(LOOPBACK_ALLOWED).withMaxResponseBytes(1024), resolver, time);

        Attempt attempt = await(sender.send(webhook(chatty.url("/hook")), COMPLETED));

        assertThat(attempt.status()).hasValue(200);
        chatty.aConnectionClosed.get(5, TimeUnit.SECONDS);
    }

    @Test
    void tlsNamesAndVerifiesTheUrlsHostWhileConnectingToTheResolvedAddress() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("hooks.test");
        Receiver receiver = track(Receiver.start(vertx, new HttpServerOptions().setSsl(true).setSni(true)
            .setKeyCertOptions(certificate.keyCertOptions()), request -> request.response().end()));
        resolver.map("hooks.test", "127.0.0.1").map("other.test", "127.0.0.1");
        SignedWebhookSender sender = new SignedWebhookSender(vertx, settings(LOOPBACK_ALLOWED), resolver, time,
            new HttpClientOptions().setTrustOptions(certificate.trustOptions()));

        Attempt matching = await(sender.send(webhook("https://hooks.test:" + receiver.port() + "/hook"), COMPLETED));
        Attempt mismatching = await(sender.send(webhook("https://other.test:" + receiver.port() + "/hook"), COMPLETED));

        assertThat(matching.status()).hasValue(200);
        assertThat(receiver.requests).singleElement()
            .satisfies(r -> assertThat(r.serverName()).isEqualTo("hooks.test"));
        assertThat(mismatching.status()).isEmpty();
        assertThat(mismatching.error()).hasValueSatisfying(error -> assertThat(error)
            .startsWith("connection failed").contains("other.test"));
    }

    private Receiver receiver(int status) throws Exception {
        return track(Receiver.answering(vertx, status));
    }

    private Receiver track(Receiver receiver) {
        receivers.add(receiver);
        return receiver;
    }

    private SignedWebhookSender sender(UrlAccessPolicy policy) {
        return new SignedWebhookSender(vertx, settings(policy), resolver, time);
    }

    private SignedWebhookSender sender(UrlAccessPolicy policy, Duration timeout) {
        return new SignedWebhookSender(vertx, settings(policy).withTimeout(timeout), resolver, time);
    }

    private static WebhookSenderSettings settings(UrlAccessPolicy policy) {
        return WebhookSenderSettings.of(SECRET, policy);
    }

    private static WebhookUrl webhook(String url) {
        return new WebhookUrl(HttpUrl.of(url));
    }

    private static Attempt await(CompletionStage<Attempt> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
