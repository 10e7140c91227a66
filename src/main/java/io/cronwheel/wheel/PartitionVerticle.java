package io.cronwheel.wheel;

import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.dispatch.HttpDispatcher;
import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.store.ClaimStore;
import io.cronwheel.store.ExecutionSink;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one partition: owns its {@link PartitionScheduler} and {@link HttpDispatcher} and runs them on its event
 * loop. Each timer is aimed at the next wall-clock second boundary computed from the clock, so a late timer never
 * shifts later ticks; a second with more work than one turn's budget continues in the next turn, letting other
 * partitions on the same loop run in between.
 *
 * <p>The public methods may be called from any thread: they hop onto this verticle's context.
 */
public final class PartitionVerticle extends VerticleBase implements PartitionScheduler.Output {
  private static final Logger log = LoggerFactory.getLogger(PartitionVerticle.class);
  /** Work units (staged or dispatched fires) per event-loop turn. */
  static final int BUDGET_PER_TURN = 1000;

  private final int partition;
  private final CronwheelConfig config;
  private final Clock clock;
  private final ClaimStore claims;
  private final ExecutionSink sink;
  private final EngineEvents events;
  private PartitionScheduler scheduler;
  private HttpDispatcher dispatcher;
  private WebClient client;
  private long timerId = -1;
  private boolean continuationQueued;
  private boolean stopped;
  private volatile int jobCount;

  public PartitionVerticle(int partition, CronwheelConfig config, Clock clock, ClaimStore claims,
      ExecutionSink sink, EngineEvents events) {
    this.partition = partition;
    this.config = config;
    this.clock = clock;
    this.claims = claims;
    this.sink = sink;
    this.events = events;
  }

  @Override
  public Future<?> start() {
    long nowSecond = Math.floorDiv(clock.epochMillis(), 1000);
    scheduler = new PartitionScheduler(config.wheelSlots(), (int) config.claimLookahead().toSeconds(),
        nowSecond + 1, this);
    WebClientOptions options = new WebClientOptions()
        .setKeepAlive(true)
        .setFollowRedirects(false)
        .setUserAgent("cronwheel")
        .setConnectTimeout(5000)
        .setName("cronwheel-partition-" + partition);
    client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(config.httpPoolSize()));
    dispatcher = new HttpDispatcher(vertx, client, clock, sink, events, partition);
    armTimer();
    return Future.succeededFuture();
  }

  /**
   * Stops firing, records claimed-but-unsent seconds as skipped, and waits (at most the shutdown grace) for requests
   * in flight to finish.
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    scheduler.abandonStaged("engine shutting down");
    return dispatcher.whenDrained()
        .timeout(config.shutdownGrace().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(timeout -> {
          log.warn("partition {}: {} request(s) still in flight after the shutdown grace period", partition,
              dispatcher.inFlight());
          return Future.succeededFuture();
        })
        .eventually(() -> {
          client.close();
          return Future.succeededFuture();
        });
  }

  public int partition() {
    return partition;
  }

  /** Jobs scheduled in this partition (updated on the loop, readable anywhere). */
  public int jobCount() {
    return jobCount;
  }

  public void apply(List<Job> jobs) {
    context.runOnContext(v -> {
      long nowSecond = Math.floorDiv(clock.epochMillis(), 1000);
      for (Job job : jobs) {
        guard("apply job " + job.id(), () -> scheduler.upsert(job, nowSecond));
      }
      jobCount = scheduler.jobCount();
    });
  }

  public void remove(UUID jobId) {
    context.runOnContext(v -> {
      guard("remove job " + jobId, () -> scheduler.remove(jobId));
      jobCount = scheduler.jobCount();
    });
  }

  /** Sends a fire now, outside the schedule (a manual trigger). */
  public void fireNow(Fire fire) {
    context.runOnContext(v -> dispatcher.fire(fire));
  }

  // PartitionScheduler.Output: called on this verticle's loop.

  @Override
  public void fire(Fire fire) {
    dispatcher.fire(fire);
  }

  @Override
  public void claim(List<Fire> fires) {
    claims.claim(fires).onComplete(ar -> guard("claim result", () -> {
      if (ar.succeeded()) {
        events.claimed(fires.size(), ar.result().size());
        scheduler.onClaimResult(fires, ar.result());
      } else {
        events.claimFailed(fires.size(), ar.cause());
        log.warn("partition {}: claiming {} at-most-once second(s) failed: {}", partition, fires.size(),
            ar.cause().getMessage());
        scheduler.onClaimFailure(fires, ar.cause());
      }
    }));
  }

  @Override
  public void notSent(Fire fire, ExecutionStatus status, String reason) {
    Execution execution = new Execution(fire.executionId(), fire.job().id(),
        Instant.ofEpochMilli(fire.scheduledAtMillis()), null, null, status, null, null, 0, reason, fire.trigger());
    log.debug("job {} execution {} not sent: {} ({})", fire.job().id(), fire.executionId(), status, reason);
    sink.record(execution);
    events.completed(execution);
  }

  private void onTimer() {
    timerId = -1;
    runTurn();
  }

  private void runTurn() {
    if (stopped) {
      return;
    }
    boolean more = false;
    try {
      more = scheduler.runDue(clock.epochMillis(), BUDGET_PER_TURN);
    } catch (Throwable t) {
      events.unexpected("partition " + partition + " tick", t);
    }
    if (more && !continuationQueued) {
      continuationQueued = true;
      context.runOnContext(v -> {
        continuationQueued = false;
        runTurn();
      });
    } else if (!more) {
      armTimer();
    }
  }

  /** Aims the next tick at the next wall-second boundary. */
  private void armTimer() {
    if (stopped || timerId >= 0) {
      return;
    }
    long delayMs = 1000 - Math.floorMod(clock.epochMillis(), 1000L);
    timerId = vertx.setTimer(Math.max(1, delayMs), id -> onTimer());
  }

  private void guard(String where, Runnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      events.unexpected("partition " + partition + " " + where, t);
    }
  }
}
