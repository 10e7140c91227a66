package io.cronwheel.wheel;

import io.cronwheel.cron.CronSchedule;
import io.cronwheel.cron.CronSchedules;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Trigger;
import io.cronwheel.time.UuidV7;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The scheduling state of one partition, coordinating its parts: the jobs and their {@link
 * TimingWheel}, the {@link StagingRing} of fires due in the next seconds, the {@link ClaimLedger},
 * the start-up {@link RecoveryPlan} and {@link DowntimeReplay}, the {@link ProgressHolds}, and the
 * {@link FireGate} that decides each due fire.
 *
 * <p>Each {@link #runDue} first advances the wheel to {@code now + lookahead}, turning due wheel
 * entries into staged fires and asking, in one batch, for a durable claim on each staged second;
 * then it hands out the staged fires whose second has come. Staging ahead is what lets a claim be
 * made before its second without adding a round trip to the fire. The wheel starts at the recovery
 * boundary: the seconds of the downtime before it are replayed beside the live ones, at a bounded
 * rate ({@link #replayDue}). A job change re-plans its staged fires at once: kept (with the new
 * definition) where the new schedule still fires at that second, cancelled otherwise.
 *
 * <p>Passive and single-threaded: it never reads a clock and is used only from its partition's
 * event loop. Longer than most classes here on purpose: it owns the one map of the partition's
 * jobs, which staging, re-planning, replay and every claim answer consult; each decision it takes
 * lives in one of the parts above.
 */
public final class PartitionScheduler {
  /** What the scheduler asks of the world. Calls happen on the partition's event loop. */
  public interface Output {
    void fire(Fire fire);

    /** Claim these fires durably; answer with {@link #onClaimResult} or {@link #onClaimFailure}. */
    void claim(List<Fire> fires);

    /** Record a fire that will not be sent. */
    void notSent(Fire fire, ExecutionStatus status, String reason);

    /** Give back claims on seconds that were never sent, so a later run can decide them afresh. */
    void release(List<Fire> fires);
  }

  private final PartitionSettings settings;
  private final TimingWheel wheel;
  private final StagingRing ring;
  private final ClaimLedger claims = new ClaimLedger();
  private final ProgressHolds holds = new ProgressHolds();
  private final RecoveryPlan recovery;
  private final Misfires misfires;
  private final FireGate gate;
  private final DowntimeReplay replay;
  private final Output output;
  private final Map<UUID, JobEntry> jobs = new HashMap<>();
  private final TimingWheel.FireSink stager = this::stage;
  private final long replayFrom;
  private long nowSecond;
  private boolean releasing;

  /**
   * @param replayFromSecond the first second of the downtime to replay; the recovery boundary (the
   *     first live second) when there is none
   */
  public PartitionScheduler(
      PartitionSettings settings, long replayFromSecond, RecoveryPlan recovery, Output output) {
    long liveFrom = recovery.recoveryBoundary();
    this.settings = settings;
    this.wheel = new TimingWheel(settings.wheelSlots(), liveFrom);
    this.ring = new StagingRing(liveFrom);
    this.recovery = recovery;
    this.misfires = new Misfires(liveFrom, settings.misfireThreshold().toSeconds());
    this.output = output;
    this.gate = new FireGate(misfires, claims, holds, output);
    this.replay = new DowntimeReplay(recovery, misfires, output, gate::startUnanchored);
    this.replayFrom = Math.min(replayFromSecond, liveFrom);
    this.nowSecond = liveFrom - 1;
  }

  public int jobCount() {
    return jobs.size();
  }

  /** Every live second up to this one has been handed out. */
  public long dispatchedThrough() {
    return ring.cursor() - 1;
  }

  /**
   * The progress mark this partition may record: every second up to it is handed out and can be
   * found again after a crash. Held back while downtime is being replayed and while some fire
   * handed out has no row yet ({@link ProgressHolds}).
   */
  public long safeProgressMark() {
    long mark = dispatchedThrough();
    if (replay.pending()) {
      mark = Math.min(mark, replayFrom - 1);
    }
    return holds.limit(mark);
  }

  /** Whether claims were asked for and not yet answered. */
  public boolean claimsPending() {
    return claims.pending();
  }

  /** Jobs whose downtime is still being replayed. */
  public int replayPending() {
    return replay.jobsPending();
  }

  /** Missed seconds beyond the recorded ones per job that were counted but not recorded. */
  public long missedUnrecorded() {
    return misfires.missedUnrecorded();
  }

  /** Fires staged or in the wheel, for tests and gauges. */
  public int pendingFires() {
    return wheel.size() + ring.size();
  }

  RecoveryPlan recovery() {
    return recovery;
  }

  /** The job's current definition, if it is scheduled in this partition. */
  public Job job(UUID jobId) {
    JobEntry entry = jobs.get(jobId);
    return entry == null ? null : entry.job;
  }

  /**
   * Loads a job at start-up: it fires live from the recovery boundary, and the seconds it would
   * have fired at in the downtime are queued for replay.
   */
  public void load(Job job) {
    upsert(job, recovery.recoveryBoundary() - 1);
    JobEntry entry = jobs.get(job.id());
    if (entry != null) {
      replay.add(entry, replayFrom, recovery.recoveryBoundary() - 1);
    }
  }

  /**
   * Adds, replaces or (when it is not scheduled) removes a job. It fires from the first second
   * after {@code fromSecond}. Fires already staged are kept only where the new definition fires at
   * that second.
   */
  public void upsert(Job job, long fromSecond) {
    nowSecond = Math.max(nowSecond, fromSecond);
    JobEntry old = jobs.remove(job.id());
    JobRuntime runtime = old == null ? new JobRuntime() : old.runtime;
    if (old != null) {
      wheel.cancel(old);
    }
    if (!job.isScheduled()) {
      if (old != null && replay.pending()) {
        replay.remove(old);
      }
      cancelAll(runtime, job.deletedAt() != null ? "job deleted" : "job paused");
      return;
    }
    JobEntry entry =
        new JobEntry(job, CronSchedules.parse(job.schedule(), job.timezone()), runtime);
    replanStaged(entry);
    long stagedUpTo = wheel.cursor() - 1;
    long second = Math.max(fromSecond + 1, ring.cursor()) - 1;
    while ((second = entry.schedule.nextFireAfter(second)) <= stagedUpTo) {
      if (!runtime.isStaged(second)) {
        stageFire(entry, second);
      }
    }
    jobs.put(job.id(), entry);
    if (second != CronSchedule.NO_NEXT) {
      wheel.schedule(entry, second);
    }
    flushClaims();
  }

  public void remove(UUID jobId) {
    JobEntry old = jobs.remove(jobId);
    if (old != null) {
      wheel.cancel(old);
      replay.remove(old);
      cancelAll(old.runtime, "job removed from this partition");
    }
  }

  /**
   * On shutdown: drops every staged fire and every fire queued behind a running execution, and
   * releases the claims made for them; none of them was sent, and the progress mark stays before
   * the queued ones, so a later run decides them through the misfire policies.
   */
  public void abandonStaged() {
    releasing = true;
    List<Fire> release = new ArrayList<>();
    for (JobEntry entry : jobs.values()) {
      for (StagedFire staged : entry.runtime.staged()) {
        staged.cancelled = true;
        if (staged.claim == StagedFire.Claim.CLAIMED) {
          release.add(staged.fire);
        }
      }
      entry.runtime.clearStaged();
      release.addAll(entry.runtime.queued());
      entry.runtime.clearQueued();
    }
    if (!release.isEmpty()) {
      output.release(release);
    }
  }

  /**
   * Stages everything due up to {@code now + lookahead} and hands out the fires whose second has
   * come, spending at most {@code budget} units of work.
   *
   * @return true if the budget ran out and the call should be repeated soon
   */
  public boolean runDue(long nowEpochMillis, int budget) {
    return run(nowEpochMillis, budget, settings.lookaheadSeconds());
  }

  /**
   * Hands out the fires whose second has come, staging only what that needs (normally nothing: it
   * was staged ahead). Called on the second boundary, where every unit of work is drift.
   */
  public boolean dispatchDue(long nowEpochMillis, int budget) {
    return run(nowEpochMillis, budget, 0);
  }

  /**
   * Replays up to {@code budget} fires and missed records of the downtime.
   *
   * @return the budget used
   */
  public int replayDue(long nowEpochMillis, int budget) {
    return replay.pending()
        ? replay.run(budget, Math.max(nowSecond, Math.floorDiv(nowEpochMillis, 1000)))
        : 0;
  }

  private boolean run(long nowEpochMillis, int budget, int lookaheadSeconds) {
    nowSecond = Math.floorDiv(nowEpochMillis, 1000);
    long stageTarget = nowSecond + lookaheadSeconds;
    while (budget > 0 && (wheel.cursor() <= stageTarget || ring.cursor() <= nowSecond)) {
      // Fires already staged for this second go out first: staging is not on their critical path.
      budget = dispatchDue(budget);
      budget = wheel.advanceTo(Math.min(stageTarget, ring.horizon()), stager, budget);
      flushClaims();
      budget = dispatchDue(budget);
    }
    return budget == 0;
  }

  /**
   * Hands out staged fires up to the current second, but never past what the wheel has fully
   * staged.
   */
  private int dispatchDue(int budget) {
    return ring.drainThrough(Math.min(nowSecond, wheel.cursor() - 1), budget, this::dispatch);
  }

  /**
   * Claims answered: {@code claimedIds} are the execution ids this process now owns.
   *
   * @param nowEpochMillis when the answer arrived: an at-most-once fire whose claim comes too late
   *     after its second is not sent
   */
  public void onClaimResult(List<Fire> fires, Set<UUID> claimedIds, long nowEpochMillis) {
    List<Fire> release = new ArrayList<>();
    claims.answered(
        fires,
        claimedIds,
        staged ->
            gate.claimed(
                staged, jobs.get(staged.fire.job().id()), releasing, release, nowEpochMillis));
    if (!release.isEmpty()) {
      output.release(release);
    }
  }

  public void onClaimFailure(List<Fire> fires, Throwable error) {
    claims.failed(fires, "claim failed: " + error.getMessage(), gate::claimFailed);
  }

  /**
   * The claim was refused because the lease is gone: the fires are dropped without a record, as the
   * node now holding the partition decides those seconds.
   */
  public void onFencedOut(List<Fire> fires) {
    claims.failed(fires, "lease lost", staged -> {});
  }

  /** An execution reached its final state: releases its hold and lets a queued overlap fire go. */
  public void onCompleted(UUID executionId, UUID jobId, Trigger trigger) {
    holds.release(executionId);
    if (trigger != Trigger.SCHEDULED) {
      return;
    }
    JobEntry owner = jobs.get(jobId);
    if (owner != null) {
      gate.completed(owner, executionId);
    }
  }

  private void stage(WheelEntry wheelEntry, long epochSecond) {
    JobEntry entry = (JobEntry) wheelEntry;
    stageFire(entry, epochSecond);
    long next = entry.schedule.nextFireAfter(epochSecond);
    if (next != CronSchedule.NO_NEXT) {
      wheel.schedule(entry, next);
    }
  }

  private void stageFire(JobEntry entry, long epochSecond) {
    UUID adopted = recovery.adoptedClaim(entry.job.id(), epochSecond);
    UUID executionId = adopted != null ? adopted : UuidV7.next(epochSecond * 1000);
    Fire fire = new Fire(executionId, entry.job, epochSecond * 1000, Trigger.SCHEDULED);
    StagedFire staged =
        new StagedFire(
            fire,
            adopted != null ? StagedFire.Claim.CLAIMED : StagedFire.Claim.NONE,
            misfires.isMisfire(epochSecond, nowSecond));
    claims.require(staged);
    entry.runtime.stage(staged);
    ring.add(staged);
  }

  private void flushClaims() {
    List<Fire> batch = claims.takeBatch();
    if (batch != null) {
      output.claim(batch);
    }
  }

  private void dispatch(StagedFire staged) {
    JobEntry owner = jobs.get(staged.fire.job().id());
    if (owner != null && !owner.runtime.unstage(staged)) {
      owner = null; // staged under a job that has since been removed and re-added
    }
    gate.due(staged, owner, nowSecond);
  }

  /**
   * Keeps each staged fire the new definition still fires at, with that definition; cancels the
   * rest.
   */
  private void replanStaged(JobEntry entry) {
    var it = entry.runtime.staged().iterator();
    while (it.hasNext()) {
      StagedFire staged = it.next();
      if (entry.firesAt(staged.epochSecond())) {
        staged.fire = staged.fire.withJob(entry.job);
        claims.require(staged);
      } else {
        cancel(staged, "job rescheduled");
        it.remove();
      }
    }
    flushClaims();
  }

  private void cancelAll(JobRuntime runtime, String reason) {
    for (StagedFire fire : runtime.staged()) {
      cancel(fire, reason);
    }
    runtime.clearStaged();
    for (Fire queued : runtime.queued()) {
      holds.release(queued.executionId());
      output.notSent(queued, ExecutionStatus.SKIPPED, reason + " while this second was queued");
    }
    runtime.clearQueued();
  }

  private void cancel(StagedFire staged, String reason) {
    staged.cancelled = true;
    if (staged.claim == StagedFire.Claim.CLAIMED) {
      output.notSent(staged.fire, ExecutionStatus.SKIPPED, reason + " before its second came");
    }
  }
}
