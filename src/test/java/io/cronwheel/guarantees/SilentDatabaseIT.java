package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.ExecutionChecks;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Received;
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
 * Promise 3 under its hostile fault: a database that goes silent (every connection stays open, no
 * byte moves either way, new connections hang) for 20 s, then answers again. At-least-once keeps
 * firing while the node's leases last and stops before they could have expired; an at-most-once
 * second is never sent unclaimed, nor late; health turns degraded within seconds; afterwards every
 * fire is recorded and every at-least-once second of the freeze is accounted for by its misfire
 * policy.
 */
class SilentDatabaseIT {
  private static final Logger log = LoggerFactory.getLogger(SilentDatabaseIT.class);
  private static final Duration FREEZE = Duration.ofSeconds(20);
  private static final int ALO_JOBS = 20;
  private static final int AMO_JOBS = 20;

  @Test
  void freeze_firesWhileLeasesLastNeverSendsAtMostOnceLateAndAccountsForEverySecondAfterwards()
      throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    try (TcpProxy proxy = TcpProxy.start(db.getHost(), db.getPort());
        RecordingReceiver receiver = RecordingReceiver.start()) {
      PgConnectOptions viaProxy =
          new PgConnectOptions(db).setHost("127.0.0.1").setPort(proxy.port());
      Engine engine = EngineFixture.start(viaProxy, Map.of("CRONWHEEL_BATCH_INTERVAL", "20ms"));
      Api api = new Api(engine.port());
      long frozenAtMillis;
      long thawedAtMillis;
      try {
        for (int i = 0; i < ALO_JOBS; i++) {
          api.post("/api/v1/jobs", job("alo-" + i, "AT_LEAST_ONCE", receiver.url("/alo")).encode());
        }
        for (int i = 0; i < AMO_JOBS; i++) {
          api.post("/api/v1/jobs", job("amo-" + i, "AT_MOST_ONCE", receiver.url("/amo")).encode());
        }
        receiver.awaitCount(r -> r.path().equals("/amo"), AMO_JOBS * 3, Duration.ofSeconds(20));

        frozenAtMillis = System.currentTimeMillis();
        proxy.freeze();
        long degradedAfterMs = -1;
        while (System.currentTimeMillis() - frozenAtMillis < FREEZE.toMillis()) {
          if (degradedAfterMs < 0 && "DEGRADED".equals(status(api))) {
            degradedAfterMs = System.currentTimeMillis() - frozenAtMillis;
          }
          Thread.sleep(250);
        }
        long aloJustAfter =
            receiver
                .received(
                    r ->
                        r.path().equals("/alo")
                            && scheduledAt(r) > frozenAtMillis + 1000
                            && scheduledAt(r) < frozenAtMillis + 3000)
                .size();
        // Once its leases could have expired (the 10 s TTL), a node that cannot renew them must not
        // fire: another node may have taken its partitions over.
        long aloPastTheLease =
            receiver
                .received(r -> r.path().equals("/alo") && scheduledAt(r) > frozenAtMillis + 10_000)
                .size();
        proxy.thaw();
        thawedAtMillis = System.currentTimeMillis();
        log.info(
            "freeze of {}: health degraded after {} ms; {} at-least-once fires in the 2 s after it,"
                + " {} once the leases could have expired",
            FREEZE,
            degradedAfterMs,
            aloJustAfter,
            aloPastTheLease);
        assertThat(degradedAfterMs)
            .as("health reports DEGRADED within seconds of the freeze")
            .isBetween(0L, 8000L);
        assertThat(aloJustAfter)
            .as("at-least-once seconds keep firing while the leases last")
            .isGreaterThanOrEqualTo(ALO_JOBS);
        assertThat(aloPastTheLease).as("fires after the leases could have expired").isZero();

        long from = frozenAtMillis / 1000 + 1;
        long to = thawedAtMillis / 1000 - 1;
        Waits.until(
            () ->
                "UP".equals(status(api))
                    && backlog(api) == 0
                    && ExecutionChecks.unaccountedAtLeastOnceSeconds(db, from, to) == 0,
            Duration.ofSeconds(60),
            () ->
                "the engine never recovered: "
                    + api.get("/health").body()
                    + "; at-least-once seconds of the freeze unaccounted: "
                    + ExecutionChecks.unaccountedAtLeastOnceSeconds(db, from, to));
        receiver.awaitCount(
            r -> r.path().equals("/amo") && scheduledAt(r) > thawedAtMillis + 3000,
            AMO_JOBS,
            Duration.ofSeconds(20));
        pauseAll(api);
        Waits.until(
            () -> backlog(api) == 0 && inFlight(api) == 0,
            Duration.ofSeconds(30),
            () -> "records never drained");
      } finally {
        engine.stop().await();
      }

      List<Received> amo = receiver.received(r -> r.path().equals("/amo"));
      // Live fires only: the catch-up fire the misfire policy sends after the thaw is late by
      // design (its second passed while nothing could fire).
      long worstAmoLatenessMs =
          amo.stream()
              .filter(r -> r.receivedAtMillis() < thawedAtMillis || scheduledAt(r) > thawedAtMillis)
              .mapToLong(r -> r.receivedAtMillis() - scheduledAt(r))
              .max()
              .orElse(0);
      List<String> amoKeys = amo.stream().map(r -> r.header("Idempotency-Key")).toList();
      long amoDuringFreeze =
          amo.stream()
              .filter(
                  r ->
                      scheduledAt(r) > frozenAtMillis + 2000
                          && r.receivedAtMillis() < thawedAtMillis)
              .count();
      Set<String> aloReceived =
          receiver.received(r -> r.path().equals("/alo")).stream()
              .map(r -> r.header("X-Cronwheel-Execution-Id"))
              .collect(Collectors.toSet());
      long aloRecorded = count(db, "AT_LEAST_ONCE", "SUCCEEDED");
      long amoRecorded = count(db, "AT_MOST_ONCE", "SUCCEEDED");
      long unfinished = ExecutionChecks.unfinished(db);
      log.info(
          "after the freeze: {} at-least-once fires received, {} recorded; {} at-most-once fires"
              + " ({} while frozen), {} recorded, latest {} ms after its second; {} unfinished",
          aloReceived.size(),
          aloRecorded,
          amo.size(),
          amoDuringFreeze,
          amoRecorded,
          worstAmoLatenessMs,
          unfinished);
      assertThat(amoDuringFreeze)
          .as("no at-most-once second is sent while its claim cannot be made")
          .isZero();
      assertThat(worstAmoLatenessMs).as("no at-most-once second is sent late").isLessThan(1500);
      assertThat(amoKeys).as("no at-most-once second twice").doesNotHaveDuplicates();
      assertThat(aloRecorded).as("every at-least-once fire recorded").isEqualTo(aloReceived.size());
      assertThat(amoRecorded).as("every at-most-once fire recorded").isEqualTo(amo.size());
      assertThat(unfinished).as("nothing left unfinished").isZero();
    }
  }

  private static long scheduledAt(Received r) {
    return Instant.parse(r.header("X-Cronwheel-Scheduled-At")).toEpochMilli();
  }

  private static String status(Api api) {
    try {
      return api.get("/health").json().getString("status");
    } catch (RuntimeException e) {
      return "unreachable";
    }
  }

  private static long backlog(Api api) {
    return api.get("/health").json().getLong("recordBacklog");
  }

  private static long inFlight(Api api) {
    return api.get("/api/v1/config").json().getLong("inFlight");
  }

  private static void pauseAll(Api api) {
    api.get("/api/v1/jobs?limit=1000")
        .json()
        .getJsonArray("items")
        .forEach(
            j ->
                api.patch(
                    "/api/v1/jobs/" + ((JsonObject) j).getString("id"), "{\"active\": false}"));
  }

  private static long count(PgConnectOptions db, String type, String status) {
    return PostgresFixture.get()
        .queryLong(
            db,
            "SELECT count(*) FROM executions e JOIN jobs j ON j.id = e.job_id WHERE"
                + " j.execution_type = '"
                + type
                + "' AND e.status = '"
                + status
                + "'");
  }

  private static JsonObject job(String name, String type, String url) {
    return new JsonObject()
        .put("name", name)
        .put("schedule", "* * * * * *")
        .put("executionType", type)
        .put("target", new JsonObject().put("url", url));
  }
}
