package io.cronwheel.wheel;

import io.cronwheel.cron.CronSchedule;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Trigger;
import io.cronwheel.time.UuidV7;
import java.util.ArrayDeque;

/**
 * The seconds that passed while no engine ran the partition, replayed through each job's misfire
 * policy after start-up, at a bounded rate, beside the live seconds rather than before them: a
 * restart after an hour with ten thousand every-second jobs would otherwise send ten thousand
 * catch-up fires and write a million missed records ahead of the current second.
 *
 * <p>One entry per job with downtime to replay, walked round-robin a few seconds at a time. Each
 * second the job would have fired at is skipped if recovery already accounts for it (a row exists,
 * or its unfinished execution is settled), else judged by {@link Misfires}: fired (catch-up), or
 * recorded as {@code MISSED}, or only counted. Cost: one next-fire computation per second the job
 * would have fired at, within the recovery horizon.
 *
 * <p>Not thread-safe: one partition's loop.
 */
final class DowntimeReplay {
  /** Seconds of one job replayed per visit before the next job gets its turn. */
  private static final int SECONDS_PER_VISIT = 16;

  private static final class Entry {
    final JobEntry job;
    final long lastSecond;
    long cursor;

    Entry(JobEntry job, long fromSecond, long lastSecond) {
      this.job = job;
      this.lastSecond = lastSecond;
      this.cursor = fromSecond - 1;
    }
  }

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final RecoveryPlan recovery;
  private final Misfires misfires;
  private final PartitionScheduler.Output output;
  private final FireStarter starter;

  /** Sends a catch-up fire through its job's overlap policy. */
  @FunctionalInterface
  interface FireStarter {
    void start(Fire fire, JobEntry owner);
  }

  DowntimeReplay(
      RecoveryPlan recovery,
      Misfires misfires,
      PartitionScheduler.Output output,
      FireStarter starter) {
    this.recovery = recovery;
    this.misfires = misfires;
    this.output = output;
    this.starter = starter;
  }

  /** Whether downtime is still to be replayed (the progress mark must not pass it meanwhile). */
  boolean pending() {
    return !entries.isEmpty();
  }

  int jobsPending() {
    return entries.size();
  }

  /** Queues the seconds {@code [fromSecond, lastSecond]} of a job for replay. */
  void add(JobEntry job, long fromSecond, long lastSecond) {
    if (fromSecond <= lastSecond) {
      entries.addLast(new Entry(job, fromSecond, lastSecond));
    }
  }

  /**
   * Replays up to {@code budget} fires and missed records (and at most ten times as many seconds in
   * all), round-robin over the jobs.
   *
   * @return the budget used
   */
  int run(int budget, long nowSecond) {
    int used = 0;
    int steps = budget * 10;
    while (used < budget && steps > 0 && !entries.isEmpty()) {
      Entry entry = entries.pollFirst();
      int visit = 0;
      boolean done = false;
      while (visit < SECONDS_PER_VISIT && used < budget && steps-- > 0) {
        long second = entry.job.schedule.nextFireAfter(entry.cursor);
        if (second == CronSchedule.NO_NEXT || second > entry.lastSecond) {
          done = true;
          break;
        }
        entry.cursor = second;
        visit++;
        used += replay(entry, second, nowSecond) ? 1 : 0;
      }
      if (!done) {
        entries.addLast(entry);
      }
    }
    return used;
  }

  /** Drops the job's replay (it changed or went away: its new definition fires live only). */
  void remove(JobEntry job) {
    entries.removeIf(e -> e.job.job.id().equals(job.job.id()));
  }

  /** Returns whether it produced a fire or a record. */
  private boolean replay(Entry entry, long second, long nowSecond) {
    JobEntry job = entry.job;
    if (recovery.settledElsewhere(job.job.id(), second)) {
      return false;
    }
    long next = job.schedule.nextFireAfter(second);
    Misfires.Verdict verdict = misfires.judgeReplay(job.job, job.runtime, second, next, nowSecond);
    Fire fire = new Fire(UuidV7.next(second * 1000), job.job, second * 1000, Trigger.SCHEDULED);
    switch (verdict) {
      case FIRE -> starter.start(fire, job);
      case RECORD_MISSED ->
          output.notSent(fire, ExecutionStatus.MISSED, "no engine was running at this second");
      case COUNT_MISSED -> {
        return false;
      }
    }
    return true;
  }
}
