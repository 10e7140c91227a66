package io.cronwheel.wheel;

import io.cronwheel.alert.AlertVerticle;
import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.dispatch.ConcurrencyLimiter;
import io.cronwheel.dispatch.FlushBatching;
import io.cronwheel.dispatch.HttpDispatcher;
import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.store.ExecutionBatcher;
import io.cronwheel.store.PgExecutionStore;
import io.cronwheel.store.PgProgressStore;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one partition: owns its {@link PartitionScheduler} and {@link HttpDispatcher} and runs
 * them on its event loop. Each timer is aimed at the next wall-clock second boundary computed from
 * the clock, so a late timer never shifts later ticks; a second with more work than one turn's
 * budget continues in the next turn, letting other partitions on the same loop run in between.
 * After each tick it records how far it has handed out seconds, which is where a restarted engine
 * resumes.
 *
 * <p>The public methods may be called from any thread: they hop onto this verticle's context.
 */
public final class PartitionVerticle extends VerticleBase implements PartitionScheduler.Output {
  private static final Logger log = LoggerFactory.getLogger(PartitionVerticle.class);

  /** Fires staged (ids, claims) per event-loop turn in the middle of the second. */
  static final int BUDGET_PER_TURN = 5000;

  /**
   * Fires sent per event-loop turn at the second boundary. Small on purpose: a turn's requests
   * leave in one write per connection when the turn ends ({@link
   * io.cronwheel.dispatch.FlushBatching}), so short turns let the target start answering the first
   * requests while the next ones are built, and let responses be read in between.
   */
  static final int DISPATCH_BUDGET_PER_TURN = 256;

  /**
   * Where in each second the seconds ahead are staged and claimed: as far from the boundary burst
   * as possible.
   */
  static final long STAGE_AT_MILLIS = 500;

  /** What a partition works with. */
  public record Dependencies(
      CronwheelConfig config,
      Clock clock,
      PgExecutionStore executions,
      PgProgressStore progress,
      ExecutionBatcher records,
      EngineEvents events,
      ConcurrencyLimiter limiter,
      AlertVerticle alerts) {}

  private final int partition;
  private final Dependencies deps;
  private final Long resumeAfterSecond;
  private final List<PgExecutionStore.Unfinished> toSettle = new ArrayList<>();
  private PartitionScheduler scheduler;
  private HttpDispatcher dispatcher;
  private HttpClientAgent httpClient;
  private WebClient client;
  private long recoveryBoundary;
  private long timerId = -1;
  private long savedProgress;
  private boolean progressWriteInFlight;
  private int releasesInFlight;
  private boolean claimsFailing;
  private boolean backPressureLogged;
  private boolean continuationQueued;
  private boolean stopped;
  private volatile int jobCount;

  /**
   * @param resumeAfterSecond the last second this partition handed out in an earlier run, or null
   *     if it never ran
   */
  public PartitionVerticle(int partition, Dependencies deps, Long resumeAfterSecond) {
    this.partition = partition;
    this.deps = deps;
    this.resumeAfterSecond = resumeAfterSecond;
  }

  @Override
  public Future<?> start() {
    CronwheelConfig config = deps.config();
    recoveryBoundary = Math.floorDiv(deps.clock().epochMillis(), 1000);
    long start = recoveryBoundary;
    if (resumeAfterSecond != null) {
      start =
          Math.max(resumeAfterSecond + 1, recoveryBoundary - config.recoveryHorizon().toSeconds());
      start = Math.min(start, recoveryBoundary);
    }
    scheduler =
        new PartitionScheduler(
            new PartitionScheduler.Settings(
                config.wheelSlots(),
                (int) config.claimLookahead().toSeconds(),
                config.misfireThreshold().toSeconds()),
            start,
            recoveryBoundary,
            this);
    savedProgress = start - 1;
    WebClientOptions options =
        new WebClientOptions()
            .setKeepAlive(true)
            .setFollowRedirects(false)
            .setUserAgent("cronwheel")
            .setConnectTimeout(5000)
            .setPipelining(config.httpPipeliningLimit() > 1)
            .setPipeliningLimit(config.httpPipeliningLimit())
            .setName("cronwheel-partition-" + partition);
    httpClient =
        vertx
            .httpClientBuilder()
            .with(options)
            .with(new PoolOptions().setHttp1MaxSize(config.httpPoolSize()))
            .withConnectHandler(FlushBatching::install)
            .build();
    client = WebClient.wrap(httpClient, options);
    dispatcher =
        new HttpDispatcher(
            vertx, client, deps.clock(), deps.events(), deps.limiter(), partition, this::onFinal);
    armTimer();
    return Future.succeededFuture();
  }

