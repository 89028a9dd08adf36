package dev.motioncontrol.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import ch.qos.logback.classic.LoggerContext;
import com.google.common.net.InetAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the service with the configuration of the environment (see the README), until SIGTERM. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            LOG.error("Cannot start: {}", e.getMessage());
            flushLogs();
            System.exit(2);
            return;
        }
        MotionControlServer.start(config)
                .onSuccess(server -> {
                    LOG.info("Motion control listening on {} (provider {}, state {}, {})", server.baseUrl(),
                            config.provider() == ServerConfig.Provider.FREEPIK
                                    ? "freepik at " + config.freepik().baseUrl() : "fake",
                            config.store().location().describe(),
                            config.clientKeys().isEmpty() ? "any API key accepted"
                                    : config.clientKeys().size() + " API keys accepted");
                    LOG.info("Try it in a browser at {}playground; the API is described at {}openapi.yaml",
                            server.baseUrl(), server.baseUrl());
                    server.managementPort().ifPresent(port -> LOG.info("Management listener on {}:{}: metrics at "
                            + "/metrics, health at /health/live and /health/ready{}", config.operations().managementHost(),
                            port, config.operations().managementToken().isPresent() ? " (bearer token required)" : ""));
                    if (server.managementPort().isPresent() && config.operations().managementToken().isEmpty()
                            && !isLoopback(config.operations().managementHost())) {
                        LOG.warn("The management listener answers anyone who reaches {} without a token: set "
                                + "MANAGEMENT_TOKEN_FILE, or MANAGEMENT_HOST=127.0.0.1", config.operations().managementHost());
                    }
                    config.results().describe().ifPresent(LOG::info);
                    config.results().caveat(config.store().location()).ifPresent(LOG::warn);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, config.shutdownGrace()),
                            "motion-control-shutdown"));
                })
                .onFailure(failure -> {
                    LOG.error("Cannot start: {}", failure.getMessage());
                    flushLogs();
                    System.exit(1);
                });
    }

    /** Runs on SIGTERM: the JVM exits when this returns, so wait (off any event loop) for in-flight requests. */
    private static void stop(MotionControlServer server, Duration grace) {
        LOG.info("Shutting down: finishing in-flight requests (up to {} s)", grace.toSeconds());
        try {
            server.close().toCompletionStage().toCompletableFuture()
                    .get(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            LOG.info("Stopped");
        } catch (Exception e) {
            LOG.warn("Shutdown did not finish cleanly: {}", e.toString());
        }
        flushLogs();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost")
                || InetAddresses.isInetAddress(host) && InetAddresses.forString(host).isLoopbackAddress();
    }

    /** Writes out the lines still queued for the console (logback.xml queues them): the process is about to end. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.stop();
        }
    }
}
