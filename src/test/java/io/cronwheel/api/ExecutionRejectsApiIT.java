package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/executions/rejects}: the records PostgreSQL refused, for operators. */
class ExecutionRejectsApiIT {
  private static PgConnectOptions db;
  private static Engine engine;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresFixture.get().newDatabase();
    try (Connection c =
            DriverManager.getConnection(
                PostgresFixture.get().jdbcUrl(db.getDatabase()), db.getUser(), db.getPassword());
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO execution_rejects (execution_id, job_id, scheduled_at, payload, sqlstate, error,"
              + " rejected_at) SELECT gen_random_uuid(), gen_random_uuid(), timestamptz"
              + " '2026-06-01T12:00:00Z' + g * interval '1 s', jsonb_build_object('error',"
              + " 'bad\\u0000byte', 'n', g), '22021', 'invalid byte sequence for encoding \"UTF8\": 0x00',"
              + " now() FROM generate_series(1, 5) g");
    }
    engine = EngineFixture.start(db);
    api = new Api(engine.port());
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
  }

  @Test
  void rejects_areListedNewestFirstPageByPage() {
    List<JsonObject> seen = new ArrayList<>();
    String path = "/api/v1/executions/rejects?limit=2";
    for (int page = 0; page < 3; page++) {
      Api.Response answer = api.get(path);
      assertThat(answer.status()).isEqualTo(200);
      JsonArray items = answer.json().getJsonArray("items");
      items.forEach(item -> seen.add((JsonObject) item));
      String next = answer.json().getString("next");
      if (next == null) {
        break;
      }
      path = "/api/v1/executions/rejects?limit=2&cursor=" + next;
    }
    assertThat(seen)
        .extracting(r -> r.getJsonObject("record").getInteger("n"))
        .containsExactly(5, 4, 3, 2, 1);
    JsonObject first = seen.get(0);
    assertThat(first.getString("sqlState")).isEqualTo("22021");
    assertThat(first.getString("scheduledAt")).isEqualTo("2026-06-01T12:00:05Z");
    assertThat(first.getString("executionId")).isNotNull();
    assertThat(first.getString("rejectedAt")).isNotNull();
    assertThat(first.getJsonObject("record").getString("error")).isEqualTo("bad\\u0000byte");
  }

  @Test
  void rejects_answerABadCursorWith400() {
    Api.Response answer = api.get("/api/v1/executions/rejects?cursor=bm90LWEtbnVtYmVy");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().getJsonObject("error").getString("field")).isEqualTo("cursor");
    assertThat(api.get("/api/v1/executions/rejects?limit=0").status()).isEqualTo(400);
  }
}
