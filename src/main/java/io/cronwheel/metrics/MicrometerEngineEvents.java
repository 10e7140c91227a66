package io.cronwheel.metrics;

import io.cronwheel.model.AlertType;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.time.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns engine events into Micrometer meters (rendered by the Prometheus registry as {@code
 * cronwheel_*}). Meters are created once up front so the hot path only increments. Never tagged by
 * job id.
 */
public final class MicrometerEngineEvents implements EngineEvents {
  private static final Logger log = LoggerFactory.getLogger(MicrometerEngineEvents.class);
  private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

  private final Map<ExecutionStatus, Counter> completed = new EnumMap<>(ExecutionStatus.class);
  private final Counter fired;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong unschedulable = new AtomicLong();
  private final DriftHistogram drift;
  private final Counter claimsRequested;
  private final Counter claimsWon;
  private final Counter claimFailures;
  private final Timer batchLatency;
  private final DistributionSummary batchRows;
  private final Counter batchFailures;
  private final Counter recordsRejected;
  private final Counter poisonSetAside;
  private final Counter poisonLogged;
  private final Counter backPressure;
  private final Map<AlertType, Counter> alertsRaised = new EnumMap<>(AlertType.class);
  private final Counter alertsDelivered;
  private final Counter alertAttemptsFailed;
  private final Counter alertsUndeliverable;
  private final Counter alertsDropped;
  private final Counter alertsNotTracked;
  private final Counter unexpected;
  private final DatabaseHealth database;
  private final RecentActivity activity;

  /** How the engine's own statements fare, for {@code /health}. */
  public DatabaseHealth database() {
    return database;
  }

  /** This node's fires per second and last hour's outcomes, for the dashboard. */
  public RecentActivity activity() {
    return activity;
  }

  /** A drift quantile in ms over the last complete minute (see {@link DriftHistogram}). */
  public double recentDrift(double quantile) {
    return drift.recentQuantile(quantile);
  }

  public MicrometerEngineEvents(MeterRegistry registry, int partitions, Clock clock) {
    database = new DatabaseHealth(clock);
    for (var status : ExecutionStatus.values()) {
      if (status.isFinal()) {
        completed.put(
            status,
            Counter.builder("cronwheel.executions")
                .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                .description("Executions that reached a final state, by outcome")
                .register(registry));
      }
    }
    fired =
        Counter.builder("cronwheel.fires").description("First attempts sent").register(registry);
    Gauge.builder("cronwheel.requests.inflight", inFlight, AtomicLong::get)
        .description("Executions started and not yet final")
        .register(registry);
    drift = new DriftHistogram(partitions);
    for (double q : QUANTILES) {
      Gauge.builder("cronwheel.fire.drift.ms", drift, d -> d.totalQuantile(q))
          .tag("quantile", Double.toString(q))
          .tag("window", "total")
          .description("How late fires left (HdrHistogram), since start")
          .register(registry);
      Gauge.builder("cronwheel.fire.drift.ms", drift, d -> d.recentQuantile(q))
          .tag("quantile", Double.toString(q))
          .tag("window", "1m")
          .description("How late fires left (HdrHistogram), last minute")
          .register(registry);
    }
    Gauge.builder("cronwheel.fire.drift.max.ms", drift, DriftHistogram::max).register(registry);
    Gauge.builder("cronwheel.fire.drift.count", drift, DriftHistogram::count).register(registry);
    claimsRequested = Counter.builder("cronwheel.claims.requested").register(registry);
    claimsWon = Counter.builder("cronwheel.claims.won").register(registry);
    claimFailures = Counter.builder("cronwheel.claims.failed").register(registry);
    batchLatency =
        Timer.builder("cronwheel.db.batch")
            .description("Execution batch write latency")
            .publishPercentileHistogram()
            .register(registry);
    batchRows = DistributionSummary.builder("cronwheel.db.batch.rows").register(registry);
    batchFailures = Counter.builder("cronwheel.db.batch.failures").register(registry);
    recordsRejected =
        Counter.builder("cronwheel.records.rejected")
            .description("Execution records refused because the write queue was full")
            .register(registry);
    poisonSetAside = poisonCounter(registry, "table");
    poisonLogged = poisonCounter(registry, "log");
    unexpected = Counter.builder("cronwheel.errors.unexpected").register(registry);
    alertsDelivered = alertResult(registry, "delivered");
    alertAttemptsFailed = alertResult(registry, "failed_attempt");
    alertsUndeliverable = alertResult(registry, "undeliverable");
    for (AlertType type : AlertType.values()) {
      alertsRaised.put(
          type,
          Counter.builder("cronwheel.alerts.raised")
              .tag("type", type.name().toLowerCase(Locale.ROOT))
              .description("Alerts raised by the episode tracker, by type")
              .register(registry));
    }
    alertsDropped = alertDropped(registry, "buffer_full");
    alertsNotTracked = alertDropped(registry, "tracker_full");
    backPressure =
        Counter.builder("cronwheel.backpressure.ticks")
            .description("Partition ticks held because the record queue was full")
            .register(registry);
    Gauge.builder("cronwheel.jobs.unschedulable", unschedulable, AtomicLong::get)
        .description("Active jobs not scheduled: over the per-job limits or the job memory budget")
        .register(registry);
    Counter succeeded = completed.get(ExecutionStatus.SUCCEEDED);
    Counter failed = completed.get(ExecutionStatus.FAILED);
    activity =
        new RecentActivity(
            clock,
            () -> (long) fired.count(),
            () -> (long) succeeded.count(),
            () -> (long) failed.count());
  }

