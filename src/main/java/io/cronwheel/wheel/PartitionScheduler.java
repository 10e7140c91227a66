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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The scheduling state of one partition: its jobs, its {@link TimingWheel}, and the fires staged
 * for the next few seconds.
 *
 * <p>Each call to {@link #runDue} first advances the wheel to {@code now + lookahead}, turning due
 * wheel entries into staged fires and asking, in one batch, for a durable claim on each staged
 * second; then it hands out the staged fires whose second has come. At-most-once fires wait for
 * their claim; at-least-once fires do not (their claim only lets a restarted engine find them
 * again). Staging ahead is what lets a claim be made before its second without adding a round trip
 * to the fire.
 *
 * <p>Seconds that passed while the engine was down (before {@code recoveryBoundary}) or that are
 * reached more than the misfire threshold late are misfires: they are never claimed, and {@link
 * Misfires} decides per job whether they fire or are recorded as missed. A job change re-plans its
 * staged fires at once: kept (with the new definition) where the new schedule still fires at that
 * second, cancelled otherwise.
 *
 * <p>Passive and single-threaded: it never reads a clock and is used only from its partition's
 * event loop.
 */
public final class PartitionScheduler {
  /** Missed seconds recorded per job and misfire episode; further ones are only counted. */
  public static final int MAX_MISSED_RECORDS = 100;

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

  /**
   * @param misfireThresholdSeconds how late a second may be reached and still fire normally
   */
  public record Settings(int wheelSlots, int lookaheadSeconds, long misfireThresholdSeconds) {}

  private record Key(UUID jobId, long epochSecond) {}

  private static final int RING = 16;

  private final TimingWheel wheel;
  private final Settings settings;
  private final long recoveryBoundary;
  private final Output output;
  private final Map<UUID, JobEntry> jobs = new HashMap<>();
  private final Map<UUID, StagedFire> claimsInFlight = new HashMap<>();
  private final Map<Key, UUID> adoptedClaims = new HashMap<>();
  private final Set<Key> recoveredElsewhere = new HashSet<>();

  @SuppressWarnings("unchecked")
  private final ArrayList<StagedFire>[] ring = new ArrayList[RING];

  private final List<Fire> claimBatch = new ArrayList<>();
  private final TimingWheel.FireSink stager = this::stage;
  private long dispatchCursor;
  private int dispatchIndex;
  private long nowSecond;
  private long missedUnrecorded;
  private boolean releasing;

  /**
   * @param startEpochSecond the first second this partition hands out
   * @param recoveryBoundary seconds before this one passed while no engine ran the partition
   */
  public PartitionScheduler(
      Settings settings, long startEpochSecond, long recoveryBoundary, Output output) {
    if (settings.lookaheadSeconds() < 0 || settings.lookaheadSeconds() > RING - 2) {
      throw new IllegalArgumentException("lookahead must be 0.." + (RING - 2) + " seconds");
    }
    this.settings = settings;
    this.wheel = new TimingWheel(settings.wheelSlots(), startEpochSecond);
    this.recoveryBoundary = recoveryBoundary;
    this.output = output;
    this.dispatchCursor = startEpochSecond;
    this.nowSecond = startEpochSecond - 1;
    for (int i = 0; i < RING; i++) {
      ring[i] = new ArrayList<>();
    }
  }

  public int jobCount() {
    return jobs.size();
  }

  /** Every second up to this one has been handed out. */
  public long dispatchedThrough() {
    return dispatchCursor - 1;
  }

  /** Whether claims were asked for and not yet answered. */
  public boolean claimsPending() {
    return !claimsInFlight.isEmpty();
  }

  /**
   * Missed seconds beyond {@link #MAX_MISSED_RECORDS} per job that were counted but not recorded.
   */
  public long missedUnrecorded() {
    return missedUnrecorded;
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
   * A claim an earlier run made on a second still ahead: fire it under that execution id, without a
   * new claim.
   */
  public void adoptClaim(UUID executionId, UUID jobId, long epochSecond) {
    adoptedClaims.put(new Key(jobId, epochSecond), executionId);
  }

  /** A past second whose execution recovery settles itself: the replay of the downtime skips it. */
  public void recoveredElsewhere(UUID jobId, long epochSecond) {
    recoveredElsewhere.add(new Key(jobId, epochSecond));
  }

  /** The job's current definition, if it is scheduled in this partition. */
  public Job job(UUID jobId) {
    JobEntry entry = jobs.get(jobId);
    return entry == null ? null : entry.job;
  }

  /**
   * Adds, replaces or (when it is not scheduled) removes a job. It fires from the first second
   * after {@code fromSecond} (the current second for a change through the API; the last handed-out
   * second for the start-up load, so the downtime is replayed). Fires already staged are kept only
   * where the new definition fires at that second.
   */
  public void upsert(Job job, long fromSecond) {
    nowSecond = Math.max(nowSecond, fromSecond);
    JobEntry old = jobs.remove(job.id());
    JobRuntime runtime = old == null ? new JobRuntime() : old.runtime;
    if (old != null) {
      wheel.cancel(old);
    }
    if (!job.isScheduled()) {
      cancelAll(runtime, job.deletedAt() != null ? "job deleted" : "job paused");
      return;
    }
    JobEntry entry =
        new JobEntry(job, CronSchedules.parse(job.schedule(), job.timezone()), runtime);
    replanStaged(entry);
    long stagedUpTo = wheel.cursor() - 1;
    long second = Math.max(fromSecond + 1, dispatchCursor) - 1;
    while ((second = entry.schedule.nextFireAfter(second)) <= stagedUpTo) {
      if (!isStaged(runtime, second)) {
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
      cancelAll(old.runtime, "job removed from this partition");
    }
  }

  /**
   * On shutdown: drops every staged fire and releases the claims made for them; none of them was
   * sent.
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

  private boolean run(long nowEpochMillis, int budget, int lookaheadSeconds) {
    nowSecond = Math.floorDiv(nowEpochMillis, 1000);
    long stageTarget = nowSecond + lookaheadSeconds;
    while (budget > 0 && (wheel.cursor() <= stageTarget || dispatchCursor <= nowSecond)) {
      // Fires already staged for this second go out first: staging is not on their critical path.
      budget = dispatchUpTo(budget);
      // The ring holds RING seconds: never stage further ahead of the dispatcher than that.
      long horizon = Math.min(stageTarget, dispatchCursor + RING - 1);
      budget = wheel.advanceTo(horizon, stager, budget);
      flushClaims();
      budget = dispatchUpTo(budget);
    }
    return budget == 0;
  }

  /** Claims answered: {@code claimedIds} are the execution ids this process now owns. */
  public void onClaimResult(List<Fire> fires, Set<UUID> claimedIds) {
    List<Fire> release = new ArrayList<>();
    for (Fire fire : fires) {
      StagedFire staged = claimsInFlight.remove(fire.executionId());
      if (staged == null) {
        continue;
      }
      staged.claim =
          claimedIds.contains(fire.executionId())
              ? StagedFire.Claim.CLAIMED
              : StagedFire.Claim.LOST;
      if (staged.claim != StagedFire.Claim.CLAIMED) {
        continue;
      }
      JobEntry owner = jobs.get(fire.job().id());
      if (staged.cancelled && releasing) {
        release.add(staged.fire);
      } else if (staged.cancelled || (staged.due && owner == null)) {
        output.notSent(staged.fire, ExecutionStatus.SKIPPED, "job changed before its second came");
      } else if (staged.due) {
        start(staged.fire, owner);
      }
    }
    if (!release.isEmpty()) {
      output.release(release);
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

  /** A scheduled execution reached its final state: lets a queued overlap fire go. */
  public void onCompleted(UUID jobId, Trigger trigger) {
    if (trigger != Trigger.SCHEDULED) {
      return;
    }
    JobEntry owner = jobs.get(jobId);
    if (owner == null) {
      return;
    }
    Fire next = owner.runtime.finished();
    if (next != null) {
      output.fire(next.withJob(owner.job));
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
    Key key =
        adoptedClaims.isEmpty() && recoveredElsewhere.isEmpty()
            ? null
            : new Key(entry.job.id(), epochSecond);
    if (key != null && recoveredElsewhere.remove(key)) {
      return;
    }
    UUID adopted = key == null ? null : adoptedClaims.remove(key);
    boolean misfired = isMisfire(epochSecond);
    UUID executionId = adopted != null ? adopted : UuidV7.next(epochSecond * 1000);
    Fire fire = new Fire(executionId, entry.job, epochSecond * 1000, Trigger.SCHEDULED);
    StagedFire staged =
        new StagedFire(
            fire, adopted != null ? StagedFire.Claim.CLAIMED : StagedFire.Claim.NONE, misfired);
    requireClaim(staged);
    entry.runtime.stage(staged);
    ring[(int) (epochSecond & (RING - 1))].add(staged);
  }

  private boolean isMisfire(long epochSecond) {
    return epochSecond < recoveryBoundary
        || nowSecond - epochSecond > settings.misfireThresholdSeconds();
  }

  private void requireClaim(StagedFire staged) {
    if (staged.claim == StagedFire.Claim.NONE && !staged.misfired) {
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

  /**
   * Hands out staged fires up to the current second, but never past what the wheel has fully
   * staged.
   */
  private int dispatchUpTo(int budget) {
    long limit = Math.min(nowSecond, wheel.cursor() - 1);
    while (dispatchCursor <= limit && budget > 0) {
      ArrayList<StagedFire> bucket = ring[(int) (dispatchCursor & (RING - 1))];
      while (dispatchIndex < bucket.size() && budget > 0) {
        dispatch(bucket.get(dispatchIndex++));
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

  private void dispatch(StagedFire staged) {
    JobEntry owner = jobs.get(staged.fire.job().id());
    if (owner != null && !owner.runtime.unstage(staged)) {
      owner = null; // staged under a job that has since been removed and re-added
    }
    if (staged.cancelled) {
      return;
    }
    if (staged.misfired || nowSecond - staged.epochSecond() > settings.misfireThresholdSeconds()) {
      misfire(staged, owner);
      return;
    }
    switch (staged.claim) {
      case NONE, CLAIMED -> start(staged.fire, owner);
      case PENDING -> {
        if (staged.atMostOnce()) {
          staged.due = true;
        } else {
          start(staged.fire, owner);
        }
      }
      case FAILED -> {
        if (staged.atMostOnce()) {
          output.notSent(staged.fire, ExecutionStatus.SKIPPED, staged.claimError);
        } else {
          start(staged.fire, owner);
        }
      }
      case LOST -> {}
    }
  }

  private void misfire(StagedFire staged, JobEntry owner) {
    long second = staged.epochSecond();
    long edge = Math.max(recoveryBoundary - 1, nowSecond - settings.misfireThresholdSeconds() - 1);
    long next = owner == null ? CronSchedule.NO_NEXT : owner.schedule.nextFireAfter(second);
    claimsInFlight.remove(staged.fire.executionId());
    if (owner != null && Misfires.shouldFire(staged.fire.job(), second, next, edge, nowSecond)) {
      start(staged.fire, owner);
      return;
    }
    if (owner != null && owner.runtime.missedRecorded >= MAX_MISSED_RECORDS) {
      missedUnrecorded++;
      return;
    }
    if (owner != null) {
      owner.runtime.missedRecorded++;
    }
    String reason =
        second < recoveryBoundary
            ? "no engine was running at this second"
            : "the engine reached this second " + (nowSecond - second) + " s late";
    output.notSent(staged.fire, ExecutionStatus.MISSED, reason);
  }

  /** Sends a fire now, unless the job's overlap policy holds it back. */
  private void start(Fire fire, JobEntry owner) {
    JobRuntime.Admission admission =
        owner == null
            ? JobRuntime.Admission.FIRE
            : owner.runtime.admit(fire, owner.job.spec().overlapPolicy());
    switch (admission) {
      case FIRE -> output.fire(fire);
      case SKIP ->
          output.notSent(fire, ExecutionStatus.SKIPPED, "the previous execution was still running");
      case QUEUE_FULL ->
          output.notSent(
              fire, ExecutionStatus.SKIPPED, "too many executions queued behind a running one");
      case QUEUED -> {}
    }
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
        requireClaim(staged);
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

  private static boolean isStaged(JobRuntime runtime, long epochSecond) {
    for (StagedFire staged : runtime.staged()) {
      if (staged.epochSecond() == epochSecond) {
        return true;
      }
    }
    return false;
  }
}
