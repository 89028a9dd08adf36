package dev.motioncontrol.adapters.webhooks;

import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.application.port.out.WebhookSender;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.outbound.CheckedDialling;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Delivers one signed webhook per call over HTTP(S), with a Vert.x HTTP client kept for the life of the sender.
 *
 * <p>What it posts is the task's {@link WebhookMessage}: the provider's payload and the three Standard Webhooks
 * headers, signed, stamped with the {@link TimeSource}'s time of the attempt.
 *
 * <p>No server-side request forgery: the URL is judged by the {@link dev.motioncontrol.domain.UrlAccessPolicy}, its host
 * is resolved at the time of the call, and <em>every</em> address it resolves to is judged again; if any is refused,
 * nothing is sent. The connection then goes to the first checked address itself, never to the name again, so a DNS
 * answer that changes in between (rebinding) cannot lead it elsewhere. The {@code host} header, TLS SNI and the
 * certificate's host name check still use the URL's host. Redirects are never followed: a 3xx is an answer like any
 * other.
 *
 * <p>The stage never fails. Any HTTP status is {@link Attempt#answered answered}; a refusal, a name that does not
 * resolve, a connection failure or a timeout is {@link Attempt#failed failed} with a short reason that never quotes the
 * body or the secret. Resolution and the HTTP exchange are each bounded by the configured timeout, so an attempt
 * ends within twice that. The outcome is known once the receiver's status line arrives; its body is read (at most
 * {@code maxResponseBytes}, then the connection is dropped) only so the connection can be reused.
 */
public final class SignedWebhookSender implements WebhookSender {

    private static final int MAX_REASON_LENGTH = 200;

    private final Vertx vertx;
    private final WebhookSenderSettings settings;
    private final CheckedDialling dialling;
    private final TimeSource time;
    private final HttpClientAgent client;

    public SignedWebhookSender(Vertx vertx, WebhookSenderSettings settings, HostResolver resolver, TimeSource time) {
        this(vertx, settings, resolver, time, new HttpClientOptions());
    }

    /** With other client options (trust store, TLS versions); redirects and the timeouts stay as the sender needs. */
    SignedWebhookSender(Vertx vertx, WebhookSenderSettings settings, HostResolver resolver, TimeSource time,
                        HttpClientOptions clientOptions) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialling = new CheckedDialling(vertx, Objects.requireNonNull(resolver, "resolver"),
            settings.accessPolicy());
        this.time = Objects.requireNonNull(time, "time");
        HttpClientOptions options = new HttpClientOptions(clientOptions)
            .setVerifyHost(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis()));
        this.client = vertx.createHttpClient(options);
    }

    @Override
    public CompletionStage<Attempt> send(WebhookUrl target, Task task) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(task, "task");
        HttpUrl url = target.url();
        Future<Attempt> attempt;
        try {
            attempt = attempt(url, task);
        } catch (RuntimeException unexpected) {
            attempt = Future.failedFuture(unexpected);
        }
        return attempt
            .recover(unexpected -> Future.succeededFuture(failed("failed: " + describe(unexpected))))
            .toCompletionStage();
    }

    /** Closes the HTTP client; attempts in flight fail. */
    public Future<Void> close() {
        return client.close();
    }

    private Future<Attempt> attempt(HttpUrl url, Task task) {
        return dialling.check(url, timeoutMillis(), null).compose(checked -> {
            if (checked instanceof CheckedDialling.Allowed allowed) {
                return post(url, allowed.address(), task);
            }
            if (checked instanceof CheckedDialling.Refused refused) {
                return Future.succeededFuture(failed("refused: " + refused.reason()));
            }
            CheckedDialling.Unresolved unresolved = (CheckedDialling.Unresolved) checked;
            String name = unresolved.host();
            return Future.succeededFuture(failed(unresolved.timedOut()
                ? "could not resolve " + name + " within " + timeoutMillis() + " ms"
                : unresolved.cause() == null ? "could not resolve " + name + ": no address"
                : "could not resolve " + name + ": " + describe(unresolved.cause())));
        });
    }

    /** One POST to {@code address}, which was checked, with the URL's host as the authority and the TLS peer. */
    private Future<Attempt> post(HttpUrl url, InetAddress address, Task task) {
        WebhookMessage message = WebhookMessage.of(settings.secret(), task, time.now());
        Buffer body = Buffer.buffer(message.body());

        RequestOptions options = CheckedDialling.requestTo(url, address)
            .setMethod(HttpMethod.POST)
            .setConnectTimeout(timeoutMillis())
            .setIdleTimeout(timeoutMillis())
            .putHeader(HttpHeaders.USER_AGENT, settings.userAgent());
        message.headers().forEach(options::putHeader);

        Promise<Attempt> outcome = Promise.promise();
        Exchange exchange = new Exchange();
        exchange.timer = vertx.setTimer(timeoutMillis(), id -> {
            outcome.tryComplete(failed("timed out after " + timeoutMillis() + " ms"));
            exchange.abandon();
        });
        client.request(options)
            .compose(request -> {
                exchange.request = request;
                if (outcome.future().isComplete()) {
                    // The deadline passed while connecting: drop the connection rather than send late.
                    request.reset();
                    return Future.failedFuture(new TimeoutException());
                }
                return request.send(body);
            })
            .onComplete(result -> {
                if (result.failed()) {
                    vertx.cancelTimer(exchange.timer);
                    outcome.tryComplete(failed(describeFailure(result.cause())));
                    return;
                }
                HttpClientResponse response = result.result();
                outcome.tryComplete(Attempt.answered(time.now(), response.statusCode()));
                drain(response, exchange);
            });
        return outcome.future();
    }

    /** Reads and drops the body, so the connection can be reused, up to the byte limit and within the timeout. */
    private void drain(HttpClientResponse response, Exchange exchange) {
        long[] read = {0};
        response.exceptionHandler(ignored -> vertx.cancelTimer(exchange.timer));
        response.endHandler(ignored -> vertx.cancelTimer(exchange.timer));
        response.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > settings.maxResponseBytes()) {
                vertx.cancelTimer(exchange.timer);
                exchange.abandon();
            }
        });
    }

    private String describeFailure(Throwable cause) {
        if (cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "timed out after " + timeoutMillis() + " ms";
        }
        return "connection failed: " + describe(cause);
    }

    /** The failure's message, and its root cause's when that says more (a TLS failure names the mismatch there). */
    private static String describe(Throwable cause) {
        String text = messageOf(cause);
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && !text.contains(messageOf(root))) {
            text = text + " (" + messageOf(root) + ")";
        }
        text = text.replaceAll("\\s+", " ").trim();
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }

    private static String messageOf(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private Attempt failed(String reason) {
        return Attempt.failed(time.now(), reason);
    }

    private long timeoutMillis() {
        return settings.timeout().toMillis();
    }

    /** The request in flight and its deadline, so either the deadline or the byte limit can drop it. */
    private static final class Exchange {
        private volatile HttpClientRequest request;
        private volatile long timer;

        void abandon() {
            HttpClientRequest inFlight = request;
            if (inFlight != null) {
                inFlight.reset();
            }
        }
    }
}
