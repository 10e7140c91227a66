package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the first token comes to be and the settings around it: a token minted once on an empty
 * table, the operator's {@code CRONWHEEL_ADMIN_TOKEN} replacing its predecessor, authentication
 * switched off, and {@code /metrics} behind a token.
 */
class TokenBootstrapIT {
  private static final String FIRST = "cwt_first-operator-token-000001";
  private static final String SECOND = "cwt_second-operator-token-00002";

  @Test
  void withoutAnAdminTokenTheFirstStartMintsOneAndLaterStartsDoNot() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    for (int start = 0; start < 2; start++) {
      Engine engine = EngineFixture.start(db, Map.of("CRONWHEEL_ADMIN_TOKEN", ""));
      try {
        assertThat(new Api(engine.port()).anonymous().get("/api/v1/jobs").status()).isEqualTo(401);
      } finally {
        engine.stop().await();
      }
      assertThat(tokenNames(db)).isEqualTo("initial-admin");
    }
  }

  @Test
  void aChangedAdminTokenReplacesThePreviousOne() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Engine engine = EngineFixture.start(db, Map.of("CRONWHEEL_ADMIN_TOKEN", FIRST));
    int port = engine.port();
    assertThat(new Api(port).as(FIRST).get("/api/v1/tokens").status()).isEqualTo(200);
    engine.stop().await();

    engine = EngineFixture.start(db, Map.of("CRONWHEEL_ADMIN_TOKEN", SECOND));
    try {
      Api api = new Api(engine.port());
      assertThat(api.as(FIRST).get("/api/v1/jobs").status()).isEqualTo(401);
      assertThat(api.as(SECOND).get("/api/v1/tokens").status()).isEqualTo(200);
      assertThat(tokenNames(db)).as("no token was minted beside it").isEqualTo("env-admin");
    } finally {
      engine.stop().await();
    }
  }

  @Test
  void authOffOpensEverythingAndTheTrailSaysAnonymous() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Engine engine = EngineFixture.start(db, Map.of("CRONWHEEL_AUTH", "off"));
    try {
      Api anyone = new Api(engine.port()).anonymous();
      assertThat(anyone.get("/api/v1/whoami").json().getBoolean("authEnabled")).isFalse();
      assertThat(anyone.put("/api/v1/config", "{\"maxInFlight\": 12345}").status()).isEqualTo(200);
      assertThat(
              anyone
                  .get("/api/v1/audit")
                  .json()
                  .getJsonArray("items")
                  .getJsonObject(0)
                  .getString("actor"))
          .isEqualTo("anonymous");
    } finally {
      engine.stop().await();
    }
  }

  @Test
  void metricsCanBePutBehindTheReadRole() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Engine engine = EngineFixture.start(db, Map.of("CRONWHEEL_METRICS_AUTH", "on"));
    try {
      Api admin = new Api(engine.port());
      assertThat(admin.anonymous().get("/metrics").status()).isEqualTo(401);
      String reader =
          admin
              .post("/api/v1/tokens", "{\"name\": \"prometheus\", \"role\": \"read\"}")
              .json()
              .getString("token");
      assertThat(admin.as(reader).get("/metrics").status()).isEqualTo(200);
      assertThat(admin.anonymous().get("/health/live").status()).isEqualTo(200);
    } finally {
      engine.stop().await();
    }
  }

  private static String tokenNames(PgConnectOptions db) {
    return PostgresFixture.get()
        .queryString(db, "SELECT string_agg(name, ',' ORDER BY name) FROM api_tokens");
  }
}
