package io.cronwheel.wheel;

import io.cronwheel.dispatch.FireDispatcher;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.UnfinishedExecution;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition in time: its {@link PartitionScheduler}, its dispatcher, and the loop that drives
 * them. The only part of a partition that reads the clock and arms timers.
 *
 * <p>Each tick is aimed at the next wall-clock second boundary computed from the clock (or at this
 * second's staging point if that comes first), so a late timer never shifts later ticks. On the
 * boundary only the due fires go out; the seconds ahead are staged and claimed in the middle of the
 * second, off the burst. A turn with more work than its budget continues in the next turn, letting
 * other partitions on the same loop run in between. After each tick the loop records how far it has
 * handed out seconds, which is where a restarted engine resumes.
 *
 * <p>Before every turn the loop asks its {@link LeaseGuard}: once the lease may have expired, it
 * sends and claims nothing more and waits to be stopped (the node that takes the partition over
 * adopts what it had claimed).
 *
 * <p>Its length is the partition's lifecycle (load, recover, settle, fire, stop) in one place, each
 * step a few lines over the parts that do the work.
 *
 * <p>Everything here runs on the partition's event loop; {@link Timers} is its tick source, so a
 * test drives a whole partition tick by tick by advancing a manual clock.
 */
final class PartitionLoop {
  private static final Logger log = LoggerFactory.getLogger(PartitionLoop.class);

  /** Fires staged (ids, claims) per turn in the middle of the second. */
  static final int STAGE_BUDGET_PER_TURN = 5000;

  /**
   * Fires sent per turn at the second boundary. Small on purpose: a turn's requests leave in one
   * write per connection when the turn ends ({@link io.cronwheel.dispatch.FlushBatching}), so short
   * turns let the target start answering the first requests while the next ones are built, and let
   * responses be read in between.
   */
  static final int DISPATCH_BUDGET_PER_TURN = 256;

  /**
   * Where in each second the seconds ahead are staged and claimed: as far from the boundary burst
   * as possible.
   */
  static final long STAGE_AT_MILLIS = 500;

  private static final long SETTLED_POLL_MS = 10;

  private final int partition;
  private final PartitionSettings settings;
  private final PartitionPorts ports;
  private final Clock clock;
  private final Timers timers;
  private final SchedulerEffects effects;
  private final PartitionScheduler scheduler;
  private final FireDispatcher dispatcher;
  private final long replayFrom;
  private final long recoveryBoundary;
  private long timerId = -1;
  private long savedProgress;
  private boolean progressWriteInFlight;
  private long lastReplaySecond = Long.MIN_VALUE;
  private long replayed;
  private boolean backPressureLogged;
  private boolean leaseLostLogged;
  private boolean continuationQueued;
  private boolean firing;
  private boolean stopped;

  /**
   * @param resumeAfterSecond the last second this partition handed out in an earlier run, or null
   *     if it never ran
   */
  PartitionLoop(
      int partition,
      Long resumeAfterSecond,
      PartitionSettings settings,
      PartitionPorts ports,
      Clock clock,
      Timers timers) {
    this.partition = partition;
    this.settings = settings;
    this.ports = ports;
    this.clock = clock;
    this.timers = timers;
    long recoveryBoundary = Math.floorDiv(clock.epochMillis(), 1000);
    long start = recoveryBoundary;
    if (resumeAfterSecond != null) {
      start =
          Math.max(
              resumeAfterSecond + 1, recoveryBoundary - settings.recoveryHorizon().toSeconds());
      start = Math.min(start, recoveryBoundary);
    }
    this.effects = new SchedulerEffects(partition, ports, clock);
    this.scheduler =
        new PartitionScheduler(
            settings, start, new RecoveryPlan(recoveryBoundary, resumeAfterSecond), effects);
    this.dispatcher = ports.dispatchers().create(partition, timers, effects);
    effects.bind(scheduler, dispatcher);
    this.savedProgress = start - 1;
    this.replayFrom = start;
    this.recoveryBoundary = recoveryBoundary;
  }

  /** The first live second: earlier ones are the downtime. */
  long recoveryBoundary() {
    return recoveryBoundary;
  }

  /** The first second of the downtime replayed; the recovery boundary when there is none. */
  long replayFrom() {
    return replayFrom;
  }

  /** A past second that already has a row: the replay leaves it alone. */
  void recorded(UUID jobId, long epochSecond) {
    scheduler.recovery().recorded(jobId, epochSecond);
  }

  int jobCount() {
    return scheduler.jobCount();
  }

  /** Applies job changes from the API: effective from the next second. */
  void apply(List<Job> jobs) {
    upsertAll(jobs, Math.floorDiv(clock.epochMillis(), 1000));
  }

  /**
   * Loads jobs at start-up: live from the recovery boundary, with the downtime since where this
   * partition stopped queued for replay.
   */
  void load(List<Job> jobs) {
    for (Job job : jobs) {
      LoopGuard.run(ports.events(), partition, "load job " + job.id(), () -> scheduler.load(job));
    }
  }

  /** Takes an execution an earlier run left claimed or running (see {@link RecoveryPlan#take}). */
  void recover(UnfinishedExecution unfinished) {
    scheduler.recovery().take(unfinished);
  }

  /**
   * Settles the past unfinished executions once the jobs are loaded: at-least-once ones are sent
   * again under the same execution id (and so the same idempotency key); at-most-once ones are
   * never re-sent.
   */
  void settleRecovered() {
    RecoveryPlan recovery = scheduler.recovery();
    List<UnfinishedExecution> batch = recovery.takeToSettle();
    int resent = 0;
    for (UnfinishedExecution unfinished : batch) {
      Job job = scheduler.job(unfinished.jobId());
      boolean sent =
          RecoverySettlement.settle(
              unfinished,
              job,
              recovery.resumeAfterSecond(),
              dispatcher::fire,
              ports.records()::record);
      resent += sent ? 1 : 0;
    }
    if (!batch.isEmpty()) {
      log.info(
          "partition {}: settled {} unfinished execution(s) from an earlier run, {} sent again",
          partition,
          batch.size(),
          resent);
    }
  }

  /** Sends a fire now, outside the schedule (a manual trigger). */
  void fireNow(Fire fire) {
    dispatcher.fire(fire);
  }

  /** Starts ticking: from here on the partition hands out its seconds, the downtime's first. */
  void startFiring() {
    firing = true;
    armTimer();
  }

  /**
   * Stops firing, releases the claims on seconds not yet sent, waits (at most the shutdown grace)
   * for claims to be answered, requests in flight to finish and their records to be written, and
   * records how far it got. Writing the records first matters on a lease hand-over: the next holder
   * then finds the seconds sent here finished, not claimed and unsettled.
   */
  Future<Void> stop() {
    stopped = true;
    timers.cancel(timerId);
    scheduler.abandonStaged();
    Promise<Void> drained = Promise.promise();
    long graceMs = settings.shutdownGrace().toMillis();
    long graceTimer = timers.schedule(graceMs, () -> drained.tryFail("shutdown grace passed"));
    long deadlineNanos = clock.nanoTime() + settings.shutdownGrace().toNanos();
    whenSettled(deadlineNanos)
        .compose(v -> dispatcher.whenDrained())
        .compose(v -> ports.records().flush())
        .onComplete(
            ar -> {
              timers.cancel(graceTimer);
              drained.tryComplete();
            });
    return drained
        .future()
        .recover(
            timeout -> {
              log.warn(
                  "partition {}: {} request(s) still in flight after the shutdown grace period",
                  partition,
                  dispatcher.inFlight());
              return Future.succeededFuture();
            })
        .compose(v -> ports.store().saveProgress(scheduler.safeProgressMark()))
        .recover(
            error -> {
              log.warn(
                  "partition {}: could not record progress on stop: {}",
                  partition,
                  error.getMessage());
              return Future.succeededFuture();
            })
        .eventually(dispatcher::close);
  }

  /**
   * Completes once every claim asked for is answered and every release written, or the deadline
   * passed.
   */
  private Future<Void> whenSettled(long deadlineNanos) {
    if (effects.settled() || clock.nanoTime() - deadlineNanos > 0) {
      return Future.succeededFuture();
    }
    Promise<Void> settled = Promise.promise();
    timers.schedule(SETTLED_POLL_MS, () -> whenSettled(deadlineNanos).onComplete(settled));
    return settled.future();
  }

  private void upsertAll(List<Job> jobs, long fromSecond) {
    for (Job job : jobs) {
      LoopGuard.run(
          ports.events(),
          partition,
          "apply job " + job.id(),
          () -> scheduler.upsert(job, fromSecond));
    }
  }

  private void onTimer() {
    timerId = -1;
    runTurn();
  }

  private void runTurn() {
    if (stopped) {
      return;
    }
    if (!ports.lease().mayFire()) {
      holdForLostLease();
      return;
    }
    if (!ports.records().hasRoom()) {
      holdForBackPressure();
      return;
    }
    backPressureLogged = false;
    long nowMillis = clock.epochMillis();
    boolean stagePhase = Math.floorMod(nowMillis, 1000L) >= STAGE_AT_MILLIS;
    boolean more = false;
    try {
      more =
          stagePhase
              ? scheduler.runDue(nowMillis, STAGE_BUDGET_PER_TURN)
              : scheduler.dispatchDue(nowMillis, DISPATCH_BUDGET_PER_TURN);
      if (stagePhase && !more) {
        replayDowntime(nowMillis);
      }
    } catch (Throwable t) {
      ports.events().unexpected("partition " + partition + " tick", t);
    }
    if (more && !continuationQueued) {
      continuationQueued = true;
      timers.runSoon(
          () -> {
            continuationQueued = false;
            runTurn();
          });
    } else if (!more) {
      saveProgress();
      armTimer();
    }
  }

  /**
   * Replays a second's share of the downtime, once per second, in the quiet middle of it; logs when
   * the replay is done.
   */
  private void replayDowntime(long nowMillis) {
    long second = Math.floorDiv(nowMillis, 1000);
    if (second == lastReplaySecond || scheduler.replayPending() == 0) {
      return;
    }
    lastReplaySecond = second;
    replayed += scheduler.replayDue(nowMillis, settings.catchUpPerSecond());
    if (scheduler.replayPending() == 0) {
      log.info(
          "partition {}: replayed the downtime from {}: {} catch-up fire(s) and missed record(s)",
          partition,
          Instant.ofEpochSecond(replayFrom),
          replayed);
    }
  }

  /** The lease may have expired: nothing more is sent or claimed; the node stops the partition. */
  private void holdForLostLease() {
    if (!leaseLostLogged) {
      leaseLostLogged = true;
      log.warn(
          "partition {}: lease not renewed in time; firing stopped, the next holder takes over",
          partition);
    }
  }

  /** The record queue is full: fire nothing more until it drains, rather than drop records. */
  private void holdForBackPressure() {
    if (!backPressureLogged) {
      backPressureLogged = true;
      log.error(
          "partition {}: execution record queue is full (backlog {}); holding fires until it drains",
          partition,
          ports.records().backlog());
    }
    ports.events().backPressure(partition);
    armTimer();
  }

  /**
   * Records progress once a second, only while claims succeed, so the mark never passes an
   * unclaimed second.
   */
  private void saveProgress() {
    long through = scheduler.safeProgressMark();
    if (progressWriteInFlight || effects.claimsFailing() || through <= savedProgress) {
      return;
    }
    progressWriteInFlight = true;
    ports
        .store()
        .saveProgress(through)
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
    if (stopped || !firing || timerId >= 0) {
      return;
    }
    long intoSecond = Math.floorMod(clock.epochMillis(), 1000L);
    long delayMs = intoSecond < STAGE_AT_MILLIS ? STAGE_AT_MILLIS - intoSecond : 1000 - intoSecond;
    timerId = timers.schedule(Math.max(1, delayMs), this::onTimer);
  }
}
