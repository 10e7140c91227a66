package io.cronwheel.wheel;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Job;

/**
 * Decides what happens to a misfired second: one that passed while no engine ran the partition
 * (before the recovery boundary), or that the engine reached more than the misfire threshold late.
 *
 * <p>At-most-once jobs never catch up. At-least-once jobs follow their policy: {@code SKIP} records
 * every missed second; {@code FIRE_ALL} fires those within the catch-up window; {@code FIRE_ONCE}
 * fires only the last misfired second of the episode, recognisable because the job's next fire
 * after it is no longer misfired. Missed seconds are recorded up to {@link #MAX_MISSED_RECORDS} per
 * job and episode, and counted beyond that.
 *
 * <p>Not thread-safe: one partition's loop.
 */
final class Misfires {
  /** Missed seconds recorded per job and misfire episode; further ones are only counted. */
  static final int MAX_MISSED_RECORDS = 100;

  /** What becomes of one misfired second. */
  enum Verdict {
    FIRE,
    RECORD_MISSED,
    COUNT_MISSED
  }

  private final long recoveryBoundary;
  private final long thresholdSeconds;
  private long missedUnrecorded;

  Misfires(long recoveryBoundary, long thresholdSeconds) {
    this.recoveryBoundary = recoveryBoundary;
    this.thresholdSeconds = thresholdSeconds;
  }

  boolean isMisfire(long epochSecond, long nowSecond) {
    return epochSecond < recoveryBoundary || isLate(epochSecond, nowSecond);
  }

  /** Reached more than the threshold after its second. */
  boolean isLate(long epochSecond, long nowSecond) {
    return nowSecond - epochSecond > thresholdSeconds;
  }

  /**
   * @param job the job's definition at staging, or null if it is no longer scheduled here
   * @param runtime the job's runtime state, or null if it is no longer scheduled here
   * @param nextFire the job's next fire after {@code epochSecond}
   */
  Verdict judge(Job job, JobRuntime runtime, long epochSecond, long nextFire, long nowSecond) {
    return judge(
        job,
        runtime,
        epochSecond,
        nextFire,
        Math.max(recoveryBoundary - 1, nowSecond - thresholdSeconds - 1),
        nowSecond);
  }

  /**
   * The same for a second of the downtime replayed after start-up: the episode ends at the recovery
   * boundary, however long the replay itself takes.
   */
  Verdict judgeReplay(
      Job job, JobRuntime runtime, long epochSecond, long nextFire, long nowSecond) {
    return judge(job, runtime, epochSecond, nextFire, recoveryBoundary - 1, nowSecond);
  }

  private Verdict judge(
      Job job, JobRuntime runtime, long epochSecond, long nextFire, long edge, long nowSecond) {
    if (runtime == null) {
      return Verdict.RECORD_MISSED;
    }
    if (shouldFire(job, epochSecond, nextFire, edge, nowSecond)) {
      return Verdict.FIRE;
    }
    if (runtime.missedRecorded >= MAX_MISSED_RECORDS) {
      missedUnrecorded++;
      return Verdict.COUNT_MISSED;
    }
    runtime.missedRecorded++;
    return Verdict.RECORD_MISSED;
  }

  /** Why a second recorded as missed was not fired. */
  String reason(long epochSecond, long nowSecond) {
    return epochSecond < recoveryBoundary
        ? "no engine was running at this second"
        : "the engine reached this second " + (nowSecond - epochSecond) + " s late";
  }

  /**
   * Missed seconds beyond {@link #MAX_MISSED_RECORDS} per job that were counted but not recorded.
   */
  long missedUnrecorded() {
    return missedUnrecorded;
  }

  /**
   * @param nextFire the job's next fire after {@code epochSecond}
   * @param misfireEdge the latest second that still counts as misfired now
   */
  static boolean shouldFire(
      Job job, long epochSecond, long nextFire, long misfireEdge, long nowSecond) {
    if (job.executionType() == ExecutionType.AT_MOST_ONCE) {
      return false;
    }
    return switch (job.spec().misfirePolicy()) {
      case SKIP -> false;
      case FIRE_ALL -> nowSecond - epochSecond <= job.spec().catchUpWindow().toSeconds();
      case FIRE_ONCE -> nextFire > misfireEdge;
    };
  }
}
