package io.cronwheel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.AlertType;
import io.cronwheel.support.ManualClock;
import io.cronwheel.support.ManualTimers;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Storing raised alerts in virtual time, against a table the test can take down. */
class AlertWriterTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ManualTimers timers = new ManualTimers(clock);
  private final List<List<NewAlert>> statements = new ArrayList<>();
  private final List<NewAlert> stored = new ArrayList<>();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger storedSignals = new AtomicInteger();
  private boolean failing;

  /** Only inserts: the writer never claims. */
  private final AlertStore table =
      new AlertStore() {
        @Override
        public Future<Void> insert(List<NewAlert> alerts) {
          statements.add(List.copyOf(alerts));
          if (failing) {
            return Future.failedFuture("database down");
          }
          stored.addAll(alerts);
          return Future.succeededFuture();
        }

        @Override
        public Future<List<Claimed>> claim(long nowMillis, long leaseUntilMillis, int limit) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> delivered(UUID id, long nowMillis) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> retryAt(UUID id, long nextAttemptAtMillis, String error) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> undeliverable(UUID id, String error) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Future<List<AlertTracker.OpenEpisode>> openEpisodes(long sinceMillis, int limit) {
          throw new UnsupportedOperationException();
        }
      };

  private final EngineEvents events =
      new EngineEvents() {
        @Override
        public void alertsDropped(int count) {
          dropped.addAndGet(count);
        }
      };

  private AlertWriter writer(int queueCapacity, int bufferCapacity) {
    AlertWriter writer = new AlertWriter(table, events, queueCapacity, bufferCapacity);
    writer.start(timers, storedSignals::incrementAndGet);
    timers.runPending();
    return writer;
  }

  private NewAlert alert() {
    long now = clock.epochMillis();
    return new NewAlert(
        UUID.randomUUID(),
        AlertType.JOB_FAILING,
        UUID.randomUUID(),
        "job",
        "http://127.0.0.1:9/alerts",
        now,
        now,
        1,
        1,
        null,
        null);
  }

  private List<NewAlert> offer(AlertWriter writer, int count) {
    List<NewAlert> offered = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NewAlert alert = alert();
      if (writer.offer(alert)) {
        offered.add(alert);
      }
    }
    return offered;
  }

  @Test
  void offeredAlerts_areStoredInOrderInBatchesOneStatementAtATime() {
    AlertWriter writer = writer(4096, 4096);
    List<NewAlert> offered = offer(writer, 1200);
    timers.runPending();

    assertThat(statements).extracting(List::size).containsExactly(500, 500, 200);
    assertThat(stored).isEqualTo(offered);
    assertThat(storedSignals.get()).as("delivery is woken after each batch").isEqualTo(3);
    assertThat(writer.backlog()).isZero();
  }

  @Test
  void tableOutage_holdsTheAlertsAndStoresThemOnceItIsBack() {
    AlertWriter writer = writer(4096, 4096);
    failing = true;
    List<NewAlert> offered = offer(writer, 30);
    timers.advance(Duration.ofSeconds(5));
    assertThat(statements).as("retried once a second").hasSize(6);
    assertThat(writer.backlog()).isEqualTo(30);

    failing = false;
    timers.advance(Duration.ofSeconds(1));
    assertThat(stored).isEqualTo(offered);
    assertThat(dropped.get()).isZero();
  }

  @Test
  void fullBuffer_dropsTheOldestAlertsAndCountsThem() {
    AlertWriter writer = writer(64, 10);
    failing = true;
    List<NewAlert> offered = offer(writer, 25);
    timers.advance(Duration.ofSeconds(3));
    assertThat(writer.backlog()).as("memory stays bounded").isEqualTo(10);

    failing = false;
    timers.advance(Duration.ofSeconds(1));
    assertThat(stored).isEqualTo(offered.subList(15, 25));
    assertThat(dropped.get()).isEqualTo(15);
  }

  @Test
  void fullQueue_refusesFurtherAlertsAndCountsThem() {
    AlertWriter writer = new AlertWriter(table, events, 4, 4096);
    List<NewAlert> offered = offer(writer, 6);
    assertThat(offered).hasSize(4);
    assertThat(dropped.get()).isEqualTo(2);
  }

  @Test
  void stop_completesAfterOneFailedStatementWhenTheTableIsDown() {
    AlertWriter writer = writer(4096, 4096);
    failing = true;
    offer(writer, 3);
    Future<Void> stopped = writer.stop();
    timers.runPending();
    assertThat(stopped.succeeded()).isTrue();
  }
}