  /**
   * Stops firing, releases the claims on seconds not yet sent, waits (at most the shutdown grace)
   * for requests in flight, and records how far it got.
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    scheduler.abandonStaged();
    long deadline = System.nanoTime() + deps.config().shutdownGrace().toNanos();
    return claimsSettled(deadline)
        .compose(v -> dispatcher.whenDrained())
        .timeout(
            deps.config().shutdownGrace().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(
            timeout -> {
              log.warn(
                  "partition {}: {} request(s) still in flight after the shutdown grace period",
                  partition,
                  dispatcher.inFlight());
              return Future.succeededFuture();
            })
        .compose(v -> deps.progress().save(partition, scheduler.dispatchedThrough()))
        .recover(
            error -> {
              log.warn(
                  "partition {}: could not record progress on stop: {}",
                  partition,
                  error.getMessage());
              return Future.succeededFuture();
            })
        .eventually(
            () -> {
              client.close();
              return httpClient.close();
            });
  }

  public int partition() {
    return partition;
  }

  /**
   * Completes once every claim asked for has been answered and every release written (or the
   * deadline passed).
   */
  private Future<Void> claimsSettled(long deadlineNanos) {
    if ((!scheduler.claimsPending() && releasesInFlight == 0)
        || System.nanoTime() - deadlineNanos > 0) {
      return Future.succeededFuture();
    }
    io.vertx.core.Promise<Void> settled = io.vertx.core.Promise.promise();
    vertx.setTimer(10, id -> claimsSettled(deadlineNanos).onComplete(settled));
    return settled.future();
  }

  /** Jobs scheduled in this partition (updated on the loop, readable anywhere). */
  public int jobCount() {
    return jobCount;
  }

  /** Applies job changes from the API: effective from the next second. */
  public void apply(List<Job> jobs) {
    context.runOnContext(
        v -> {
          long nowSecond = Math.floorDiv(deps.clock().epochMillis(), 1000);
          upsertAll(jobs, nowSecond);
        });
  }

  /**
   * Loads jobs at start-up: scheduled from where this partition stopped, so the downtime is
   * replayed.
   */
  public void load(List<Job> jobs) {
    context.runOnContext(v -> upsertAll(jobs, scheduler.dispatchedThrough()));
  }

  /**
   * Takes an execution an earlier run left claimed or running. Past ones are settled by {@link
   * #settleRecovered()} once the jobs are loaded. A claim on a second still ahead is adopted and
   * fired at its second, unless another engine is live on this database (by mistake): then only
   * at-least-once claims are adopted (a duplicate is allowed) and at-most-once ones are left to
   * their owner.
   */
  public void recover(PgExecutionStore.Unfinished unfinished, boolean noOtherEngine) {
    context.runOnContext(
        v -> {
          long second = unfinished.scheduledAt().getEpochSecond();
          boolean scheduled = unfinished.trigger() == io.cronwheel.model.Trigger.SCHEDULED;
          if (scheduled && second >= recoveryBoundary) {
            if (noOtherEngine
                || unfinished.executionType() == io.cronwheel.model.ExecutionType.AT_LEAST_ONCE) {
              scheduler.adoptClaim(unfinished.id(), unfinished.jobId(), second);
            }
            return;
          }
          if (scheduled) {
            scheduler.recoveredElsewhere(unfinished.jobId(), second);
          }
          toSettle.add(unfinished);
        });
  }

