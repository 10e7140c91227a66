package io.cronwheel.alert;

import io.cronwheel.dispatch.TargetAddresses;
import io.cronwheel.dispatch.TargetSecurity;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Alerts over a keep-alive Vert.x {@link WebClient}, owned by the calling context. Each webhook's
 * host is held to the target policy and the request goes to the vetted address, as fires do.
 */
final class WebClientAlertTransport implements AlertTransport {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final WebClient client;
  private final TargetAddresses targets;

  WebClientAlertTransport(Vertx vertx, TargetSecurity security, Clock clock) {
    WebClientOptions options =
        new WebClientOptions()
            .setKeepAlive(true)
            .setUserAgent("cronwheel-alerts")
            .setConnectTimeout(CONNECT_TIMEOUT_MS);
    // A redirect would lead past the target policy: the webhook's own answer is final.
    options.setFollowRedirects(false);
    options.setVerifyHost(true).setForceSni(true);
    security.trust().ifPresent(options::setTrustOptions);
    client = WebClient.create(vertx, options);
    targets = new TargetAddresses(vertx, security.policy(), clock);
  }

  @Override
  public Future<Integer> post(String url, UUID alertId, JsonObject body) {
    URI uri = URI.create(url);
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : ssl ? 443 : 80;
    String host = uri.getHost();
    String key = host.toLowerCase(Locale.ROOT) + ":" + port;
    TargetAddresses.Verdict known = targets.now(key, host, port);
    Future<TargetAddresses.Verdict> verdict =
        known != null ? Future.succeededFuture(known) : targets.resolve(key, host, port);
    return verdict.compose(v -> post(url, v, alertId, body));
  }

  private Future<Integer> post(
      String url, TargetAddresses.Verdict verdict, UUID alertId, JsonObject body) {
    if (verdict.refusal() != null) {
      return Future.failedFuture(
          new WebhookRefused("webhook refused by policy: " + verdict.refusal()));
    }
    if (verdict.server() == null) {
      return Future.failedFuture(verdict.unresolved());
    }
    return client
        .requestAbs(HttpMethod.POST, verdict.server(), url)
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
