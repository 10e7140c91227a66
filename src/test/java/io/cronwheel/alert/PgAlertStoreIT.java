package io.cronwheel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.AlertType;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.time.UuidV7;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alerts table's rules against a real PostgreSQL: claims with a lease that two engines never
 * share, a job's alerts in order, still-failing counts added to a pending alert never sent, the
 * outcome written by the claimant only, episodes, retention and the migration of older rows.
 */
class PgAlertStoreIT {
  private static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
  private static final long LEASE = 60_000;
  private static final String WEBHOOK = "http://127.0.0.1:9/alerts";

  private final Vertx vertx = Vertx.vertx();
  private PgConnectOptions db;
  private Pool pool;
  private PgAlertStore a;
  private PgAlertStore b;

  @BeforeEach
  void open() {
    db = PostgresFixture.get().newDatabase();
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(8))
            .connectingTo(db)
            .using(vertx)
            .build();
    a = new PgAlertStore(pool, "engine-a");
    b = new PgAlertStore(pool, "engine-b");
  }

  @AfterEach
  void close() {
    pool.close().await();
    vertx.close().await();
  }

  private static NewAlert alert(
      UUID jobId, AlertType type, long atMillis, int failures, long total) {
    Execution last =
        new Execution(
            UUID.randomUUID(),
            jobId,
            Instant.ofEpochMilli(atMillis),
            Instant.ofEpochMilli(atMillis),
            0L,
            type == AlertType.JOB_RESOLVED ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED,
            503,
            3L,
            1,
            "HTTP 503",
            Trigger.SCHEDULED);
    return new NewAlert(
        UuidV7.next(atMillis),
        type,
        jobId,
        "job-" + jobId,
        WEBHOOK,
        atMillis,
        NOW - 3_600_000,
        failures,
        total,
        last,
        type == AlertType.JOB_RESOLVED ? atMillis : null);
  }

  private static String at(long epochMillis) {
    return "'" + Instant.ofEpochMilli(epochMillis) + "'::timestamptz";
  }

  private long count(String where) {
    return PostgresFixture.get().queryLong(db, "SELECT count(*) FROM alerts WHERE " + where);
  }

  @Test
  void claim_returnsTheStoredAlertOnceUntilItsLeaseRunsOut() {
    NewAlert failing = alert(UUID.randomUUID(), AlertType.JOB_FAILING, NOW, 1, 1);
    a.insert(List.of(failing)).await();

    List<AlertStore.Claimed> claimed = a.claim(NOW, NOW + LEASE, 16).await();
    assertThat(claimed).hasSize(1);
    AlertStore.Claimed got = claimed.get(0);
    assertThat(got.id()).isEqualTo(failing.id());
    assertThat(got.type()).isEqualTo(AlertType.JOB_FAILING);
    assertThat(got.webhook()).isEqualTo(WEBHOOK);
    assertThat(got.payload()).isEqualTo(failing.payload());
    assertThat(got.attempt()).isEqualTo(1);
    assertThat(got.createdAtMillis()).isEqualTo(NOW);

    assertThat(b.claim(NOW + 1000, NOW + 1000 + LEASE, 16).await()).as("leased to a").isEmpty();
    assertThat(b.claim(NOW + LEASE, NOW + 2 * LEASE, 16).await())
        .as("the lease ran out")
        .extracting(AlertStore.Claimed::attempt)
        .containsExactly(2);
  }

  @Test
  void twoEnginesClaimingAtOnce_neverGetTheSameAlert() {
    List<NewAlert> alerts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      alerts.add(alert(UUID.randomUUID(), AlertType.JOB_FAILING, NOW, 1, 1));
    }
    a.insert(alerts).await();
    List<Future<List<AlertStore.Claimed>>> claims = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      claims.add((i % 2 == 0 ? a : b).claim(NOW, NOW + LEASE, 16));
    }
    Future.all(claims).await();

    Set<UUID> seen = new HashSet<>();
    int total = 0;
    for (Future<List<AlertStore.Claimed>> claim : claims) {
      for (AlertStore.Claimed c : claim.result()) {
        assertThat(seen.add(c.id())).as("claimed twice: %s", c.id()).isTrue();
        total++;
      }
    }
    assertThat(total).isEqualTo(320);
    assertThat(count("claimed_by IS NOT NULL")).isEqualTo(320);
  }

  @Test
  void aJobsAlerts_areClaimedInTheOrderTheyWereRaised() {
    UUID job = UUID.randomUUID();
    NewAlert failing = alert(job, AlertType.JOB_FAILING, NOW, 1, 1);
    NewAlert resolved = alert(job, AlertType.JOB_RESOLVED, NOW + 1, 0, 1);
    a.insert(List.of(failing, resolved)).await();

    assertThat(a.claim(NOW + 10, NOW + LEASE, 16).await())
        .extracting(AlertStore.Claimed::id)
        .containsExactly(failing.id());
    a.retryAt(failing.id(), NOW + 5000, "HTTP 503").await();
    assertThat(a.claim(NOW + 1000, NOW + LEASE, 16).await())
        .as("the resolution waits for the failure to be delivered")
        .isEmpty();
    NewAlert later = alert(job, AlertType.JOB_FAILING, NOW + 2000, 1, 1);
    a.insert(List.of(later)).await();
    assertThat(count("status = 'PENDING' AND next_attempt_at = " + at(NOW + 5000)))
        .as("the job's later alerts are not due before its retry")
        .isEqualTo(3);
    assertThat(a.claim(NOW + 5000, NOW + LEASE, 16).await())
        .extracting(AlertStore.Claimed::id)
        .containsExactly(failing.id());
    a.delivered(failing.id(), NOW + 5000).await();
    assertThat(a.claim(NOW + 5000, NOW + LEASE, 16).await())
        .extracting(AlertStore.Claimed::id)
        .containsExactly(resolved.id());
    a.delivered(resolved.id(), NOW + 5000).await();
    assertThat(a.claim(NOW + 5000, NOW + LEASE, 16).await())
        .extracting(AlertStore.Claimed::id)
        .containsExactly(later.id());
  }

  @Test
  void stillFailingAlerts_addUpInOnePendingAlertNotSentYet() {
    UUID job = UUID.randomUUID();
    a.insert(List.of(alert(job, AlertType.JOB_FAILING, NOW, 1, 1))).await();
    a.claim(NOW, NOW + LEASE, 16).await();
    NewAlert first = alert(job, AlertType.JOB_STILL_FAILING, NOW + 60_000, 59, 60);
    a.insert(List.of(first)).await();
    a.insert(List.of(alert(job, AlertType.JOB_STILL_FAILING, NOW + 120_000, 60, 120))).await();

    assertThat(count("true")).isEqualTo(2);
    assertThat(count("type = 'JOB_STILL_FAILING' AND failures = 119 AND total_failures = 120"))
        .isEqualTo(1);
    assertThat(
            count(
                "id = '"
                    + first.id()
                    + "' AND (payload->>'failures')::int = 119"
                    + " AND (payload->>'totalFailures')::int = 120"))
        .as("the payload carries both counts")
        .isEqualTo(1);
  }

  @Test
  void outcome_isWrittenOnlyByTheEngineHoldingTheClaim() {
    NewAlert failing = alert(UUID.randomUUID(), AlertType.JOB_FAILING, NOW, 1, 1);
    a.insert(List.of(failing)).await();
    a.claim(NOW, NOW + LEASE, 16).await();
    b.claim(NOW + LEASE, NOW + 2 * LEASE, 16).await();

    a.delivered(failing.id(), NOW + LEASE).await();
    assertThat(count("status = 'PENDING' AND claimed_by = 'engine-b'")).isEqualTo(1);
    b.undeliverable(failing.id(), "HTTP 503").await();
    assertThat(count("status = 'UNDELIVERABLE' AND claimed_by IS NULL")).isEqualTo(1);
  }

  @Test
  void episodes_areStoredWhileFailingAndGoneOnceResolved() {
    UUID job = UUID.randomUUID();
    a.insert(List.of(alert(job, AlertType.JOB_FAILING, NOW, 1, 1))).await();
    a.insert(List.of(alert(job, AlertType.JOB_STILL_FAILING, NOW + 60_000, 60, 61))).await();
    List<AlertTracker.OpenEpisode> open = a.openEpisodes(NOW - 1, 10).await();
    assertThat(open)
        .containsExactly(new AlertTracker.OpenEpisode(job, NOW - 3_600_000, 61, NOW + 60_000));
    assertThat(a.openEpisodes(NOW + 60_001, 10).await()).as("too old").isEmpty();

    a.insert(
            List.of(
                alert(job, AlertType.JOB_RESOLVED, NOW + 70_000, 9, 70),
                alert(UUID.randomUUID(), AlertType.JOB_FAILING, NOW + 70_000, 1, 1)))
        .await();
    assertThat(a.openEpisodes(NOW - 1, 10).await())
        .extracting(AlertTracker.OpenEpisode::jobId)
        .doesNotContain(job)
        .hasSize(1);
  }

  @Test
  void retention_deletesFinishedAlertsOlderThanTheCutAndKeepsPendingOnes() {
    NewAlert old = alert(UUID.randomUUID(), AlertType.JOB_FAILING, NOW - 10 * 86_400_000L, 1, 1);
    NewAlert oldPending =
        alert(UUID.randomUUID(), AlertType.JOB_FAILING, NOW - 10 * 86_400_000L, 1, 1);
    NewAlert recent = alert(UUID.randomUUID(), AlertType.JOB_FAILING, NOW, 1, 1);
    a.insert(List.of(old, oldPending, recent)).await();
    a.claim(NOW, NOW + LEASE, 16).await();
    a.delivered(old.id(), NOW).await();
    a.delivered(recent.id(), NOW).await();

    assertThat(a.deleteFinishedBefore(Instant.ofEpochMilli(NOW - 7 * 86_400_000L), 100).await())
        .isEqualTo(1);
    assertThat(count("true")).isEqualTo(2);
    assertThat(count("id = '" + old.id() + "'")).isZero();
  }

  @Test
  void migration_turnsPerExecutionAlertsIntoJobFailingAlertsDueAtOnce() throws Exception {
    PgConnectOptions empty = PostgresFixture.get().newEmptyDatabase();
    String url = PostgresFixture.get().jdbcUrl(empty.getDatabase());
    Flyway.configure()
        .dataSource(url, empty.getUser(), empty.getPassword())
        .target("2")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, empty.getUser(), empty.getPassword());
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO alerts (id, job_id, execution_id, webhook, payload, status, attempts, "
              + "created_at) VALUES "
              + "(gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'http://127.0.0.1/a', "
              + "'{\"type\": \"execution_failed\"}', 'PENDING', 3, '2026-05-01T00:00:00Z'), "
              + "(gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'http://127.0.0.1/a', "
              + "'{}', 'FAILED', 9, '2026-05-01T00:00:01Z')");
    }
    Flyway.configure().dataSource(url, empty.getUser(), empty.getPassword()).load().migrate();

    PostgresFixture pg = PostgresFixture.get();
    assertThat(pg.queryLong(empty, "SELECT count(*) FROM alerts WHERE type = 'JOB_FAILING'"))
        .isEqualTo(2);
    assertThat(
            pg.queryLong(
                empty,
                "SELECT count(*) FROM alerts WHERE status = 'PENDING' "
                    + "AND next_attempt_at = created_at AND failures = 1 AND seq IS NOT NULL"))
        .isEqualTo(1);
    assertThat(pg.queryLong(empty, "SELECT count(*) FROM alerts WHERE status = 'UNDELIVERABLE'"))
        .isEqualTo(1);
  }
}
