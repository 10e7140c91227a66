package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.ExecutionChecks;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.TcpProxy;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promise 3: PostgreSQL unreachable for a while loses nothing. The engine reaches the database
 * through a proxy the test cuts and restores; at-least-once jobs fire until the node's leases could
 * have expired and then stop; records are buffered and written once the database is back, and the
 * gap is replayed through each job's misfire policy.
 */
class DatabaseOutageIT {
  private static final Logger log = LoggerFactory.getLogger(DatabaseOutageIT.class);
  private static final Duration OUTAGE = Duration.ofSeconds(15);

  @Test
  void outage_keepsFiringAtLeastOnceJobsAndWritesEveryRecordAfterwards() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    try (TcpProxy proxy = TcpProxy.start(db.getHost(), db.getPort());
        RecordingReceiver receiver = RecordingReceiver.start()) {
      PgConnectOptions viaProxy =
          new PgConnectOptions(db).setHost("127.0.0.1").setPort(proxy.port());
      Engine engine = EngineFixture.start(viaProxy, Map.of("CRONWHEEL_BATCH_INTERVAL", "20ms"));
      Api api = new Api(engine.port());
      try {
        for (int i = 0; i < 10; i++) {
          api.post("/api/v1/jobs", job("alo-" + i, "AT_LEAST_ONCE", receiver.url("/alo")).encode());
        }
        for (int i = 0; i < 5; i++) {
          api.post("/api/v1/jobs", job("amo-" + i, "AT_MOST_ONCE", receiver.url("/amo")).encode());
        }
        receiver.awaitCount(r -> r.path().equals("/alo"), 30, Duration.ofSeconds(20));

        long cutAt = System.currentTimeMillis();
        proxy.cut();
        Waits.until(
            () -> api.get("/health").json().getString("status").equals("DEGRADED"),
            Duration.ofSeconds(10),
            () -> "health never reported DEGRADED");
        Thread.sleep(OUTAGE.toMillis());
        long restoredAt = System.currentTimeMillis();
        long backlog = api.get("/health").json().getLong("recordBacklog");
        // Without its database the node cannot renew its leases: it fires until its firing
        // window (80 % of the 10 s TTL after the last renewal) ends, then stops, since another
        // node may have taken its partitions over by then.
        long aloEarly = aloReceived(receiver, cutAt, cutAt + 2_000, restoredAt);
        long aloLate = aloReceived(receiver, cutAt + 10_000, restoredAt, restoredAt);
        assertThat(aloEarly).as("at-least-once fires just after the cut").isPositive();
        assertThat(aloLate).as("fires once the leases could have expired").isZero();
        assertThat(backlog).as("records buffered during the outage").isPositive();
        assertThat(api.get("/metrics").body()).contains("cronwheel_records_backlog");

        proxy.restore();
        // Back: the node takes its leases again and replays the gap through the misfire policy.
        long from = cutAt / 1000 + 1;
        long to = restoredAt / 1000 - 1;
        Waits.until(
            () ->
                api.get("/health").json().getString("status").equals("UP")
                    && api.get("/health").json().getLong("recordBacklog") == 0
                    && ExecutionChecks.unaccountedAtLeastOnceSeconds(db, from, to) == 0,
            Duration.ofSeconds(30),
            () ->
                "backlog never drained, or the outage not replayed: "
                    + ExecutionChecks.unaccountedAtLeastOnceSeconds(db, from, to)
                    + " seconds unaccounted");
        api.get("/api/v1/jobs?limit=1000")
            .json()
            .getJsonArray("items")
            .forEach(
                j ->
                    api.patch(
                        "/api/v1/jobs/" + ((JsonObject) j).getString("id"), "{\"active\": false}"));
      } finally {
        engine.stop().await();
      }

      Set<String> received =
          receiver.received(r -> r.path().equals("/alo")).stream()
              .map(r -> r.header("X-Cronwheel-Execution-Id"))
              .collect(Collectors.toSet());
      long recorded =
          PostgresFixture.get()
              .queryLong(
                  db,
                  "SELECT count(*) FROM executions e JOIN jobs j "
                      + "ON j.id = e.job_id WHERE j.execution_type = 'AT_LEAST_ONCE' AND e.status = 'SUCCEEDED'");
      List<String> amoSeconds =
          receiver.received(r -> r.path().equals("/amo")).stream()
              .map(r -> r.header("Idempotency-Key"))
              .toList();
      log.info(
          "outage of {}: {} at-least-once fires received, {} recorded; {} at-most-once fires, {} distinct",
          OUTAGE,
          received.size(),
          recorded,
          amoSeconds.size(),
          Set.copyOf(amoSeconds).size());
      assertThat(recorded).as("every at-least-once fire recorded").isEqualTo(received.size());
      assertThat(amoSeconds).as("no at-most-once second twice").doesNotHaveDuplicates();
      assertThat(ExecutionChecks.unfinished(db)).as("nothing left unfinished").isZero();
      assertThat(
              PostgresFixture.get()
                  .queryLong(
                      db,
                      "SELECT count(*) FROM executions e JOIN jobs j "
                          + "ON j.id = e.job_id WHERE j.execution_type = 'AT_MOST_ONCE' AND e.status = 'SKIPPED' "
                          + "AND e.error LIKE 'claim failed%'"))
          .as("at-most-once seconds skipped while unclaimable")
          .isPositive();
    }
  }

  @Test
  void fullRecordQueue_holdsFiresLoudlyInsteadOfDroppingRecords() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    try (TcpProxy proxy = TcpProxy.start(db.getHost(), db.getPort());
        RecordingReceiver receiver = RecordingReceiver.start()) {
      PgConnectOptions viaProxy =
          new PgConnectOptions(db).setHost("127.0.0.1").setPort(proxy.port());
      Engine engine =
          EngineFixture.start(viaProxy, Map.of("CRONWHEEL_RECORD_QUEUE_CAPACITY", "1024"));
      Api api = new Api(engine.port());
      try {
        for (int i = 0; i < 200; i++) {
          api.post("/api/v1/jobs", job("bp-" + i, "AT_LEAST_ONCE", receiver.url("/bp")).encode());
        }
        receiver.awaitCount(r -> true, 400, Duration.ofSeconds(20));
        proxy.cut();
        Waits.until(
            () -> metric(api, "cronwheel_backpressure_ticks_total") > 0,
            Duration.ofSeconds(30),
            () -> "back-pressure never applied");
        int heldAt = receiver.received().size();
        Thread.sleep(2000);
        assertThat(receiver.received().size())
            .as("fires held while the queue is full")
            .isLessThan(heldAt + 200);
        assertThat(metric(api, "cronwheel_records_rejected_total")).as("nothing dropped").isZero();

        proxy.restore();
        Waits.until(
            () -> api.get("/health").json().getLong("recordBacklog") == 0,
            Duration.ofSeconds(30),
            () -> "backlog never drained");
        receiver.awaitCount(r -> true, receiver.received().size() + 400, Duration.ofSeconds(20));
        api.get("/api/v1/jobs?limit=1000")
            .json()
            .getJsonArray("items")
            .forEach(
                j ->
                    api.patch(
                        "/api/v1/jobs/" + ((JsonObject) j).getString("id"), "{\"active\": false}"));
      } finally {
        engine.stop().await();
      }
      long recorded =
          PostgresFixture.get()
              .queryLong(db, "SELECT count(*) FROM executions WHERE status = 'SUCCEEDED'");
      assertThat(recorded).as("every fire recorded").isEqualTo(receiver.received().size());
    }
  }

  /** At-least-once fires scheduled in [from, to) that reached the receiver before {@code by}. */
  private static long aloReceived(RecordingReceiver receiver, long from, long to, long by) {
    return receiver
        .received(
            r -> {
              long at = Instant.parse(r.header("X-Cronwheel-Scheduled-At")).toEpochMilli();
              return r.path().equals("/alo") && at >= from && at < to && r.receivedAtMillis() < by;
            })
        .size();
  }

  private static double metric(Api api, String name) {
    return api.get("/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  static JsonObject job(String name, String type, String url) {
    return new JsonObject()
        .put("name", name)
        .put("schedule", "* * * * * *")
        .put("executionType", type)
        .put("target", new JsonObject().put("url", url));
  }
}
