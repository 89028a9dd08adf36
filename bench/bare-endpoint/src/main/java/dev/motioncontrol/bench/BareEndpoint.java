package dev.motioncontrol.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/**
 * The baseline of the load benchmark: a bare Vert.x HTTP server that answers every request with a
 * fixed JSON body the size of the service's task-status response, and does nothing else.
 *
 * <p>It deploys one instance per core, as the service does, so that the benchmark's ratios
 * (service / bare) measure what the service's routing, validation, mapping and use cases cost on
 * top of Vert.x itself, on the same machine, in the same run.
 *
 * <p>It answers POSTs too (with the same body), only so that it can stand in for the service
 * ({@code SERVICE_CMD}) when the benchmark script itself is being tested; the baseline figure is
 * always a GET.
 *
 * <p>Usage: {@code java -jar bare-endpoint.jar PORT}; prints {@code listening on http://127.0.0.1:PORT}
 * once every instance is listening.
 */
public final class BareEndpoint extends VerticleBase {

  /** Shaped like the service's status response: {@code {"data":{"task_id":…,"status":…,"generated":[]}}}. */
  static final Buffer BODY = Buffer.buffer(
      "{\"data\":{\"task_id\":\"4f0c5a8e-2b1d-4c3e-9f7a-6d5e4c3b2a19\",\"status\":\"COMPLETED\",\"generated\":[]}}");

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private final int port;

  BareEndpoint(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer()
        .requestHandler(request -> request.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
            .end(BODY))
        .listen(port, "127.0.0.1");
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -jar bare-endpoint.jar PORT");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    DeploymentOptions options = new DeploymentOptions()
        .setInstances(Runtime.getRuntime().availableProcessors());
    vertx.deployVerticle(() -> new BareEndpoint(port), options)
        .onSuccess(id -> System.out.println("listening on http://127.0.0.1:" + port))
        .onFailure(failure -> {
          System.err.println("failed to start: " + failure);
          vertx.close().onComplete(closed -> System.exit(1));
        });
  }
}