  /**
   * Settles past unfinished executions: at-least-once ones are sent again under the same execution
   * id (and so the same idempotency key); at-most-once ones are never re-sent: recorded as failed
   * when they may have been sent, as missed when they certainly were not.
   */
  public void settleRecovered() {
    context.runOnContext(
        v -> {
          List<PgExecutionStore.Unfinished> batch = List.copyOf(toSettle);
          toSettle.clear();
          int resent = 0;
          for (PgExecutionStore.Unfinished unfinished : batch) {
            resent +=
                RecoverySettlement.settle(
                        unfinished,
                        scheduler.job(unfinished.jobId()),
                        resumeAfterSecond,
                        dispatcher::fire,
                        deps.records()::record)
                    ? 1
                    : 0;
          }
          if (!batch.isEmpty()) {
            log.info(
                "partition {}: settled {} unfinished execution(s) from an earlier run, {} sent again",
                partition,
                batch.size(),
                resent);
          }
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
    deps.executions()
        .claim(fires)
        .onComplete(
            ar ->
                guard(
                    "claim result",
                    () -> {
                      if (ar.succeeded()) {
                        if (claimsFailing) {
                          log.info("partition {}: claims succeed again", partition);
                        }
                        deps.events().claimed(fires.size(), ar.result().size());
                        scheduler.onClaimResult(fires, ar.result());
                      } else {
                        if (!claimsFailing) {
                          log.warn(
                              "partition {}: claims are failing ({}); at-most-once seconds are skipped until they succeed",
                              partition,
                              ar.cause().getMessage());
                        }
                        deps.events().claimFailed(fires.size(), ar.cause());
                        scheduler.onClaimFailure(fires, ar.cause());
                      }
                      claimsFailing = ar.failed();
                    }));
  }

  @Override
  public void notSent(Fire fire, ExecutionStatus status, String reason) {
    Execution execution =
        new Execution(
            fire.executionId(),
            fire.job().id(),
            Instant.ofEpochMilli(fire.scheduledAtMillis()),
            null,
            null,
            status,
            null,
            null,
            0,
            reason,
            fire.trigger());
    log.debug(
        "job {} execution {} not sent: {} ({})",
        fire.job().id(),
        fire.executionId(),
        status,
        reason);
    deps.records().record(execution);
    deps.events().completed(execution);
  }

  @Override
  public void release(List<Fire> fires) {
    releasesInFlight++;
    deps.executions()
        .release(fires)
        .onFailure(
            error ->
                log.warn(
                    "partition {}: could not release {} unsent claim(s); a restart will settle "
                        + "them: {}",
                    partition,
                    fires.size(),
                    error.getMessage()))
        .onComplete(ar -> releasesInFlight--);
  }

  private void onFinal(Fire fire, Execution execution) {
    deps.records().record(execution);
    deps.events().completed(execution);
    if (execution.status() == ExecutionStatus.FAILED) {
      deps.alerts().notify(fire.job(), execution);
    }
    guard("completion", () -> scheduler.onCompleted(execution.jobId(), execution.trigger()));
  }

  private void upsertAll(List<Job> jobs, long fromSecond) {
    for (Job job : jobs) {
      guard("apply job " + job.id(), () -> scheduler.upsert(job, fromSecond));
    }
    jobCount = scheduler.jobCount();
  }

  private void onTimer() {
    timerId = -1;
    runTurn();
  }

  /**
   * On the second boundary only the due fires go out; the staging of later seconds (ids, claims)
   * happens in the middle of the second, off the burst. A turn with more work than its budget
   * continues in the next turn.
   */
  private void runTurn() {
    if (stopped) {
      return;
    }
    if (!deps.records().hasRoom()) {
      holdForBackPressure();
      return;
    }
    backPressureLogged = false;
    long nowMillis = deps.clock().epochMillis();
    boolean stagePhase = Math.floorMod(nowMillis, 1000L) >= STAGE_AT_MILLIS;
    boolean more = false;
    try {
      more =
          stagePhase
              ? scheduler.runDue(nowMillis, BUDGET_PER_TURN)
              : scheduler.dispatchDue(nowMillis, DISPATCH_BUDGET_PER_TURN);
    } catch (Throwable t) {
      deps.events().unexpected("partition " + partition + " tick", t);
    }
    if (more && !continuationQueued) {
      continuationQueued = true;
      context.runOnContext(
          v -> {
            continuationQueued = false;
            runTurn();
          });
    } else if (!more) {
      saveProgress();
      armTimer();
    }
  }

  /** The record queue is full: fire nothing more until it drains, rather than drop records. */
  private void holdForBackPressure() {
    if (!backPressureLogged) {
      backPressureLogged = true;
      log.error(
          "partition {}: execution record queue is full (backlog {}); holding fires until it drains",
          partition,
          deps.records().backlog());
    }
    deps.events().backPressure(partition);
    armTimer();
  }

  /**
   * Records progress once a second, only while claims succeed, so the mark never passes an
   * unclaimed second.
   */
  private void saveProgress() {
    long through = scheduler.dispatchedThrough();
    if (progressWriteInFlight || claimsFailing || through <= savedProgress) {
      return;
    }
    progressWriteInFlight = true;
    deps.progress()
        .save(partition, through)
        .onComplete(
            ar -> {
              progressWriteInFlight = false;
              if (ar.succeeded()) {
                savedProgress = through;
              }
            });
  }

  /**
   * Aims the next tick at the next wall-second boundary, or at this second's staging point if that
   * comes first.
   */
  private void armTimer() {
    if (stopped || timerId >= 0) {
      return;
    }
    long intoSecond = Math.floorMod(deps.clock().epochMillis(), 1000L);
    long delayMs = intoSecond < STAGE_AT_MILLIS ? STAGE_AT_MILLIS - intoSecond : 1000 - intoSecond;
    timerId = vertx.setTimer(Math.max(1, delayMs), id -> onTimer());
  }

  private void guard(String where, Runnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      deps.events().unexpected("partition " + partition + " " + where, t);
    }
  }
}
