package io.cronwheel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.SelfSignedCert;
import io.cronwheel.support.Waits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS both ways, with real handshakes: the API on HTTPS when given a certificate and key (a plain
 * HTTP client is refused), and fires to an HTTPS target whose self-signed certificate is refused
 * unless {@code CRONWHEEL_TARGET_CA_BUNDLE} names it.
 */
class TlsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path dir;
  private static SelfSignedCert cert;
  private static Vertx vertx;
  private static HttpServer httpsReceiver;
  private static final AtomicInteger received = new AtomicInteger();

  @BeforeAll
  static void start() {
    cert = SelfSignedCert.create(dir);
    vertx = Vertx.vertx();
    httpsReceiver =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(cert.certPem().toString())
                            .setKeyPath(cert.keyPem().toString())))
            .requestHandler(
                request -> {
                  received.incrementAndGet();
                  request.response().end();
                })
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void api_speaksHttpsWithTheGivenCertificateAndRefusesPlainHttp() throws Exception {
    Engine engine =
        EngineFixture.start(
            PostgresFixture.get().newDatabase(),
            Map.of(
                "CRONWHEEL_TLS_CERT", cert.certPem().toString(),
                "CRONWHEEL_TLS_KEY", cert.keyPem().toString()));
    try {
      HttpClient https = HttpClient.newBuilder().sslContext(cert.trustingIt()).build();
      HttpResponse<String> live =
          https.send(
              HttpRequest.newBuilder(
                      URI.create("https://localhost:" + engine.port() + "/health/live"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.sslSession()).isPresent();

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(
              () ->
                  plain.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + engine.port() + "/health/live"))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    } finally {
      engine.stop().await();
    }
  }

  @Test
  void target_withASelfSignedCertificateIsRefusedWithoutTheCaBundleAndReachedWithIt() {
    String url = "https://localhost:" + httpsReceiver.actualPort() + "/tls";

    Engine plain = EngineFixture.start(PostgresFixture.get().newDatabase());
    try {
      JsonObject execution = fireOnce(new Api(plain.port()), url);
      assertThat(execution.getString("status")).isEqualTo("FAILED");
      assertThat(execution.getString("error")).containsIgnoringCase("SSL");
      assertThat(received.get()).as("the handshake failed: no request").isZero();
    } finally {
      plain.stop().await();
    }

    Engine trusting =
        EngineFixture.start(
            PostgresFixture.get().newDatabase(),
            Map.of("CRONWHEEL_TARGET_CA_BUNDLE", cert.certPem().toString()));
    try {
      JsonObject execution = fireOnce(new Api(trusting.port()), url);
      assertThat(execution.getString("status")).as(execution.encode()).isEqualTo("SUCCEEDED");
      assertThat(received.get()).isEqualTo(1);
    } finally {
      trusting.stop().await();
    }
  }

  /** Creates a paused job, triggers it once and returns its finished execution. */
  private static JsonObject fireOnce(Api api, String url) {
    Api.Response created =
        api.post(
            "/api/v1/jobs",
            new JsonObject()
                .put("name", "tls-" + UUID.randomUUID())
                .put("schedule", "0 0 0 1 1 *")
                .put("active", false)
                .put("target", new JsonObject().put("url", url))
                .put("retry", new JsonObject().put("maxAttempts", 1))
                .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(api.post("/api/v1/jobs/" + id + "/trigger", "").status()).isEqualTo(202);
    Waits.until(
        () -> finished(api, id) != null, WAIT, () -> "the execution of " + id + " finished");
    return finished(api, id);
  }

  private static JsonObject finished(Api api, String id) {
    JsonArray items = api.get("/api/v1/jobs/" + id + "/executions").json().getJsonArray("items");
    if (items.isEmpty()) {
      return null;
    }
    JsonObject execution = items.getJsonObject(0);
    String status = execution.getString("status");
    return status.equals("SUCCEEDED") || status.equals("FAILED") ? execution : null;
  }
}
