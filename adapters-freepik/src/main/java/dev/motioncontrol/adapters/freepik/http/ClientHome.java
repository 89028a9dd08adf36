package dev.motioncontrol.adapters.freepik.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * Where the Freepik client lives: a Vert.x event-loop context of its own, owned by no deployment, and the
 * {@link HttpClient} made with it. Every step of every call runs on that context and every timer is set from
 * it, so they last until the client is closed — not as long as the verticle of whoever built the client or
 * called it.
 *
 * <p>Why: Vert.x 5 ties a timer, and an HTTP client, to the deployment whose context is current when it is made,
 * and undeploying that verticle cancels the timer and closes the client. {@link Vertx#getOrCreateContext()},
 * called on a thread that has no Vert.x context, makes a new event-loop context that no deployment owns; so the
 * home is opened on such a thread — the caller's own when it has no context, else a short-lived thread of its
 * own.
 *
 * <p>Not a verticle of its own: undeploying one from {@link #close()} races with a {@link Vertx#close()} right
 * after it (as when an application closes the client, then Vert.x), and Vert.x then logs a failed undeploy
 * with its stack trace. This home has nothing to undeploy: closing it closes its HTTP client.
 */
final class ClientHome {

    /**
     * How long an idle pooled connection is kept: below the 60 s idle timeout of common load balancers, so that it
     * is this client, not the provider's side, that closes it, and a request is never written to a connection the
     * other side is closing (a submit would then be uncertain for nothing).
     */
    static final int KEEP_ALIVE_TIMEOUT_SECONDS = 20;

    private final Vertx vertx;
    private final FreepikSettings settings;
    private final Promise<ClientHome> opened = Promise.promise();
    private volatile Context context;
    private volatile HttpClient client;

    private ClientHome(Vertx vertx, FreepikSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
    }

    /** A home for a client of {@code settings} on {@code vertx}; {@link #opened()} says when it is ready. */
    static ClientHome open(Vertx vertx, FreepikSettings settings) {
        ClientHome home = new ClientHome(vertx, settings);
        if (Vertx.currentContext() == null) {
            home.openOnThisThread();
        } else {
            // A thread of its own rather than a shared pool's: a busy pool would keep every call waiting.
            Thread opener = new Thread(home::openOnThisThread, "freepik-client-opener");
            opener.setDaemon(true);
            opener.start();
        }
        return home;
    }

    /** On a thread with no Vert.x context: the context made here, and the client, belong to no deployment. */
    private void openOnThisThread() {
        try {
            context = vertx.getOrCreateContext();
            client = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setConnectTimeout((int) settings.connectTimeout().toMillis())
                            .setKeepAliveTimeout(KEEP_ALIVE_TIMEOUT_SECONDS),
                    // As many connections as requests in flight, so no request waits for a connection.
                    new PoolOptions().setHttp1MaxSize(settings.maxConcurrentRequests()));
            opened.complete(this);
        } catch (RuntimeException e) {
            // Vert.x is closed, say.
            opened.tryFail(e);
        }
    }

    /** Completes once the home is ready; fails if it could not be opened. */
    Future<ClientHome> opened() {
        return opened.future();
    }

    Vertx vertx() {
        return vertx;
    }

    /** The home's context, on which every step of every call runs; set once {@link #opened()} completed. */
    Context context() {
        return context;
    }

    HttpClient client() {
        return client;
    }

    /** Closes the HTTP client (and with it every connection); the context needs no closing. */
    void close() {
        opened.future().onSuccess(home -> client.close());
    }
}
