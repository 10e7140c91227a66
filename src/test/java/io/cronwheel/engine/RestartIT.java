package io.cronwheel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Jobs live in PostgreSQL: an engine restarted on the same database keeps them and fires them. */
class RestartIT {
  @Test
  void restartedEngine_keepsAndFiresItsJobs() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      Engine first = EngineFixture.start(db);
      JsonObject body =
          new JsonObject()
              .put("name", "survivor")
              .put("schedule", "* * * * * *")
              .put("target", new JsonObject().put("url", receiver.url("/restart")));
      String id = new Api(first.port()).post("/api/v1/jobs", body.encode()).json().getString("id");
      receiver.awaitCount(r -> true, 1, Duration.ofSeconds(20));
      first.stop().await();
      int beforeRestart = receiver.received().size();

      Engine second = EngineFixture.start(db);
      try {
        Api api = new Api(second.port());
        assertThat(api.get("/api/v1/jobs/" + id).json().getString("name")).isEqualTo("survivor");
        receiver.awaitCount(r -> true, beforeRestart + 2, Duration.ofSeconds(20));
        assertThat(api.get("/health").json().getInteger("scheduledJobs")).isEqualTo(1);
      } finally {
        second.stop().await();
      }
    }
  }
}
