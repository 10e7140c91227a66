package io.cronwheel.wheel;

import io.cronwheel.dispatch.CompletionListener;
import io.cronwheel.dispatch.FireDispatcher;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.store.StoreException;
import io.cronwheel.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what a partition's scheduler asks for, and brings the answers back: claims and
 * releases go to the partition store, fires to the dispatcher, fires not sent to the execution
 * records. Final executions are recorded, counted, reported to the alert sink (which tells failures
 * and recoveries apart), and handed back to the scheduler so a queued overlap fire may go. The
 * claims' failing state is logged once per change, not once per batch.
 *
 * <p>Used only from the partition's event loop.
 */
final class SchedulerEffects implements PartitionScheduler.Output, CompletionListener {
  private static final Logger log = LoggerFactory.getLogger(SchedulerEffects.class);

  private final int partition;
  private final PartitionPorts ports;
  private final Clock clock;
  // Both are made after this object, which each of them calls back: set once by bind().
  private PartitionScheduler scheduler;
  private FireDispatcher dispatcher;
  private int releasesInFlight;
  private boolean claimsFailing;

  SchedulerEffects(int partition, PartitionPorts ports, Clock clock) {
    this.partition = partition;
    this.ports = ports;
    this.clock = clock;
  }

  void bind(PartitionScheduler scheduler, FireDispatcher dispatcher) {
    this.scheduler = scheduler;
    this.dispatcher = dispatcher;
  }

  /** The last claim statement failed: the progress mark must not move past unclaimed seconds. */
  boolean claimsFailing() {
    return claimsFailing;
  }

  /** Whether every claim asked for has been answered and every release written. */
  boolean settled() {
    return !scheduler.claimsPending() && releasesInFlight == 0;
  }

  @Override
  public void fire(Fire fire) {
    dispatcher.fire(fire);
  }

  @Override
  public void claim(List<Fire> fires) {
    ports
        .store()
        .claim(fires)
        .onComplete(
            ar ->
                LoopGuard.run(
                    ports.events(),
                    partition,
                    "claim result",
                    () -> {
                      if (StoreException.is(ar.cause(), StoreException.Reason.FENCED_OUT)) {
                        // Another node holds the partition now: it decides these seconds.
                        scheduler.onFencedOut(fires);
                        return;
                      }
                      if (ar.succeeded()) {
                        if (claimsFailing) {
                          log.info("partition {}: claims succeed again", partition);
                        }
                        ports.events().claimed(fires.size(), ar.result().size());
                        scheduler.onClaimResult(fires, ar.result(), clock.epochMillis());
                      } else {
                        if (!claimsFailing) {
                          log.warn(
                              "partition {}: claims are failing ({}); at-most-once seconds are"
                                  + " skipped until they succeed",
                              partition,
                              ar.cause().getMessage());
                        }
                        ports.events().claimFailed(fires.size(), ar.cause());
                        scheduler.onClaimFailure(fires, ar.cause());
                      }
                      claimsFailing = ar.failed();
                    }));
  }

  @Override
  public void notSent(Fire fire, ExecutionStatus status, String reason) {
    Execution execution = Execution.notSent(fire, status, reason);
    log.debug(
        "job {} execution {} not sent: {} ({})",
        fire.job().id(),
        fire.executionId(),
        status,
        reason);
    ports.records().record(execution);
    ports.events().completed(execution);
  }

  @Override
  public void release(List<Fire> fires) {
    releasesInFlight++;
    ports
        .store()
        .release(fires)
        .onFailure(
            error ->
                log.warn(
                    "partition {}: could not release {} unsent claim(s); a restart will settle"
                        + " them: {}",
                    partition,
                    fires.size(),
                    error.getMessage()))
        .onComplete(ar -> releasesInFlight--);
  }

  @Override
  public void completed(Fire fire, Execution execution) {
    ports.records().record(execution);
    ports.events().completed(execution);
    LoopGuard.run(
        ports.events(),
        partition,
        "alerting",
        () -> ports.alerts().completed(fire.job(), execution));
    LoopGuard.run(
        ports.events(),
        partition,
        "completion",
        () -> scheduler.onCompleted(execution.id(), execution.jobId(), execution.trigger()));
  }
}
