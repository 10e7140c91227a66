package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/** The driver's HTTP client (Vert.x WebClient, keep-alive), to 127.0.0.1 only. */
final class Http implements AutoCloseable {
  static final String HOST = "127.0.0.1";

  final Vertx vertx;
  final WebClient client;

  Http(int maxConnections) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2));
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setConnectTimeout(5000).setUserAgent("cronwheel-bench"), new PoolOptions().setHttp1MaxSize(maxConnections)
        .setMaxWaitQueueSize(-1));
  }

  Future<HttpResponse<Buffer>> request(HttpMethod method, int port, String uri, JsonObject body, long timeoutMs) {
    var request = client.request(method, port, HOST, uri).timeout(timeoutMs);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  HttpResponse<Buffer> call(HttpMethod method, int port, String uri, JsonObject body, long timeoutMs)
      throws Exception {
    return request(method, port, uri, body, timeoutMs).await(timeoutMs + 2000, TimeUnit.MILLISECONDS);
  }

  String getText(int port, String uri, long timeoutMs) throws Exception {
    HttpResponse<Buffer> response = call(HttpMethod.GET, port, uri, null, timeoutMs);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
    }
    return response.bodyAsString();
  }

  JsonObject getJson(int port, String uri, long timeoutMs) throws Exception {
    return new JsonObject(getText(port, uri, timeoutMs));
  }

  /** The status of GET uri, or -1 if nothing answered. */
  int status(int port, String uri, long timeoutMs) {
    try {
      return call(HttpMethod.GET, port, uri, null, timeoutMs).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
  }
}
