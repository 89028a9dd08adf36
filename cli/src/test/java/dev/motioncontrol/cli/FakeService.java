package dev.motioncontrol.cli;

import dev.motioncontrol.server.MotionControlServer;
import dev.motioncontrol.server.ServerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The real service on the fake provider, in this JVM on a free port, with short fake delays. */
final class FakeService implements AutoCloseable {

    /** The keys the service accepts: a test's client and another. */
    static final String KEY = "cli-test-key-7f3a";
    static final String OTHER_KEY = "cli-other-key-91c2";

    private final MotionControlServer server;

    private FakeService(MotionControlServer server) {
        this.server = server;
    }

    /** Started with {@code variables} over the defaults: delays of 0 and 300 ms, the two keys. */
    static FakeService start(Map<String, String> variables) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "FAKE_QUEUE_DELAY", "0", "FAKE_GENERATION_DELAY", "300ms",
                "CLIENT_API_KEYS", KEY + "," + OTHER_KEY));
        env.putAll(variables);
        return new FakeService(MotionControlServer.start(ServerConfig.from(env))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    String baseUrl() {
        return server.baseUrl().toString();
    }

    /** The command line's environment for this service and {@code key}. */
    Map<String, String> environment(String key) {
        return Map.of(ServiceConnection.URL_VARIABLE, baseUrl(), ServiceConnection.KEY_VARIABLE, key);
    }

    Map<String, String> environment() {
        return environment(KEY);
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fake service stopped", e);
        }
    }
}
