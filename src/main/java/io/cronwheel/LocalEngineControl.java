package io.cronwheel;

import io.cronwheel.api.EngineControl;
import io.cronwheel.dispatch.ConcurrencyLimiter;
import io.cronwheel.dispatch.ConcurrencySettings;
import io.cronwheel.metrics.DatabaseHealth;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.store.ExecutionSink;
import io.cronwheel.wheel.Partitions;
import io.vertx.core.Future;

/**
 * The API's {@link EngineControl} over this process's partitions, record writer and concurrency
 * caps.
 */
final class LocalEngineControl implements EngineControl {
  private final Partitions partitions;
  private final ExecutionSink records;
  private final ConcurrencyLimiter limiter;
  private final ConcurrencySettings concurrency;
  private final DatabaseHealth database;

  LocalEngineControl(
      Partitions partitions,
      ExecutionSink records,
      ConcurrencyLimiter limiter,
      ConcurrencySettings concurrency,
      DatabaseHealth database) {
    this.partitions = partitions;
    this.records = records;
    this.limiter = limiter;
    this.concurrency = concurrency;
    this.database = database;
  }

  @Override
  public void jobChanged(Job job) {
    partitions.jobChanged(job);
  }

  @Override
  public boolean fireNow(Fire fire) {
    return partitions.fireNow(fire);
  }

  @Override
  public Status status() {
    return new Status(
        partitions.deployed().size(),
        partitions.total(),
        partitions.scheduledJobs(),
        records.backlog(),
        database.problem());
  }

  @Override
  public ConcurrencyCaps concurrency() {
    return new ConcurrencyCaps(limiter.globalLimit(), limiter.perHostLimit(), limiter.inFlight());
  }

  @Override
  public Future<ConcurrencyCaps> setConcurrency(int maxInFlight, int maxInFlightPerHost) {
    return concurrency.update(maxInFlight, maxInFlightPerHost).map(v -> concurrency());
  }
}
