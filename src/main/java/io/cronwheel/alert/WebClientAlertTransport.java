package io.cronwheel.alert;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Duration;
import java.util.UUID;

/** Alerts over a keep-alive Vert.x {@link WebClient}, owned by the calling context. */
final class WebClientAlertTransport implements AlertTransport {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final WebClient client;

  WebClientAlertTransport(Vertx vertx) {
    client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setKeepAlive(true)
                .setUserAgent("cronwheel-alerts")
                .setConnectTimeout(CONNECT_TIMEOUT_MS));
  }

  @Override
  public Future<Integer> post(String url, UUID alertId, JsonObject body) {
    return client
        .postAbs(url)
        .timeout(TIMEOUT.toMillis())
        .putHeader("Idempotency-Key", alertId.toString())
        .putHeader("X-Cronwheel-Alert-Id", alertId.toString())
        .as(BodyCodec.none())
        .sendJsonObject(body)
        .map(HttpResponse::statusCode);
  }

  void close() {
    client.close();
  }
}
