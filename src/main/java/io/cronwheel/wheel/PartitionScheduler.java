package io.cronwheel.wheel;

import io.cronwheel.cron.CronSchedule;
import io.cronwheel.cron.CronSchedules;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Trigger;
import io.cronwheel.time.UuidV7;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The scheduling state of one partition: its jobs, its {@link TimingWheel}, and the fires staged for the next few
 * seconds.
 *
 * <p>Each call to {@link #runDue} first advances the wheel to {@code now + lookahead}, turning due wheel entries into
 * staged fires (and asking for durable claims of the at-most-once ones, in one batch), then hands out the staged
 * fires whose second has come. Staging ahead is what lets a claim be made before its second without adding a round
 * trip to the fire. A job change re-plans its staged fires at once: kept (with the new definition) where the new
 * schedule still fires at that second, cancelled otherwise.
 *
 * <p>Passive and single-threaded: it never reads a clock and is used only from its partition's event loop.
 */
public final class PartitionScheduler {
  /** Seconds later than this are recorded as missed rather than fired. */
  public static final long LATE_FIRE_LIMIT_SECONDS = 60;

  /** What the scheduler asks of the world. Calls happen on the partition's event loop. */
  public interface Output {
    void fire(Fire fire);

    /** Claim these at-most-once fires durably; answer with {@link #onClaimResult} or {@link #onClaimFailure}. */
    void claim(List<Fire> fires);

    /** Record a fire that will not be sent. */
    void notSent(Fire fire, ExecutionStatus status, String reason);
  }

  private static final int RING = 16;

  private final TimingWheel wheel;
  private final int lookaheadSeconds;
  private final Output output;
  private final Map<UUID, JobEntry> jobs = new HashMap<>();
  private final Map<UUID, StagedFire> claimsInFlight = new HashMap<>();
  @SuppressWarnings("unchecked")
  private final ArrayList<StagedFire>[] ring = new ArrayList[RING];
  private final List<Fire> claimBatch = new ArrayList<>();
  private final TimingWheel.FireSink stager = this::stage;
  private long dispatchCursor;
  private int dispatchIndex;

  public PartitionScheduler(int wheelSlots, int lookaheadSeconds, long startEpochSecond, Output output) {
    if (lookaheadSeconds < 0 || lookaheadSeconds > RING - 2) {
      throw new IllegalArgumentException("lookahead must be 0.." + (RING - 2) + " seconds");
    }
    this.wheel = new TimingWheel(wheelSlots, startEpochSecond);
    this.lookaheadSeconds = lookaheadSeconds;
    this.output = output;
    this.dispatchCursor = startEpochSecond;
    for (int i = 0; i < RING; i++) {
      ring[i] = new ArrayList<>();
    }
  }

  public int jobCount() {
    return jobs.size();
  }

  /** Fires staged or in the wheel, for tests and gauges. */
  public int pendingFires() {
    int staged = 0;
    for (ArrayList<StagedFire> bucket : ring) {
      staged += bucket.size();
    }
    return wheel.size() + staged;
  }

  /**
   * Adds, replaces or (when it is not scheduled) removes a job. Takes effect from the first second after {@code
   * nowEpochSecond}: fires already staged are kept only where the new definition fires at the same second.
   */
  public void upsert(Job job, long nowEpochSecond) {
    JobEntry old = jobs.remove(job.id());
    ArrayDeque<StagedFire> staged = old == null ? new ArrayDeque<>(2) : old.staged;
    if (old != null) {
      wheel.cancel(old);
    }
    if (!job.isScheduled()) {
      cancelStaged(staged, job.deletedAt() != null ? "job deleted" : "job paused");
      return;
    }
    JobEntry entry = new JobEntry(job, CronSchedules.parse(job.schedule(), job.timezone()), staged);
    replanStaged(entry);
    long stagedUpTo = wheel.cursor() - 1;
    long second = Math.max(nowEpochSecond + 1, dispatchCursor) - 1;
    while ((second = entry.schedule.nextFireAfter(second)) <= stagedUpTo) {
      if (!isStaged(entry, second)) {
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
      cancelStaged(old.staged, "job removed from this partition");
    }
  }

  /** Cancels every staged fire, recording claimed at-most-once ones as skipped: nothing claimed is left unrecorded. */
  public void abandonStaged(String reason) {
    for (JobEntry entry : jobs.values()) {
      cancelStaged(entry.staged, reason);
    }
  }

  /**
   * Stages everything due up to {@code now + lookahead} and hands out the fires whose second has come, spending at
   * most {@code budget} units of work.
   *
   * @return true if the budget ran out and the call should be repeated soon
   */
  public boolean runDue(long nowEpochMillis, int budget) {
    long nowSecond = Math.floorDiv(nowEpochMillis, 1000);
    long stageTarget = nowSecond + lookaheadSeconds;
    while (budget > 0 && (wheel.cursor() <= stageTarget || dispatchCursor <= nowSecond)) {
      // The ring holds RING seconds: never stage further ahead of the dispatcher than that.
      long horizon = Math.min(stageTarget, dispatchCursor + RING - 1);
      budget = wheel.advanceTo(horizon, stager, budget);
      flushClaims();
      budget = dispatchUpTo(nowSecond, budget);
    }
    return budget == 0;
  }

  /** Hands out staged fires up to {@code nowSecond}, but never past what the wheel has fully staged. */
  private int dispatchUpTo(long nowSecond, int budget) {
    long limit = Math.min(nowSecond, wheel.cursor() - 1);
    while (dispatchCursor <= limit && budget > 0) {
      ArrayList<StagedFire> bucket = ring[(int) (dispatchCursor & (RING - 1))];
      while (dispatchIndex < bucket.size() && budget > 0) {
        dispatch(bucket.get(dispatchIndex++), nowSecond);
        budget--;
      }
      if (dispatchIndex < bucket.size()) {
        break;
      }
      bucket.clear();
      dispatchIndex = 0;
      dispatchCursor++;
    }
    return budget;
  }

  /** Claims answered: {@code claimedIds} are the execution ids this process now owns. */
  public void onClaimResult(List<Fire> fires, Set<UUID> claimedIds) {
    for (Fire fire : fires) {
      StagedFire staged = claimsInFlight.remove(fire.executionId());
      if (staged == null) {
        continue;
      }
      staged.claim = claimedIds.contains(fire.executionId()) ? StagedFire.Claim.CLAIMED : StagedFire.Claim.LOST;
      if (staged.claim == StagedFire.Claim.CLAIMED && staged.cancelled) {
        output.notSent(staged.fire, ExecutionStatus.SKIPPED, "job changed before its second came");
      } else if (staged.claim == StagedFire.Claim.CLAIMED && staged.due) {
        output.fire(staged.fire);
      }
    }
  }

  public void onClaimFailure(List<Fire> fires, Throwable error) {
    for (Fire fire : fires) {
      StagedFire staged = claimsInFlight.remove(fire.executionId());
      if (staged == null) {
        continue;
      }
      staged.claim = StagedFire.Claim.FAILED;
      staged.claimError = "claim failed: " + error.getMessage();
      if (staged.due && !staged.cancelled) {
        output.notSent(staged.fire, ExecutionStatus.SKIPPED, staged.claimError);
      }
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
    Fire fire = new Fire(UuidV7.next(epochSecond * 1000), entry.job, epochSecond * 1000, Trigger.SCHEDULED);
    StagedFire staged = new StagedFire(fire, StagedFire.Claim.NONE);
    requireClaimIfAtMostOnce(staged);
    entry.staged.addLast(staged);
    ring[(int) (epochSecond & (RING - 1))].add(staged);
  }

  private void requireClaimIfAtMostOnce(StagedFire staged) {
    if (staged.fire.job().executionType() == ExecutionType.AT_MOST_ONCE && staged.claim == StagedFire.Claim.NONE) {
      staged.claim = StagedFire.Claim.PENDING;
      claimsInFlight.put(staged.fire.executionId(), staged);
      claimBatch.add(staged.fire);
    }
  }

  private void flushClaims() {
    if (!claimBatch.isEmpty()) {
      List<Fire> batch = List.copyOf(claimBatch);
      claimBatch.clear();
      output.claim(batch);
    }
  }

  private void dispatch(StagedFire staged, long nowSecond) {
    JobEntry owner = jobs.get(staged.fire.job().id());
    if (owner != null && owner.staged.peekFirst() == staged) {
      owner.staged.pollFirst();
    } else if (owner != null) {
      owner.staged.remove(staged);
    }
    if (staged.cancelled) {
      return;
    }
    long lateSeconds = nowSecond - staged.epochSecond();
    if (lateSeconds > LATE_FIRE_LIMIT_SECONDS && staged.claim != StagedFire.Claim.LOST) {
      output.notSent(staged.fire, ExecutionStatus.MISSED, "engine was " + lateSeconds + " s late");
      claimsInFlight.remove(staged.fire.executionId());
      return;
    }
    switch (staged.claim) {
      case NONE, CLAIMED -> output.fire(staged.fire);
      case PENDING -> staged.due = true;
      case FAILED -> output.notSent(staged.fire, ExecutionStatus.SKIPPED, staged.claimError);
      case LOST -> {}
    }
  }

  /** Keeps each staged fire the new definition still fires at, with that definition; cancels the rest. */
  private void replanStaged(JobEntry entry) {
    var it = entry.staged.iterator();
    while (it.hasNext()) {
      StagedFire staged = it.next();
      if (entry.firesAt(staged.epochSecond())) {
        staged.fire = staged.fire.withJob(entry.job);
        requireClaimIfAtMostOnce(staged);
      } else {
        cancel(staged, "job rescheduled");
        it.remove();
      }
    }
    flushClaims();
  }

  private void cancelStaged(ArrayDeque<StagedFire> staged, String reason) {
    for (StagedFire fire : staged) {
      cancel(fire, reason);
    }
    staged.clear();
  }

  private void cancel(StagedFire staged, String reason) {
    staged.cancelled = true;
    if (staged.claim == StagedFire.Claim.CLAIMED) {
      output.notSent(staged.fire, ExecutionStatus.SKIPPED, reason + " before its second came");
    }
  }

  private static boolean isStaged(JobEntry entry, long epochSecond) {
    for (StagedFire staged : entry.staged) {
      if (staged.epochSecond() == epochSecond) {
        return true;
      }
    }
    return false;
  }
}
