package io.cronwheel.wheel;

import io.cronwheel.cron.CronSchedule;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import java.util.List;
import java.util.UUID;

/**
 * Decides what becomes of a staged fire when its second comes, and when its claim is answered: sent
 * (through its job's overlap policy), held for its claim (at-most-once only), skipped, or handed to
 * the {@link Misfires} rules. At-least-once fires never wait for their claim; one sent before its
 * claim is confirmed holds the progress mark until it is final ({@link ProgressHolds}), and so does
 * every fire queued behind a running execution. An at-most-once fire is sent only if its claim is
 * confirmed by {@link #AT_MOST_ONCE_CLAIM_GRACE_MS} after its second: never late.
 *
 * <p>Not thread-safe: one partition's loop.
 */
final class FireGate {
  /**
   * How late after its second an at-most-once claim may still be confirmed for the fire to go.
   * Claims are asked for well ahead and time out before their second; this bounds a late answer.
   */
  static final long AT_MOST_ONCE_CLAIM_GRACE_MS = 500;

  private final Misfires misfires;
  private final ClaimLedger claims;
  private final ProgressHolds holds;
  private final PartitionScheduler.Output output;

  FireGate(
      Misfires misfires,
      ClaimLedger claims,
      ProgressHolds holds,
      PartitionScheduler.Output output) {
    this.misfires = misfires;
    this.claims = claims;
    this.holds = holds;
    this.output = output;
  }

  /**
   * The fire's second has come.
   *
   * @param owner the job's entry, or null if the job is no longer scheduled here
   */
  void due(StagedFire staged, JobEntry owner, long nowSecond) {
    if (staged.cancelled) {
      return;
    }
    if (staged.misfired || misfires.isLate(staged.epochSecond(), nowSecond)) {
      misfire(staged, owner, nowSecond);
      return;
    }
    boolean atMostOnce = staged.fire.job().executionType() == ExecutionType.AT_MOST_ONCE;
    switch (staged.claim) {
      case CLAIMED -> start(staged.fire, owner, true);
      case NONE -> start(staged.fire, owner, false);
      case PENDING -> {
        if (atMostOnce) {
          staged.due = true;
        } else {
          start(staged.fire, owner, false);
        }
      }
      case FAILED -> {
        if (atMostOnce) {
          output.notSent(staged.fire, ExecutionStatus.SKIPPED, staged.claimError);
        } else {
          start(staged.fire, owner, false);
        }
      }
      case LOST -> {}
    }
  }

  /**
   * The fire's claim was won. A fire waiting for it goes now; a cancelled one is released (on
   * shutdown, so a later run decides it) or recorded as skipped.
   */
  void claimed(
      StagedFire staged,
      JobEntry owner,
      boolean releasing,
      List<Fire> release,
      long nowEpochMillis) {
    long lateMs = nowEpochMillis - staged.fire.scheduledAtMillis();
    if (staged.cancelled && releasing) {
      release.add(staged.fire);
    } else if (staged.cancelled || (staged.due && owner == null)) {
      output.notSent(staged.fire, ExecutionStatus.SKIPPED, "job changed before its second came");
    } else if (staged.due && lateMs > AT_MOST_ONCE_CLAIM_GRACE_MS) {
      output.notSent(
          staged.fire,
          ExecutionStatus.SKIPPED,
          "its claim was confirmed "
              + lateMs
              + " ms after its second, and an at-most-once second is never sent late");
    } else if (staged.due) {
      start(staged.fire, owner, true);
    }
  }

  /** The fire's claim failed: an at-most-once fire already due is not sent. */
  void claimFailed(StagedFire staged) {
    if (staged.due && !staged.cancelled) {
      output.notSent(staged.fire, ExecutionStatus.SKIPPED, staged.claimError);
    }
  }

  /** A scheduled execution of this job reached its final state: a queued overlap fire may go. */
  void completed(JobEntry owner, UUID executionId) {
    Fire next = owner.runtime.finished(executionId);
    if (next != null) {
      output.fire(next.withJob(owner.job)); // still held: it was queued
    }
  }

  /** A catch-up fire of the downtime replay: it has no claim, so it holds the mark until final. */
  void startUnanchored(Fire fire, JobEntry owner) {
    start(fire, owner, false);
  }

  private void misfire(StagedFire staged, JobEntry owner, long nowSecond) {
    long second = staged.epochSecond();
    long next = owner == null ? CronSchedule.NO_NEXT : owner.schedule.nextFireAfter(second);
    claims.forget(staged.fire.executionId());
    Misfires.Verdict verdict =
        misfires.judge(
            staged.fire.job(), owner == null ? null : owner.runtime, second, next, nowSecond);
    switch (verdict) {
      case FIRE -> start(staged.fire, owner, false);
      case RECORD_MISSED ->
          output.notSent(staged.fire, ExecutionStatus.MISSED, misfires.reason(second, nowSecond));
      case COUNT_MISSED -> {}
    }
  }

  /**
   * Sends a fire now, unless the job's overlap policy holds it back.
   *
   * @param anchored whether the fire has a confirmed claim row a restart would find
   */
  private void start(Fire fire, JobEntry owner, boolean anchored) {
    JobRuntime.Admission admission =
        owner == null
            ? JobRuntime.Admission.FIRE
            : owner.runtime.admit(fire, owner.job.spec().overlapPolicy());
    if (admission == JobRuntime.Admission.QUEUED
        || (admission == JobRuntime.Admission.FIRE && !anchored)) {
      holds.hold(fire.executionId(), Math.floorDiv(fire.scheduledAtMillis(), 1000));
    }
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
}
