package io.cronwheel.dispatch;

import io.cronwheel.model.Fire;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;

/**
 * Sends attempts over one partition's keep-alive HTTP client (a Vert.x {@link WebClient} on the
 * partition's event loop). Each job's {@code timeoutMs} bounds its request; the response body is
 * discarded unread.
 */
final class WebClientTransport implements FireTransport {
  private final HttpClientAgent httpClient;
  private final WebClient client;
  private final Clock clock;

  private WebClientTransport(HttpClientAgent httpClient, WebClient client, Clock clock) {
    this.httpClient = httpClient;
    this.client = client;
    this.clock = clock;
  }

  /** Builds the client on the caller's context: call it from the partition's event loop. */
  static WebClientTransport create(
      Vertx vertx, DispatchSettings settings, String name, Clock clock) {
    WebClientOptions options =
        new WebClientOptions()
            .setKeepAlive(true)
            .setFollowRedirects(false)
            .setUserAgent("cronwheel")
            .setConnectTimeout((int) settings.connectTimeout().toMillis())
            .setPipelining(settings.pipeliningLimit() > 1)
            .setPipeliningLimit(settings.pipeliningLimit())
            .setName(name);
    HttpClientAgent httpClient =
        vertx
            .httpClientBuilder()
            .with(options)
            .with(new PoolOptions().setHttp1MaxSize(settings.poolSize()))
            .withConnectHandler(FlushBatching::install)
            .build();
    return new WebClientTransport(httpClient, WebClient.wrap(httpClient, options), clock);
  }

  @Override
  public Future<Outcome> send(Fire fire, int attempt) {
    FireRequestFactory.FireRequest spec = FireRequestFactory.build(fire, attempt);
    Future<HttpResponse<Void>> response;
    try {
      HostKeys.ParsedUrl url = HostKeys.parse(fire.job().target().url());
      HttpRequest<Void> request =
          (url.host() == null
                  ? client.requestAbs(spec.method(), spec.url())
                  : client
                      .request(spec.method(), url.port(), url.host(), url.requestUri())
                      .ssl(url.ssl()))
              .timeout(fire.job().timeout().toMillis())
              .as(BodyCodec.none());
      spec.headers().forEach(request::putHeader);
      response = spec.body() == null ? request.send() : request.sendBuffer(spec.body());
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    return response.transform(
        ar ->
            Future.succeededFuture(
                ar.succeeded()
                    ? Outcome.ofStatus(
                        ar.result().statusCode(),
                        ar.result().getHeader("Retry-After"),
                        clock.epochMillis())
                    : Outcome.ofError(ar.cause())));
  }

  @Override
  public Future<Void> close() {
    client.close();
    return httpClient.close();
  }
}