  @Override
  public void fired(int partition, Fire fire, long driftMs) {
    fired.increment();
    drift.record(partition, driftMs);
  }

  @Override
  public void completed(Execution execution) {
    Counter counter = completed.get(execution.status());
    if (counter != null) {
      counter.increment();
    }
  }

  @Override
  public void inFlightChanged(int delta) {
    inFlight.addAndGet(delta);
  }

  @Override
  public void claimed(int requested, int won) {
    claimsRequested.increment(requested);
    claimsWon.increment(won);
    database.succeeded();
  }

  @Override
  public void claimFailed(int requested, Throwable error) {
    claimFailures.increment(requested);
    database.failed("claims are failing: " + error);
  }

  @Override
  public void batchWritten(int rows, long elapsedNanos) {
    batchLatency.record(elapsedNanos, TimeUnit.NANOSECONDS);
    batchRows.record(rows);
    database.succeeded();
  }

  @Override
  public void batchFailed(int rows, Throwable error) {
    batchFailures.increment();
    database.failed("record batches are failing: " + error);
  }

  @Override
  public void recordsRejected(int count) {
    recordsRejected.increment(count);
  }

  private static Counter alertResult(MeterRegistry registry, String result) {
    return Counter.builder("cronwheel.alerts")
        .tag("result", result)
        .description(
            "Alerts delivered or given up as undeliverable, and failed attempts to be retried")
        .register(registry);
  }

  private static Counter alertDropped(MeterRegistry registry, String reason) {
    return Counter.builder("cronwheel.alerts.dropped")
        .tag("reason", reason)
        .description("Alerts not raised or not stored, because a bound was reached")
        .register(registry);
  }

  @Override
  public void recordsPoisoned(int count, boolean setAside) {
    (setAside ? poisonSetAside : poisonLogged).increment(count);
  }

  @Override
  public void alertRaised(AlertType type) {
    alertsRaised.get(type).increment();
  }

  @Override
  public void alertDelivered() {
    alertsDelivered.increment();
  }

  @Override
  public void alertAttemptFailed() {
    alertAttemptsFailed.increment();
  }

  @Override
  public void alertUndeliverable() {
    alertsUndeliverable.increment();
  }

  @Override
  public void alertsDropped(int count) {
    alertsDropped.increment(count);
  }

  @Override
  public void alertNotTracked() {
    alertsNotTracked.increment();
  }

  @Override
  public void backPressure(int partition) {
    backPressure.increment();
  }

  private static Counter poisonCounter(MeterRegistry registry, String keptIn) {
    return Counter.builder("cronwheel.records.rejected.poison")
        .tag("kept_in", keptIn)
        .description(
            "Execution records PostgreSQL refused on their own: kept in execution_rejects (table) or,"
                + " if even that failed, only logged (log)")
        .register(registry);
  }

  @Override
  public void unschedulableJobs(long count) {
    unschedulable.set(count);
  }

  @Override
  public void unexpected(String where, Throwable error) {
    unexpected.increment();
    log.error("unexpected error in {}", where, error);
  }
}
